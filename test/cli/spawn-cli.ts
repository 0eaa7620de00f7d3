/** Runs bin/cos-conformance.mjs as a child process against the fixture suite (test/cli/fixtures/specs). */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/runner/run-suite.ts';
import { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/index.ts';

export const BIN = join(PROJECT_ROOT, 'bin', 'cos-conformance.mjs');
export const FIXTURE_INCLUDE = 'test/cli/fixtures/specs/**/*.spec.ts';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a child: no inherited credentials or targets, plain progress lines, and the fixture suite
 * unless `extra.COS_CONFORMANCE_INCLUDE` is '' (then the real specs/ run).
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(COS_|AWS_|GITHUB_|VITEST)/.test(k)) continue;
    env[k] = v;
  }
  const out: NodeJS.ProcessEnv = { ...env, CI: '1', COS_CONFORMANCE_INCLUDE: FIXTURE_INCLUDE, ...extra };
  if (out.COS_CONFORMANCE_INCLUDE === '') delete out.COS_CONFORMANCE_INCLUDE;
  return out;
}

export function startCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = PROJECT_ROOT,
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  Object.defineProperty(done, 'stdout', { get: () => stdout });
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<CliRun> {
  return startCli(args, env, cwd).done;
}

/** `run` against a reference server on `url`: its default bucket and region, path-style addressing. */
export function localRunArgs(url: string): string[] {
  return [
    'run',
    '--endpoint',
    url,
    '--bucket',
    DEFAULT_BUCKET,
    '--region',
    DEFAULT_REGION,
    '--addressing',
    'path',
  ];
}

/** The reference server's local key pair, as the environment a child CLI reads it from. */
export const LOCAL_KEYS_ENV: Readonly<NodeJS.ProcessEnv> = {
  COS_SECRET_ID: LOCAL_SECRET_ID,
  COS_SECRET_KEY: LOCAL_SECRET_KEY,
};
