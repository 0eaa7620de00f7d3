/**
 * Servers as separate processes, and the memory of a process read from /proc: the bench measures the harness
 * and the servers the way a user runs them, each in its own process, so neither pays for the other's work.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localTarget } from '../../src/server/local-target.ts';
import { DEFAULT_TIMEOUTS, type Target } from '../../src/target/types.ts';
import { freePort, ROOT, type RunningPeer, waitForPort } from '../peers/peers.ts';

const MIB = 1024 ** 2;

/** Timeouts long enough for a 5 GiB part on a slow shared machine. */
export const BENCH_TIMEOUTS = { ...DEFAULT_TIMEOUTS, headersMs: 900_000, bodyMs: 900_000 };

/** A server under test: where it listens, how to sign for it, its processes, and how to stop it. */
export interface BenchServer {
  id: string;
  product: string;
  version: string;
  target: Target;
  pids: number[];
  /** True when the bucket must be created first (the reference server has its bucket already). */
  needsBucket: boolean;
  stop(): Promise<void>;
}

/** `{ rss, peak }` of one process in MiB (VmRSS, VmHWM), or undefined once it is gone. */
export function processMemory(pid: number): { rssMiB: number; peakMiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples the summed RSS of some processes every 50 ms; `stop()` gives the highest sum seen, in MiB. */
export function sampleRss(pids: readonly number[]): { stop(): number } {
  let peak = 0;
  const take = () => {
    let sum = 0;
    for (const pid of pids) sum += processMemory(pid)?.rssMiB ?? 0;
    peak = Math.max(peak, sum);
  };
  take();
  const timer = setInterval(take, 50);
  return {
    stop() {
      clearInterval(timer);
      take();
      return Math.round(peak);
    },
  };
}

/**
 * How the reference server stores: `durable` (`--data-dir`: every write flushed before it is answered), `memory`
 * (no data directory: small bodies in memory within the default budget, others in files, nothing flushed) or
 * `files` (no data directory and `--memory-budget 0`: every body in a file, nothing flushed, as s3rver stores).
 */
export type ReferenceStorage = 'durable' | 'memory' | 'files';

const REFERENCE_STORAGE: Record<ReferenceStorage, { args: (dataDir: string) => string[]; product: string }> =
  {
    durable: { args: (dataDir) => ['--data-dir', dataDir], product: 'reference server, --data-dir' },
    memory: { args: () => [], product: 'reference server' },
    files: { args: () => ['--memory-budget', '0'], product: 'reference server, --memory-budget 0' },
  };

/** The reference server (`cos-conformance serve`) as a child process, storing as `storage` says, under `workDir`. */
export async function startReferenceServer(workDir: string, storage: ReferenceStorage): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const fd = openSync(join(workDir, 'server.log'), 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'bin/cos-conformance.mjs'),
      'serve',
      '--port',
      String(port),
      ...REFERENCE_STORAGE[storage].args(dataDir),
    ],
    { cwd: ROOT, stdio: ['ignore', fd, fd], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  closeSync(fd);
  let exited = false;
  const exit = new Promise<void>((res) => child.once('exit', () => res()));
  child.once('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(killer);
  };
  try {
    await waitForPort(port, 30_000, () => !exited);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    id: storage === 'memory' ? 'reference' : `reference-${storage}`,
    product: REFERENCE_STORAGE[storage].product,
    version: 'this checkout',
    target: localTarget(`http://127.0.0.1:${port}`, { timeouts: BENCH_TIMEOUTS }),
    pids: child.pid === undefined ? [] : [child.pid],
    needsBucket: false,
    stop,
  };
}

/** A started peer (scripts/peers/peers.ts) as a bench server, signed with SigV4 like the S3 SDKs do. */
export function peerServer(peer: RunningPeer, bucket: string): BenchServer {
  return {
    id: peer.id,
    product: peer.product,
    version: peer.version,
    target: {
      endpoint: peer.endpoint,
      bucket,
      region: peer.region,
      addressing: 'path',
      signer: 'sigv4',
      profile: 's3',
      credentials: { secretId: peer.accessKeyId, secretKey: peer.secretAccessKey },
      timeouts: BENCH_TIMEOUTS,
    },
    pids: peer.pids,
    needsBucket: true,
    stop: () => peer.stop(),
  };
}

/** MiB per second, one decimal. */
export function mibPerSecond(bytes: number, seconds: number): number {
  return Math.round((bytes / MIB / seconds) * 10) / 10;
}

/** Seconds since `t0` (from `process.hrtime.bigint()`). */
export function secondsSince(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat; 0 once it is gone. */
export function processCpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone: counts as nothing */
    }
  }
  return ticks / 100;
}
