/**
 * `npm run bench`: the speed and memory figures of the harness, measured, printed, and written to
 * reports/bench/bench.json. Targets are judged here, never by timed assertions in tests.
 *
 *   BENCH_GIB     size of the generated/hashed stream (default 1)
 *   BENCH_PART_MB size of the part uploaded to the embedded server (default 1024)
 *   BENCH_SUITE=0 skips timing the quick tier
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createHashingTransform } from '../src/body/hashing.ts';
import { createPartBody } from '../src/body/part-body.ts';
import { Crc64 } from '../src/body/crc64.ts';
import { CosClient } from '../src/client/index.ts';
import { startServer } from '../src/server/index.ts';
import { localTarget } from '../src/server/local-target.ts';
import { DEFAULT_TIMEOUTS } from '../src/target/types.ts';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
const streamBytes = Math.round(Number(process.env.BENCH_GIB ?? 1) * GIB);
const partBytes = Math.round(Number(process.env.BENCH_PART_MB ?? 1024) * MIB);

/** Samples the process RSS so a streaming step can be shown to keep memory flat. */
function rssSampler() {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return { baseMiB: base / MIB, peakMiB: peak / MIB, growthMiB: (peak - base) / MIB };
    },
  };
}

function sink(): Writable {
  return new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const rate = (bytes: number, seconds: number) => Math.round((bytes / MIB / seconds) * 10) / 10;

async function main() {
  const figures: Record<string, unknown> = {
    formatVersion: 1,
    node: process.version,
    date: new Date().toISOString(),
  };

  const gen = await timed(() => pipeline(createPartBody({ seed: 1, size: streamBytes }), sink()));
  figures.bodyGenerationMiBps = rate(streamBytes, gen.seconds);

  const mem = rssSampler();
  const hashing = createHashingTransform();
  const hashed = await timed(() => pipeline(createPartBody({ seed: 2, size: streamBytes }), hashing, sink()));
  figures.generateMd5Crc64MiBps = rate(streamBytes, hashed.seconds);
  figures.generateMd5Crc64Memory = mem.stop();

  const buf = Buffer.alloc(256 * MIB, 0x5a);
  const crc = await timed(async () => new Crc64().update(buf).digest());
  figures.crc64MiBps = rate(buf.length, crc.seconds);

  const dataDir = mkdtempSync(join(tmpdir(), 'cos-bench-'));
  const server = await startServer({ port: 0, dataDir });
  const target = localTarget(server.url, {
    timeouts: { ...DEFAULT_TIMEOUTS, bodyMs: 600_000, headersMs: 600_000 },
  });
  const client = new CosClient(target);
  try {
    const init = await client.initiateMultipartUpload('bench/large-part');
    const uploadId = init.data?.uploadId;
    if (!uploadId) throw new Error(`initiate failed: status ${init.status}`);
    const upMem = rssSampler();
    const up = await timed(() =>
      client.uploadPart('bench/large-part', uploadId, 1, { spec: { seed: 3, size: partBytes } }),
    );
    figures.uploadPartBytes = partBytes;
    figures.uploadPartStatus = up.value.status;
    figures.uploadPartMiBps = rate(partBytes, up.seconds);
    figures.uploadPartMemory = upMem.stop();
    await client.abortMultipartUpload('bench/large-part', uploadId);
  } finally {
    await client.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  if (process.env.BENCH_SUITE !== '0') {
    const out = mkdtempSync(join(tmpdir(), 'cos-bench-run-'));
    const t0 = Date.now();
    const run = spawnSync(
      process.execPath,
      ['bin/cos-conformance.mjs', 'run', '--embedded', '--out', out, '--seed', '1'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      },
    );
    figures.quickTierSeconds = (Date.now() - t0) / 1000;
    figures.quickTierExitCode = run.status;
    rmSync(out, { recursive: true, force: true });
  }

  mkdirSync('reports/bench', { recursive: true });
  writeFileSync('reports/bench/bench.json', `${JSON.stringify(figures, null, 2)}\n`);
  for (const [k, v] of Object.entries(figures))
    console.log(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  console.log('written: reports/bench/bench.json');
}

await main();
