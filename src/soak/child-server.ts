/**
 * The reference server as a child process (`cos-conformance serve --data-dir …`), so that the soak can kill it
 * with SIGKILL and start it again on the same port and directory, and read its resident memory from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../runner/run-suite.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'cos-conformance.mjs');

export interface ChildServerOptions {
  dataDir: string;
  /** Leave out `--data-dir` (the server keeps metadata in memory): the soak's self-test, which must see losses. */
  ephemeral?: boolean;
  /** `serve --headers-timeout` (ms); default the server's. */
  headersTimeoutMs?: number;
  /** `serve --idle-timeout` (ms); default the server's. */
  idleTimeoutMs?: number;
  /** Longest wait for the server to print its address (default 30 s). */
  startTimeoutMs?: number;
}

/** Resident set size of a process in bytes (Linux /proc), or undefined where it cannot be read. */
export function residentBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}

export class ChildServer {
  readonly #options: ChildServerOptions;
  #child: ChildProcess | undefined;
  #port = 0;
  #peakRss = 0;
  #sampler: NodeJS.Timeout | undefined;
  #output = '';
  /** How many times the server was started. */
  starts = 0;
  /** Milliseconds each restart took until the server listened again. */
  readonly restartMs: number[] = [];

  constructor(options: ChildServerOptions) {
    this.#options = options;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Highest resident set size seen across every incarnation, in bytes (0 when /proc is not readable). */
  get peakRssBytes(): number {
    return this.#peakRss;
  }

  /** The last lines the server printed (for a failure message). */
  get output(): string {
    return this.#output.slice(-4000);
  }

  /** Starts the server (the first time on a free port, afterwards on the same one) and waits until it listens. */
  async start(): Promise<void> {
    const args = [BIN, 'serve', '--port', String(this.#port)];
    if (!this.#options.ephemeral) args.push('--data-dir', this.#options.dataDir);
    if (this.#options.headersTimeoutMs !== undefined)
      args.push('--headers-timeout', String(this.#options.headersTimeoutMs));
    if (this.#options.idleTimeoutMs !== undefined)
      args.push('--idle-timeout', String(this.#options.idleTimeoutMs));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(COS_|AWS_)/.test(k)) env[k] = v;
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.starts++;
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not start in time:\n${this.output}`)),
        this.#options.startTimeoutMs ?? 30_000,
      );
      const onData = (chunk: Buffer): void => {
        this.#output += chunk.toString('utf8');
        const match = /listening on (http:\/\/\S+?) \(/.exec(this.#output.slice(-2000));
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.#output += chunk.toString('utf8');
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${this.output}`));
      });
    });
    this.#port = Number(new URL(url).port);
    this.#sample();
    clearInterval(this.#sampler);
    this.#sampler = setInterval(() => this.#sample(), 200);
  }

  /** SIGKILL: the server gets no chance to flush or clean anything. Resolves once it is gone. */
  async kill(): Promise<void> {
    await this.#stop('SIGKILL');
  }

  /** Kills the server and starts it again on the same port and directory; resolves when it listens. */
  async killAndRestart(): Promise<void> {
    await this.kill();
    const started = Date.now();
    await this.start();
    this.restartMs.push(Date.now() - started);
  }

  /** SIGTERM, the orderly stop. */
  async stop(): Promise<void> {
    await this.#stop('SIGTERM');
  }

  #sample(): void {
    const pid = this.#child?.pid;
    const rss = pid === undefined ? undefined : residentBytes(pid);
    if (rss !== undefined) this.#peakRss = Math.max(this.#peakRss, rss);
  }

  async #stop(signal: NodeJS.Signals): Promise<void> {
    clearInterval(this.#sampler);
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}
