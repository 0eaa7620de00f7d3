/**
 * One survival run: the reference server, the fault proxy in front of it, and `cos-conformance run` as a child
 * process pointed at the proxy. The child is bounded: if it has not exited in time its process group is killed
 * and the run is reported as hung (the test then fails).
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AppliedFault,
  type FaultPlan,
  type FaultProxyStats,
  startFaultProxy,
} from '../../src/faults/index.ts';
import { PROJECT_ROOT } from '../../src/runner/run-suite.ts';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
} from '../../src/server/defaults.ts';
import { startServer } from '../../src/server/index.ts';
import { CLIENT_TIMEOUTS, SELECTION } from './cases.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'cos-conformance.mjs');

/**
 * How long one child may take before it counts as hung. A run takes 7–25 s alone and up to ~80 s on two loaded
 * cores; every fault is bounded well below this (client timeouts 2 s, proxy hold 15 s).
 */
export const CHILD_BOUND_MS = 180_000;

/** What one child run left behind. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The child was killed because it overran {@link CHILD_BOUND_MS}. */
  hung: boolean;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** A survival run's outputs: the child, its report directory, and what the proxy did. */
export interface SurvivalRun {
  child: ChildRun;
  out: string;
  stats: FaultProxyStats;
  /** The requests the proxy did not pass through untouched. */
  faulted: AppliedFault[];
}

/** The child's environment: nothing inherited that names a target, credentials or a parent vitest. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(COS_|AWS_|GITHUB_|VITEST|TINYPOOL)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    CI: '1',
    COS_SECRET_ID: LOCAL_SECRET_ID,
    COS_SECRET_KEY: LOCAL_SECRET_KEY,
    // Test hook of src/runner/run-suite.ts: collect only the spec file that holds the selected checks. `--only`
    // filters test names but vitest still collects all of specs/ (~40 s a run instead of ~7 s).
    COS_CONFORMANCE_INCLUDE: SELECTION.include,
  };
}

/** Spawns the CLI and waits for it, killing its process group after `boundMs`. */
export function runCliBounded(args: readonly string[], boundMs = CHILD_BOUND_MS): Promise<ChildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: PROJECT_ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }, boundMs);
  return new Promise<ChildRun>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, hung, stdout, stderr, wallMs: Math.round(performance.now() - started) });
    });
  });
}

/**
 * Starts the server and the proxy with `plan`, runs the basics checks through the proxy into `out`, and closes
 * both. The client timeouts come from a config file (the CLI has no timeout flag; `timeouts` in the file).
 */
export async function surviveThroughProxy(plan: FaultPlan, out: string): Promise<SurvivalRun> {
  await mkdir(out, { recursive: true });
  const configFile = `${out}.config.json`;
  await writeFile(configFile, JSON.stringify({ timeouts: CLIENT_TIMEOUTS }));
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  try {
    const proxy = await startFaultProxy({ upstream: server.url, plan });
    try {
      const child = await runCliBounded([
        'run',
        '--endpoint',
        proxy.url,
        '--bucket',
        DEFAULT_BUCKET,
        '--region',
        DEFAULT_REGION,
        '--addressing',
        'path',
        '--only',
        SELECTION.only,
        '--seed',
        '1',
        '--out',
        out,
        '--config',
        configFile,
      ]);
      const stats = proxy.stats();
      return { child, out, stats, faulted: stats.log.filter((e) => e.fault !== 'pass') };
    } finally {
      await proxy.close();
    }
  } finally {
    await server.close();
  }
}

/** Runs `tasks` with at most `limit` at once (each CLI run forks vitest workers: two cores go round). */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}
