/**
 * `npm run bench -- --quick`: the bench itself works in a tiny form (a 4 MiB part, 64 small parts, no peers, no
 * suite) and writes its table and JSON. No timed assertion: only that every measurement happened, the ratios are
 * computed from the figures, and the part the harness sent has the bytes openssl hashed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_GLIBC_TUNABLES } from '../../scripts/bench/malloc-env.ts';
import { parseBenchOptions } from '../../scripts/bench/options.ts';
import { TIMED_PASSES } from '../../scripts/bench/small-parts.ts';
import { familySeconds, unionLength } from '../../scripts/bench/suite.ts';

function bench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench.ts', ...args],
      { encoding: 'utf8', timeout: 300_000 },
      (err, stdout, stderr) =>
        res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run bench -- --quick', () => {
  const out = mkdtempSync(join(tmpdir(), 'cos-bench-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('measures every client and writes bench.json and bench.md', { timeout: 300_000 }, async () => {
    const r = await bench(['--quick', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8'));
    const md = readFileSync(join(out, 'bench.md'), 'utf8');
    expect(r.stdout).toContain(md.trim());
    expect(md).toContain('| measure | value | against (same run) | ratio | target | met |');

    expect(json.options.tier).toBe('quick');
    const harness = json.bigPart.harness;
    expect(harness.mibPerSecond).toBeGreaterThan(0);
    expect(harness.clientPeakRssMiB).toBeGreaterThan(0);
    expect(harness.serverPeakRssMiB).toBeGreaterThan(0);
    expect(harness.runs).toHaveLength(1);
    expect(harness.spread).toEqual([harness.mibPerSecond, harness.mibPerSecond]);
    if (!('skipped' in json.bigPart.md5)) expect(harness.md5Hex).toBe(json.bigPart.md5.md5Hex);
    const bound = json.bigPart.bound;
    expect(bound.md5MiBps).toBeGreaterThan(0);
    expect(bound.crc64MiBps).toBeGreaterThan(0);
    expect(bound.mibPerSecond).toBeCloseTo(
      bound.cores / (2 * (1 / bound.md5MiBps + 1 / bound.crc64MiBps)),
      -1,
    );

    for (const id of ['harness', 'undici', 'aws-sdk', 'cos-sdk']) {
      const small = json.smallParts[id];
      expect(small, id).toHaveProperty('requestsPerSecond');
      expect(small.firstPass.requestsPerSecond, id).toBeGreaterThan(0);
      // One run of TIMED_PASSES timed passes; the figure is their median, inside the range they span.
      expect(small.runs, id).toHaveLength(1);
      const passes = small.runs[0].passes as { requestsPerSecond: number; clientCpuMsPerRequest: number }[];
      expect(passes, id).toHaveLength(TIMED_PASSES);
      const rates = passes.map((p) => p.requestsPerSecond).sort((a, b) => a - b);
      expect(small.requestsPerSecond, id).toBe(rates[TIMED_PASSES >> 1]);
      expect(small.requestsPerSecond, id).toBeGreaterThan(0);
      expect(small.spread.requestsPerSecond, id).toEqual([rates[0], rates.at(-1)]);
      const cpus = passes.map((p) => p.clientCpuMsPerRequest).sort((a, b) => a - b);
      expect(small.clientCpuMsPerRequest, id).toBe(cpus[TIMED_PASSES >> 1]);
      expect(small.clientCpuMsPerRequest, id).toBeGreaterThan(0);
      expect(small.serverCpuSeconds, id).toBeGreaterThanOrEqual(0);
      expect(small.serverPeakRssMiB, id).toBeGreaterThan(0);
    }
    expect(md).toMatch(/first of the 3 warm-up passes/);
    expect(md).toContain(
      `${json.smallParts.harness.requestsPerSecond} req/s (${json.smallParts.harness.spread.requestsPerSecond.join('–')})`,
    );
    expect(json.glibcTunables).toBe(process.env.GLIBC_TUNABLES ?? BENCH_GLIBC_TUNABLES);
    // The clients and the quick tier run as a user runs them: the user's setting, else glibc's defaults.
    expect(json.clientGlibcTunables).toBe(process.env.GLIBC_TUNABLES);
    expect(md).toMatch(/servers started with GLIBC_TUNABLES=.*; the clients and the quick tier with /);
    // The judged ratio: the median of the ratios of the passes that took turns.
    const vsUndici = json.rows.find((row: { against: string }) => row.against.startsWith('bare undici'));
    const rates = (id: string) =>
      json.smallParts[id].runs[0].passes.map((p: { requestsPerSecond: number }) => p.requestsPerSecond);
    const pairs = rates('harness')
      .map((h: number, k: number) => h / rates('undici')[k])
      .sort((a: number, b: number) => a - b);
    expect(vsUndici.ratio).toBe(Math.round(pairs[TIMED_PASSES >> 1] * 100) / 100);
    const cpuVsCos = json.rows.find((row: { measure: string }) =>
      row.measure.includes('client CPU per request, harness against cos-nodejs-sdk-v5'),
    );
    expect(cpuVsCos.target).toBe('context');
    expect(cpuVsCos.ratio).toBeCloseTo(
      json.smallParts['cos-sdk'].clientCpuMsPerRequest / json.smallParts.harness.clientCpuMsPerRequest,
      1,
    );
    expect(json.servers.map((s: { id: string }) => s.id)).toEqual([
      'reference',
      'reference-files',
      'reference-durable',
    ]);
    expect(json.servers[0].smallParts.requestsPerSecond).toBeGreaterThan(0);
    expect(json.servers[0].smallParts.runs[0].passes).toHaveLength(TIMED_PASSES);
    expect(json.suite.skipped).toMatch(/--quick/);
  });

  it('refuses a bad flag with exit 2 and the usage', async () => {
    const r = await bench(['--repeat', 'zero']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--repeat must be a positive integer');
    expect(r.stderr).toContain('usage: npm run bench');
  });
});

describe('bench helpers', () => {
  it('sizes by tier', () => {
    expect(parseBenchOptions([]).bigPartBytes).toBe(1024 ** 3);
    expect(parseBenchOptions(['--full']).bigPartBytes).toBe(5 * 1024 ** 3);
    expect(parseBenchOptions(['--quick']).peers).toBe(false);
    expect(() => parseBenchOptions(['--quick', '--full'])).toThrow(/exclude each other/);
  });

  it('counts overlapping requests once', () => {
    expect(unionLength([])).toBe(0);
    expect(
      unionLength([
        { start: 0, end: 10 },
        { start: 5, end: 15 },
        { start: 20, end: 25 },
      ]),
    ).toBe(20);
  });

  it('sums the progress lines per family', () => {
    const lines = [
      '  ✓ [1/4] overwrite upload-part.overwrite.a pass (1.4 s)',
      '  ✓ [2/4] overwrite upload-part.overwrite.b pass (600 ms)',
      '  - [3/4] complete complete.x skip',
      '  ✗ [4/4] complete complete.y fail (20 ms)',
    ].join('\n');
    expect(familySeconds(lines)).toEqual({ overwrite: 2, complete: 0.02 });
  });
});
