/**
 * The bench's output: every figure as a ratio to something measured in the same run (so a noisy machine still
 * compares), each with its target, printed as a table and written to bench.json and bench.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BigPartFigures, HashingBound } from './big-part.ts';
import type { BenchOptions } from './options.ts';
import type { ServerFigures } from './servers.ts';
import { pairedRatio, type SmallPartsFigures, TIMED_PASSES, WARM_UP_PASSES } from './small-parts.ts';
import type { SuiteRun } from './suite.ts';

/** A measurement that did not happen, and why. */
export interface Skipped {
  skipped: string;
}

/** Everything one bench run measured. */
export interface BenchFigures {
  options: BenchOptions;
  bigPart: { md5: BigPartFigures | Skipped; harness: BigPartFigures | Skipped; bound: HashingBound };
  smallParts: Record<string, SmallPartsFigures | Skipped>;
  servers: ServerFigures[];
  suite: SuiteRun | Skipped;
  /** `GLIBC_TUNABLES` of the servers the bench started (malloc-env.ts); empty when run without. */
  glibcTunables: string;
  /** `GLIBC_TUNABLES` of the clients and the quick tier: the user's value; absent, glibc's defaults. */
  clientGlibcTunables?: string;
  /** The 1-minute load average when the bench started (the table says how busy the machine was before it ran). */
  loadAtStart?: number;
}

/** One line of the table: a figure, what it is compared with, the ratio and the target. */
export interface BenchRow {
  measure: string;
  value: string;
  against: string;
  ratio: number | null;
  target: string;
  /** `null` when a side was not measured. */
  met: boolean | null;
}

const MB = 1_000_000;
const MIB = 1024 ** 2;

