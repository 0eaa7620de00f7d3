/**
 * One run of the suite as a child process of the CLI (`bin/cos-conformance.mjs run --embedded`), optionally
 * against a mutant or a conformant variant, and its results.json. The child gets no credentials or targets from the environment, and
 * `COS_CONFORMANCE_INCLUDE` limits vitest to the spec files the selection needs (so it does not load the rest).
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResults } from '../../src/report/load-results.ts';
import type { Results } from '../../src/report/results-schema.ts';
import type { RunSettings } from './plan.ts';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'cos-conformance.mjs');

export interface SuiteRunOptions extends RunSettings {
  /** Mutant name; absent: the conformant server. */
  mutant?: string;
  /** Conformant variant name (`--variant`); absent: the default server. Never together with `mutant`. */
  variant?: string;
  /** `--only` check ids; absent: the whole suite. */
  only?: readonly string[];
  /** Spec files (relative to the root) vitest loads; absent: all of specs/. */
  specFiles?: readonly string[];
  seed: number;
  /** Report directory of the run (emptied first). */
  outDir: string;
  /** Kill the child after this long (default 10 minutes). */
  timeoutMs?: number;
}

export interface SuiteRun {
  args: string[];
  exitCode: number | null;
  /** Parsed results.json, when the run wrote one. */
  results?: Results;
  /** Why there are no results (the CLI's stderr tail, or the load error). */
  problem?: string;
  durationMs: number;
}

/** The child's environment: no inherited COS/AWS/GitHub/vitest variables, CI-style output. */
export function childEnv(specFiles: readonly string[] | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(COS_|AWS_|GITHUB_|VITEST)/.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  env.CI = '1';
  if (specFiles && specFiles.length > 0) env.COS_CONFORMANCE_INCLUDE = specFiles.join(',');
  return env;
}

/** The CLI arguments of a run. */
export function runArgs(o: SuiteRunOptions): string[] {
  const args = [
    'run',
    '--embedded',
    '--profile',
    o.profile,
    '--tier',
    o.tier,
    '--seed',
    String(o.seed),
    '--out',
    o.outDir,
  ];
  if (o.mutant !== undefined) args.push('--mutant', o.mutant);
  if (o.variant !== undefined) args.push('--variant', o.variant);
  if (o.only && o.only.length > 0) args.push('--only', o.only.join(','));
  return args;
}

/** Runs the suite once and reads its results.json. Never rejects on a failed run: see `problem`. */
export async function runSuiteCli(o: SuiteRunOptions): Promise<SuiteRun> {
  await rm(o.outDir, { recursive: true, force: true });
  const args = runArgs(o);
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: childEnv(o.specFiles),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 600_000);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      stderr += String(err);
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  clearTimeout(timer);
  const durationMs = Date.now() - started;
  try {
    const { results } = await loadResults(o.outDir);
    return { args, exitCode, results, durationMs };
  } catch (err) {
    const tail = stderr.trim().split('\n').slice(-5).join(' | ');
    return {
      args,
      exitCode,
      problem: `${(err as Error).message}${tail ? ` (stderr: ${tail})` : ''}`,
      durationMs,
    };
  }
}

/** Runs `tasks` with at most `width` at a time; results in task order. */
export async function inPool<T>(tasks: ReadonlyArray<() => Promise<T>>, width: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, tasks.length)) }, worker));
  return out;
}
