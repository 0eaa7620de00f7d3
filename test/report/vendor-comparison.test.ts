/**
 * The vendor comparison's pieces on fake runs: baselines that explain themselves (format 2, the unexplained
 * placeholder, reasons and links kept), scores and deviations in plain words, the per-operation histogram and
 * latency from history.ndjson, and a vendor's death located in the run.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  BaselineSchema,
  baselineFromResults,
  UNEXPLAINED_REASON,
  unexplainedExpectations,
} from '../../src/report/baseline.ts';
import {
  buildComparison,
  deathText,
  renderCompareHtml,
  renderCompareMarkdown,
} from '../../src/report/compare.ts';
import { computeGate } from '../../src/report/gate.ts';
import { operationOf, operationStatsOf, quantile } from '../../src/report/operations.ts';
import { locateDeath, writeVendorComparison } from '../../src/report/vendors.ts';
import { fakeEntry, fakeExchange, fakeResults } from './fake-results.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-vendors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('baselines that explain themselves', () => {
  test('version 1 files still load; version 2 adds link and notes', () => {
    expect(BaselineSchema.safeParse({ formatVersion: 1, profile: 's3', expectedFailures: [] }).success).toBe(
      true,
    );
    const v2 = BaselineSchema.parse({
      formatVersion: 2,
      profile: 's3',
      notes: ['run with --skip x'],
      expectedFailures: [{ checkId: 'a.b', reason: 'accepts partNumber 0', link: 'docs/vendors.md#rgw' }],
    });
    expect(v2.expectedFailures[0]!.link).toBe('docs/vendors.md#rgw');
    expect(BaselineSchema.safeParse({ formatVersion: 3, profile: 's3', expectedFailures: [] }).success).toBe(
      false,
    );
  });

  test('update keeps reasons, links and notes; a new entry gets the placeholder the gate reports', () => {
    const results = fakeResults([fakeEntry('v.basics.old', 'fail'), fakeEntry('v.basics.new', 'error')]);
    const b = baselineFromResults(results, {
      formatVersion: 1,
      profile: 'cos',
      notes: ['a note'],
      expectedFailures: [{ checkId: 'v.basics.old', reason: 'known', link: 'https://example.invalid/1' }],
    });
    expect(b.formatVersion).toBe(2);
    expect(b.notes).toEqual(['a note']);
    expect(b.expectedFailures).toEqual([
      { checkId: 'v.basics.new', reason: UNEXPLAINED_REASON },
      { checkId: 'v.basics.old', reason: 'known', link: 'https://example.invalid/1' },
    ]);
    expect(unexplainedExpectations(b)).toEqual(['v.basics.new']);
    const gate = computeGate({
      checks: results.checks,
      summary: { uploadPart: { attempted: 1, succeeded: 1 }, interrupted: false },
      baseline: b,
    });
    expect(gate.exitCode).toBe(0);
    expect(gate.reasons.join('\n')).toContain('1 expected failure(s) unexplained in the baseline');
    expect(gate.reasons.join('\n')).toContain('v.basics.new');
  });
});

describe('operations', () => {
  test('the operation is told from the request', () => {
    expect(operationOf('POST', '/b/k', { uploads: '' })).toBe('Initiate');
    expect(operationOf('PUT', '/b/k', { partNumber: '1', uploadId: 'u' })).toBe('Upload Part');
    expect(operationOf('GET', '/b/k', { uploadId: 'u' })).toBe('List Parts');
    expect(operationOf('POST', '/b/k', { uploadId: 'u' })).toBe('Complete');
    expect(operationOf('DELETE', '/b/k', { uploadId: 'u' })).toBe('Abort');
    expect(operationOf('GET', '/b', { uploads: '' })).toBe('List Multipart Uploads');
    expect(operationOf('HEAD', '/', {})).toBe('Head Bucket');
    expect(operationOf('GET', '/cos-conformance/run/k', {})).toBe('Get Object');
  });

  test('status histogram and latency quantiles from history.ndjson, torn lines ignored', async () => {
    const file = join(dir, 'history.ndjson');
    const lines = [10, 20, 30, 40, 100].map((ms, i) =>
      JSON.stringify(
        fakeExchange({
          durationMs: ms,
          response: { ...fakeExchange().response!, status: i === 4 ? 500 : 200 },
        }),
      ),
    );
    lines.push(
      JSON.stringify(
        fakeExchange({
          durationMs: 1,
          response: undefined,
          transportError: { code: 'ECONNREFUSED', message: 'refused' },
        }),
      ),
    );
    await writeFile(file, `${lines.join('\n')}\n{"torn`);
    const [up] = await operationStatsOf(file);
    expect(up).toMatchObject({
      operation: 'Upload Part',
      count: 6,
      statuses: { '200': 4, '500': 1, ECONNREFUSED: 1 },
      medianMs: 20,
      p95Ms: 100,
    });
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('the comparison a person reads', () => {
  const ref = fakeResults([fakeEntry('c.basics.one', 'pass'), fakeEntry('c.part-number.zero', 'pass')]);
  const peer = fakeResults(
    [
      fakeEntry('c.basics.one', 'pass'),
      fakeEntry('c.part-number.zero', 'fail', {
        expected: '400 InvalidArgument',
        observed: '200',
        variantSeen: 'accepted',
      }),
      fakeEntry('c.basics.two', 'skip'),
    ],
    { manifest: { label: 'peer' } },
  );

  test('scores per family, deviations with evidence and curl, variants seen in the cells', () => {
    const cmp = buildComparison([
      { label: 'ref', results: ref },
      {
        label: 'peer',
        results: peer,
        explanations: [{ checkId: 'c.part-number.zero', reason: 'accepts partNumber 0', link: 'docs/x.md' }],
        operations: [{ operation: 'Upload Part', count: 3, statuses: { '200': 3 }, medianMs: 5, p95Ms: 9 }],
        vendor: { product: 'Peer', version: '1.0' },
      },
    ]);
    const peerCol = cmp.columns[1]!;
    expect(peerCol.score).toMatchObject({ passed: 1, applicable: 2 });
    expect(peerCol.score!.byFamily).toEqual([
      { family: 'basics', passed: 1, applicable: 1 },
      { family: 'part-number', passed: 0, applicable: 1 },
    ]);
    expect(peerCol.deviations).toHaveLength(1);
    expect(peerCol.deviations![0]).toMatchObject({
      checkId: 'c.part-number.zero',
      cell: 'fail',
      baselineReason: 'accepts partNumber 0',
      baselineLink: 'docs/x.md',
      evidence: { status: 400, errorCode: 'InvalidArgument' },
    });
    expect(peerCol.deviations![0]!.curl).toContain('curl');
    const row = cmp.rows.find((r) => r.checkId === 'c.part-number.zero')!;
    expect(row.seen).toEqual([null, { variantSeen: 'accepted', observed: '200' }]);
    const md = renderCompareMarkdown(cmp);
    expect(md).toContain('| part-number | 1/1 (100%) | 0/1 (0%) |');
    expect(md).toContain('Expected 400 InvalidArgument; seen 200.');
    expect(md).toContain('Known (baseline): accepts partNumber 0 (docs/x.md).');
    expect(md).toContain('| Upload Part | 3 | 200×3 | 5 ms | 9 ms |');
    expect(md).toContain('❌ fail · accepted');
    const html = renderCompareHtml(cmp);
    expect(html).toContain('Deviations: 1');
    expect(html).not.toMatch(/<(link|script) [^>]*src=/);
  });

  test('a death is located at the last exchange before it, and counted', () => {
    const before = fakeExchange({ startedAt: '2025-01-01T00:00:01.000Z', op: 'completeMultipartUpload' });
    const results = fakeResults([
      fakeEntry('c.complete.missing', 'indeterminate', {
        evidence: [{ ...before, requestLine: 'POST /run/key HTTP/1.1' }],
      }),
      fakeEntry('c.basics.after', 'error', {
        message: 'Initiate failed: transport ECONNREFUSED',
        evidence: [],
      }),
    ]);
    const death = locateDeath(
      { at: '2025-01-01T00:00:02.000Z', process: 's3rver', pid: 9, code: 1, signal: null, logTail: 'ENOENT' },
      [before, fakeExchange({ startedAt: '2025-01-01T00:00:03.000Z' })],
      results,
    );
    expect(death.lastExchange).toBe('completeMultipartUpload PUT /run/key');
    expect(death.lastCheck).toBe('c.complete.missing');
    expect(death.erroredAfter).toBe(1);
    expect(deathText(death)).toContain('died at 2025-01-01T00:00:02.000Z (exit code 1)');
  });
});

describe('writeVendorComparison', () => {
  test('a vendor that is not installed is a note; a run is a column; a run without results is a note', async () => {
    const out = join(dir, 'vendors');
    await mkdir(join(out, 'runs', 'ref'), { recursive: true });
    await writeFile(
      join(out, 'runs', 'ref', 'results.json'),
      JSON.stringify(fakeResults([fakeEntry('c.basics.one', 'pass')])),
    );
    const common = {
      product: 'P',
      version: '1',
      profile: 's3',
      signer: 'sigv4',
      addressing: 'path',
    } as const;
    const cmp = await writeVendorComparison(out, {
      seed: 1,
      runs: [
        { ...common, vendor: 'ceph-rgw', label: 'ceph-rgw · s3', skipped: 'Ceph RGW is not installed' },
        { ...common, vendor: 'ref', label: 'ref · s3', runDir: 'runs/ref', exitCode: 0, wallMs: 1000 },
        { ...common, vendor: 'gone', label: 'gone · s3', runDir: 'runs/gone', error: 'did not start' },
      ],
    });
    expect(cmp.columns.map((c) => c.label)).toEqual(['ref · s3']);
    const md = await readFile(join(out, 'comparison.md'), 'utf8');
    expect(md).toContain('- ceph-rgw · s3: not run: Ceph RGW is not installed.');
    expect(md).toContain('- gone · s3: no results: did not start.');
    const json = JSON.parse(await readFile(join(out, 'comparison.json'), 'utf8'));
    expect(json.seed).toBe(1);
    expect(await readFile(join(out, 'comparison.html'), 'utf8')).toContain(
      'not run: Ceph RGW is not installed',
    );
  });
});
