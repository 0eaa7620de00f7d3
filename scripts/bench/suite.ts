/**
 * Workload 4, the suite: the wall time of the quick tier (`npm start`, i.e. `run --embedded`), and where it goes,
 * read from what the run leaves behind: its progress lines (time per family) and history.ndjson (when the first
 * request left, how long requests were in flight, when the last one ended).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../peers/peers.ts';
import { clientEnv } from './malloc-env.ts';

/** Wall time of one quick-tier run and its parts, in seconds. */
export interface SuiteRun {
  seconds: number;
  exitCode: number | null;
  /** CPU seconds of the run and all its children (user + system), when bash's `time` could measure them. */
  cpuSeconds?: number;
  /** Process start until the first request left (loading, vitest start-up, the embedded server). */
  startupSeconds: number;
  /** Time with at least one request in flight (waiting on the network and the server). */
  inFlightSeconds: number;
  /** Between the first and the last request with none in flight (generating bodies, judging, spec set-up). */
  betweenRequestsSeconds: number;
  /** Last answer until the process exited (reports, clean-up, vitest shut-down). */
  tailSeconds: number;
  requests: number;
  /** Seconds the progress lines give each check family (their sum, families run in sequence). */
  families: Record<string, number>;
}

interface Interval {
  start: number;
  end: number;
}

/** Total length of the union of intervals. */
export function unionLength(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = Number.NEGATIVE_INFINITY;
  let curEnd = Number.NEGATIVE_INFINITY;
  for (const { start, end } of sorted) {
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = start;
      curEnd = end;
    } else if (end > curEnd) curEnd = end;
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** Seconds per family from progress lines such as `  ✓ [5/15] complete complete.order.x pass (1.6 s)`. */
export function familySeconds(progress: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of progress.matchAll(/\[\d+\/\d+\]\s+(\S+)\s+\S+\s+\S+\s+\((\d+(?:\.\d+)?)\s*(ms|s)\)/g)) {
    const s = Number(m[2]) / (m[3] === 'ms' ? 1000 : 1);
    out[m[1]!] = Math.round(((out[m[1]!] ?? 0) + s) * 100) / 100;
  }
  return out;
}

/** Runs the quick tier once with `--seed 1` and breaks its wall time down. */
export async function runQuickTier(): Promise<SuiteRun> {
  const out = mkdtempSync(join(tmpdir(), 'cos-bench-run-'));
  try {
    const started = Date.now();
    const args = [join(ROOT, 'bin/cos-conformance.mjs'), 'run', '--embedded', '--out', out, '--seed', '1'];
    // bash's `time` counts the CPU of the run's children (vitest's forks) too, which Node cannot read back.
    const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('bash', ['-c', `TIMEFORMAT='CPU %U %S'; time ${quoted}`], {
      cwd: ROOT,
      env: { ...clientEnv(), CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exitCode = await new Promise<number | null>((res) => child.once('close', (code) => res(code)));
    const ended = Date.now();
    const cpu = /CPU (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)/.exec(stderr);
    const intervals: Interval[] = [];
    let history = '';
    try {
      history = readFileSync(join(out, 'history.ndjson'), 'utf8');
    } catch {
      /* a run that sent nothing */
    }
    for (const line of history.split('\n')) {
      if (line.trim() === '') continue;
      const ex = JSON.parse(line) as { startedAt: string; durationMs: number };
      const start = Date.parse(ex.startedAt);
      intervals.push({ start, end: start + ex.durationMs });
    }
    const first = Math.min(...intervals.map((i) => i.start));
    const last = Math.max(...intervals.map((i) => i.end));
    const inFlight = unionLength(intervals);
    const r2 = (ms: number) => Math.round(ms / 10) / 100;
    const run: SuiteRun = {
      seconds: r2(ended - started),
      exitCode,
      startupSeconds: intervals.length ? r2(first - started) : 0,
      inFlightSeconds: r2(inFlight),
      betweenRequestsSeconds: intervals.length ? r2(last - first - inFlight) : 0,
      tailSeconds: intervals.length ? r2(ended - last) : r2(ended - started),
      requests: intervals.length,
      families: familySeconds(stdout),
    };
    if (cpu) run.cpuSeconds = Math.round((Number(cpu[1]) + Number(cpu[2])) * 10) / 10;
    return run;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
