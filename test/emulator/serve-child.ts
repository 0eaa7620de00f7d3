/**
 * `cos-conformance serve --port 0 --log-requests` as a child process, the way a team points its own tests at
 * it: resolves with its URL once it listens, and collects its request log (stderr) for the scenarios to count
 * what a client sent.
 */
import type { ChildProcess } from 'node:child_process';
import { startCli } from '../cli/spawn-cli.ts';

export interface ServeChild {
  url: string;
  port: number;
  child: ChildProcess;
  /** Request log lines so far: `METHOD /path STATUS [CODE] Nms rid=…`. */
  log(): string[];
  stop(): Promise<void>;
}

export async function startServeChild(extraArgs: string[] = []): Promise<ServeChild> {
  const { child, done } = startCli(['serve', '--port', '0', '--log-requests', ...extraArgs]);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.on('data', (d: string) => {
    stderr += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout}${stderr}`)), 30_000);
    const look = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', look);
    void done.then((run) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${run.code}: ${run.stdout}${run.stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    log: () => stderr.split('\n').filter((line) => /^[A-Z]+ \//.test(line)),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await done;
    },
  };
}