function isSkipped(x: unknown): x is Skipped {
  return typeof x === 'object' && x !== null && 'skipped' in x;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const mb = (mib: number) => Math.round((mib * MIB) / MB);
const sizeLabel = (bytes: number) =>
  bytes >= 1024 * MIB ? `${bytes / (1024 * MIB)} GiB` : `${bytes / MIB} MiB`;

/** `a / b` to two decimals, or null when either side is missing. */
function ratio(a: number | undefined, b: number | undefined): number | null {
  return a === undefined || b === undefined || b === 0 ? null : r2(a / b);
}

function meets(r: number | null, min: number): boolean | null {
  return r === null ? null : r >= min;
}

/** `[min, max]` as `min–max`. */
const span = ([min, max]: readonly [number, number]) => `${min}–${max}`;

/** A client's small-parts figures as the table gives them: the medians, each with the range of the timed passes. */
export function smallPartsValue(r: SmallPartsFigures): string {
  return `${r.requestsPerSecond} req/s (${span(r.spread.requestsPerSecond)}), ${r.clientCpuMsPerRequest} ms CPU/req (${span(r.spread.clientCpuMsPerRequest)})`;
}

/** A big part's speed: the median of the runs, with their range when there were several. */
export function bigPartValue(r: BigPartFigures): string {
  return `${r.mibPerSecond} MiB/s${r.runs.length > 1 ? ` (${span(r.spread)})` : ''}`;
}

/** The rows of the table, targets from the issue that asked for the bench. */
export function benchRows(f: BenchFigures): BenchRow[] {
  const rows: BenchRow[] = [];
  const { md5, harness } = f.bigPart;
  const size = sizeLabel(f.options.bigPartBytes);
  const h = isSkipped(harness) ? undefined : harness;
  const m = isSkipped(md5) ? undefined : md5;
  const bigRatio = ratio(h?.mibPerSecond, m?.mibPerSecond);
  rows.push({
    measure: `one ${size} part, harness → reference server (separate processes)`,
    value: h ? bigPartValue(h) : `skipped: ${(harness as Skipped).skipped}`,
    against: m ? `openssl md5 ${bigPartValue(m)}` : `openssl md5 skipped: ${(md5 as Skipped).skipped}`,
    ratio: bigRatio,
    target: '≥ 0.7×',
    met: meets(bigRatio, 0.7),
  });
  const bound = f.bigPart.bound;
  const boundRatio = ratio(h?.mibPerSecond, bound.mibPerSecond);
  rows.push({
    measure: `one ${size} part, harness → reference server, against what the machine allows`,
    value: h ? bigPartValue(h) : 'not measured',
    against: `both ends hashing MD5 (${bound.md5MiBps} MiB/s) + CRC-64 (${bound.crc64MiBps} MiB/s) on ${bound.cores} cores: ${bound.mibPerSecond} MiB/s`,
    ratio: boundRatio,
    target: 'context',
    met: null,
  });
  for (const [who, peak] of [
    ['harness', h?.clientPeakRssMiB],
    ['reference server', h?.serverPeakRssMiB],
  ] as const) {
    rows.push({
      measure: `one ${size} part, ${who} peak RSS`,
      value: peak === undefined ? 'not measured' : `${mb(peak)} MB`,
      against: '',
      ratio: null,
      target: '< 200 MB',
      met: peak === undefined ? null : mb(peak) < 200,
    });
  }

  const sp = f.options.smallParts;
  const run = (id: string) => {
    const r = f.smallParts[id];
    return r === undefined || isSkipped(r) ? undefined : r;
  };
  const perReq = (id: string) => {
    const r = run(id);
    return r ? smallPartsValue(r) : undefined;
  };
  const label = `${sp.count} × ${sp.bytes / 1024} KiB parts at concurrency ${sp.concurrency}`;
  for (const [id, name, min] of [
    ['undici', 'bare undici, same signing', 0.9],
    ['aws-sdk', '@aws-sdk/client-s3', 2],
    ['cos-sdk', 'cos-nodejs-sdk-v5', 2],
  ] as const) {
    const [ours, yardstick] = [run('harness'), run(id)];
    const r = ours && yardstick ? pairedRatio(ours, yardstick) : null;
    const other = f.smallParts[id];
    rows.push({
      measure: `${label}, harness client`,
      value: perReq('harness') ?? 'not measured',
      against:
        other && isSkipped(other) ? `${name} skipped: ${other.skipped}` : `${name} ${perReq(id) ?? '?'}`,
      ratio: r,
      target: `≥ ${min}×`,
      met: meets(r, min),
    });
  }
  // Context: with a client as cheap as the bare loop, the server's CPU sets req/s; CPU per request shows the client.
  const mine = run('harness')?.clientCpuMsPerRequest;
  for (const [id, name] of [
    ['aws-sdk', '@aws-sdk/client-s3'],
    ['cos-sdk', 'cos-nodejs-sdk-v5'],
  ] as const) {
    const theirs = run(id)?.clientCpuMsPerRequest;
    if (mine === undefined || theirs === undefined) continue;
    rows.push({
      measure: `${label}, client CPU per request, harness against ${name} (times less)`,
      value: `${mine} ms (${span(run('harness')!.spread.clientCpuMsPerRequest)})`,
      against: `${name} ${theirs} ms (${span(run(id)!.spread.clientCpuMsPerRequest)})`,
      ratio: ratio(theirs, mine),
      target: 'context',
      met: null,
    });
  }

  const servers = new Map(f.servers.map((s) => [s.id, s]));
  // Compared with the peers as they store: every body in a file, nothing flushed.
  const ref = servers.get('reference-files');
  const refOk = ref && !('skipped' in ref) ? ref : undefined;
  for (const [peerId, min, which] of [
    ['s3rver', 1, 'both'],
    ['ceph-rgw', 0.5, 'big'],
  ] as const) {
    const peer = servers.get(peerId);
    if (peer === undefined) continue;
    const p = 'skipped' in peer ? undefined : peer;
    const kinds = which === 'both' ? (['big', 'small'] as const) : (['big'] as const);
    for (const kind of kinds) {
      const a = kind === 'big' ? refOk?.bigPart.mibPerSecond : refOk?.smallParts.requestsPerSecond;
      const b = kind === 'big' ? p?.bigPart.mibPerSecond : p?.smallParts.requestsPerSecond;
      const unit = kind === 'big' ? 'MiB/s' : 'parts/s';
      const r = ratio(a, b);
      rows.push({
        measure: `server: reference (every body in a file), ${kind === 'big' ? `one ${size} part` : label}`,
        value: a === undefined ? 'not measured' : `${a} ${unit}`,
        against: p
          ? `${peer.product} ${b} ${unit}`
          : `${peer.product} skipped: ${(peer as { skipped: string }).skipped}`,
        ratio: r,
        target: min === 1 ? '> 1×' : `≥ ${min}× (within 2×)`,
        met: r === null ? null : min === 1 ? r > 1 : r >= min,
      });
    }
  }

  if (isSkipped(f.suite)) {
    rows.push({
      measure: 'quick tier (npm start) wall time',
      value: `skipped: ${f.suite.skipped}`,
      against: '',
      ratio: null,
      target: '< 10 s',
      met: null,
    });
  } else {
    const s = f.suite;
    rows.push({
      measure: 'quick tier (npm start) wall time',
      value: `${s.seconds} s${s.exitCode === 0 ? '' : ` (exit ${s.exitCode})`}`,
      against: s.cpuSeconds === undefined ? '' : `CPU ${s.cpuSeconds} s`,
      ratio: null,
      target: '< 10 s',
      met: s.seconds < 10 && s.exitCode === 0,
    });
  }
  return rows;
}

/** The per-server table of workload 3. */
export function serverTable(f: BenchFigures): string {
  const lines = [
    '| server | version | one part MiB/s | small parts/s | peak RSS MB (big part / small parts) |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of f.servers) {
    if ('skipped' in s) lines.push(`| ${s.product} | – | skipped: ${s.skipped} | | |`);
    else
      lines.push(
        `| ${s.product} | ${s.version} | ${bigPartValue(s.bigPart).replace(' MiB/s', '')} | ${s.smallParts.requestsPerSecond} (${span(s.smallParts.spread.requestsPerSecond)}) | ${mb(s.bigPart.serverPeakRssMiB ?? 0)} / ${mb(s.smallParts.serverPeakRssMiB)} |`,
      );
  }
  return lines.join('\n');
}

/** The machine the figures were taken on; `load` is its 1-minute load average at the bench's start (now by default). */
export function machine(load = loadavg()[0] ?? 0): {
  cpu: string;
  cores: number;
  memGiB: number;
  loadAvg1m: number;
  node: string;
} {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memGiB: Math.round(totalmem() / 1024 ** 3),
    loadAvg1m: r2(load),
    node: process.version,
  };
}

