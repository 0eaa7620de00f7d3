/**
 * Helpers of the peers tier (npm run test:peers): start a peer with scripts/peers/peers.ts, run the CLI against it
 * (the real specs/, the s3 profile, SigV4, path-style) and read the run back. Every peer is stopped by its PID in
 * afterAll, also when a test fails.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeerLauncher, RunningPeer } from '../../scripts/peers/peers.ts';
import { startCli } from '../cli/spawn-cli.ts';

export interface PeerRun {
  code: number | null;
  out: string;
  stdout: string;
  stderr: string;
  wallMs: number;
  results?: {
    checks: Array<{
      checkId: string;
      outcome: string;
      message: string;
      evidence: Array<{
        request: { method: string; query: Record<string, string> };
        response?: { status: number; error?: { code?: string } };
        transportError?: { code: string };
      }>;
    }>;
    gate: { exitCode: number; expectedFailures: string[]; newFailures: string[]; reasons: string[] };
  };
}

/** checkId → verdict, sorted by check id (spec files run in an order vitest picks from past durations). */
export function sortedVerdicts(run: PeerRun): Array<[string, string]> {
  return [...verdicts(run)].sort(([a], [b]) => a.localeCompare(b));
}

/** The verdict of each check of a run (worst entry first, as the gate reads them). */
export function verdicts(run: PeerRun): Map<string, string> {
  const rank: Record<string, number> = { fail: 0, error: 1, indeterminate: 2, pass: 3, skip: 4 };
  const m = new Map<string, string>();
  for (const c of run.results?.checks ?? []) {
    const prev = m.get(c.checkId);
    if (prev === undefined || rank[c.outcome]! < rank[prev]!) m.set(c.checkId, c.outcome);
  }
  return m;
}

export function workDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `cos-conformance-peer-${name}-`));
}

/** Runs the suite against a started peer (or the embedded server when `peer` is undefined). */
export async function runAgainst(
  peer: RunningPeer | undefined,
  out: string,
  extra: string[],
  timeoutMs = 600_000,
): Promise<PeerRun> {
  const args = [
    'run',
    '--profile',
    's3',
    '--signer',
    'sigv4',
    '--addressing',
    'path',
    '--out',
    out,
    ...extra,
  ];
  if (peer) {
    args.push('--endpoint', peer.endpoint, '--bucket', 'cos-conformance-peers', '--region', peer.region);
    args.push('--create-bucket', '--label', peer.id);
  } else {
    args.push('--embedded');
  }
  const env: NodeJS.ProcessEnv = { COS_CONFORMANCE_INCLUDE: '' };
  if (peer) {
    env.AWS_ACCESS_KEY_ID = peer.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = peer.secretAccessKey;
  }
  const started = Date.now();
  const { child, done } = startCli(args, env);
  const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
  const r = await done;
  clearTimeout(timer);
  const file = join(out, 'results.json');
  return {
    code: r.code,
    out,
    stdout: r.stdout,
    stderr: r.stderr,
    wallMs: Date.now() - started,
    ...(existsSync(file) ? { results: JSON.parse(readFileSync(file, 'utf8')) } : {}),
  };
}

/** Starts a peer, or says why it cannot (the test is then skipped with a note, except under CI). */
export function availability(launcher: PeerLauncher): { ok: boolean; note?: string } {
  const missing = launcher.unavailable();
  if (!missing) return { ok: true };
  if (process.env.CI) return { ok: true }; // under CI the tier must run: let start() fail loudly
  console.warn(`peers tier: ${launcher.id} skipped: ${missing}`);
  return { ok: false, note: missing };
}