/** Which allocator settings the servers and the clients ran with (malloc-env.ts). */
function tunablesSentence(f: BenchFigures): string {
  const shown = (v: string) => `GLIBC_TUNABLES=${v === '' ? '(empty)' : v}`;
  const clients =
    f.clientGlibcTunables === undefined
      ? "glibc's defaults, as a user runs them"
      : f.clientGlibcTunables === f.glibcTunables
        ? 'the same'
        : shown(f.clientGlibcTunables);
  return `servers started with ${shown(f.glibcTunables)}; the clients and the quick tier with ${clients}.`;
}

/** The whole report as Markdown (the README shows it). */
export function benchMarkdown(
  f: BenchFigures,
  rows: readonly BenchRow[],
  host: ReturnType<typeof machine>,
): string {
  const yes = (m: boolean | null) => (m === null ? '–' : m ? 'yes' : 'no');
  const out = [
    `Machine: ${host.cpu}, ${host.cores} cores, ${host.memGiB} GiB, Node ${host.node}, load ${host.loadAvg1m} at start; ${f.options.repeat} run(s); tier ${f.options.tier}; ${tunablesSentence(f)}`,
    '',
    `Small parts: each client in a fresh process per run, the four taking turns pass by pass against one server process; ${WARM_UP_PASSES} untimed warm-up passes, then ${TIMED_PASSES} timed ones; each figure is the median pass (over runs, the median of the runs' medians), in brackets the range of every timed pass; a ratio of two clients is the median of the ratios of their passes that took turns (a change of load between turns cancels out), so it may differ from the ratio of the medians. The big part (harness, openssl md5, each server): the median of the ${f.options.repeat} run(s), in brackets their range; peak RSS: the highest.`,
    '',
    '| measure | value | against (same run) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.measure} | ${r.value} | ${r.against} | ${r.ratio === null ? '' : `${r.ratio}×`} | ${r.target} | ${yes(r.met)} |`,
    ),
  ];
  const firstPasses = Object.entries(f.smallParts).flatMap(([id, r]) =>
    isSkipped(r)
      ? []
      : [`${id} ${r.firstPass.requestsPerSecond} req/s (${r.firstPass.clientCpuMsPerRequest} ms CPU/req)`],
  );
  if (firstPasses.length > 0)
    out.push(
      '',
      `Small parts, first of the ${WARM_UP_PASSES} warm-up passes before the timed ones (the JIT still compiling; context, not judged${f.options.repeat > 1 ? '; median over the runs' : ''}): ${firstPasses.join(', ')}.`,
    );
  const failures = Object.entries(f.smallParts).flatMap(([id, r]) =>
    isSkipped(r) || r.failures === undefined ? [] : [`${id}: ${r.failures.join('; ')}`],
  );
  if (failures.length > 0)
    out.push('', `Small parts, runs that failed (left out of the medians): ${failures.join(', ')}.`);
  if (f.servers.length > 0) out.push('', serverTable(f));
  if (!isSkipped(f.suite)) {
    const s = f.suite;
    const fams = Object.entries(s.families)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ');
    out.push(
      '',
      `Quick tier: ${s.seconds} s wall = start-up ${s.startupSeconds} s + requests in flight ${s.inFlightSeconds} s + between requests ${s.betweenRequestsSeconds} s + after the last request ${s.tailSeconds} s (${s.requests} requests). By family: ${fams}.`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** Writes bench.json and bench.md under `outDir`; returns the Markdown. */
export function writeBench(f: BenchFigures, outDir: string): string {
  const rows = benchRows(f);
  const host = machine(f.loadAtStart);
  const md = benchMarkdown(f, rows, host);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'bench.json'),
    `${JSON.stringify({ formatVersion: 3, date: new Date().toISOString(), machine: host, ...f, rows }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, 'bench.md'), md);
  return md;
}
