import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeJsonAtomic } from '../../src/report/atomic-write.ts';
import { baselineFromResults, UNEXPLAINED_REASON } from '../../src/report/baseline.ts';
import { buildComparison, renderCompareMarkdown, uniqueLabels } from '../../src/report/compare.ts';
import { ReportInputError } from '../../src/report/errors.ts';
import { resetHistoryFile, scanHistory } from '../../src/report/history.ts';
import { loadResults } from '../../src/report/load-results.ts';
import {
  assertMergeable,
  mergeEntries,
  mergeHistories,
  mergeJunit,
  mergeManifests,
} from '../../src/report/merge.ts';
import { fakeEntry, fakeResults, mixedResults } from './fake-results.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-merge-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compare', () => {
  test('joins runs on the check id, with baseline-aware cells', () => {
    const a = fakeResults([
      fakeEntry('c.basics.one', 'pass'),
      fakeEntry('c.basics.two', 'fail'),
      fakeEntry('c.basics.three', 'fail'),
    ]);
    const b = fakeResults([fakeEntry('c.basics.one', 'pass'), fakeEntry('c.basics.two', 'pass')], {
      manifest: { runSeed: 7 },
    });
    const cmp = buildComparison([
      {
        label: 'a',
        results: a,
        baseline: { formatVersion: 1, profile: 'cos', expectedFailures: [{ checkId: 'c.basics.three' }] },
      },
      {
        label: 'b',
        results: b,
        baseline: { formatVersion: 1, profile: 'cos', expectedFailures: [{ checkId: 'c.basics.two' }] },
      },
    ]);
    const row = (id: string) => cmp.rows.find((r) => r.checkId === id)!;
    expect(row('c.basics.one')).toMatchObject({ cells: ['pass', 'pass'], differs: false });
    expect(row('c.basics.two')).toMatchObject({ cells: ['fail', 'unexpected-pass'], differs: true });
    expect(row('c.basics.three')).toMatchObject({ cells: ['expected-failure', 'absent'], differs: true });
    expect(cmp.notes).toEqual(['the runs used different seeds: generated inputs differ']);
    const md = renderCompareMarkdown(cmp);
    expect(md).toContain('| `c.basics.two` | basics | ❌ fail | 🎉 unexpected pass |');
  });

  test('labels are made unique', () => {
    expect(uniqueLabels(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a#2', 'a#3']);
  });
});

describe('baseline', () => {
  test('a baseline lists the failing and erroring checks, keeping hand-written reasons', () => {
    const b = baselineFromResults(mixedResults(), {
      formatVersion: 1,
      profile: 'cos',
      expectedFailures: [
        { checkId: 'basics.upload-part.etag-md5', reason: 'vendor bug #12' },
        { checkId: 'gone.check' },
      ],
    });
    expect(b.expectedFailures).toEqual([
      { checkId: 'basics.upload-part.etag-md5', reason: 'vendor bug #12' },
      { checkId: 'basics.upload-part.request-id', reason: UNEXPLAINED_REASON },
    ]);
    expect(b).toMatchObject({ formatVersion: 2, profile: 'cos', source: 'run-1' });
  });
});

describe('merge', () => {
  async function shard(
    name: string,
    shardSel: string,
    checks: ReturnType<typeof fakeEntry>[],
    history: string[],
  ) {
    const results = fakeResults(checks, {
      runId: `r-${name}`,
      manifest: { selection: { only: [], skip: [], shard: shardSel } },
    });
    await writeJsonAtomic(join(dir, name, 'results.json'), results);
    await writeFile(join(dir, name, 'history.ndjson'), history.map((l) => `${l}\n`).join(''));
    await writeFile(
      join(dir, name, 'junit.xml'),
      `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="cos-conformance" tests="${checks.length}" failures="0" errors="0" time="1.5">\n<testsuite name="${name}" tests="${checks.length}">\n<testcase name="x"></testcase>\n</testsuite>\n</testsuites>\n`,
    );
    return loadResults(join(dir, name));
  }

  test('entries, histories, junit and manifests of shards become one run', async () => {
    const up = (status: number) => JSON.stringify({ seq: 1, op: 'uploadPart', response: { status } });
    const s1 = await shard(
      's1',
      '1/2',
      [fakeEntry('m.basics.a', 'pass'), fakeEntry('m.basics.b', 'skip')],
      [up(200), up(500)],
    );
    const s2 = await shard(
      's2',
      '2/2',
      [fakeEntry('m.basics.b', 'fail'), fakeEntry('m.basics.c', 'pass')],
      [up(200)],
    );
    assertMergeable([s1, s2]);
    expect(mergeEntries([s1, s2]).map((e) => `${e.checkId}:${e.outcome}`)).toEqual([
      'm.basics.a:pass',
      'm.basics.b:fail',
      'm.basics.c:pass',
    ]);
    const out = join(dir, 'merged', 'history.ndjson');
    await mergeHistories([s1, s2], out);
    expect(await scanHistory(out)).toMatchObject({
      exchanges: 3,
      uploadPart: { attempted: 3, succeeded: 2 },
    });
    const junit = (await mergeJunit([s1, s2]))!;
    expect(junit).toContain('tests="4" failures="0" errors="0" time="3.000"');
    expect(junit.match(/<testsuite\b/g)).toHaveLength(2);
    const manifest = mergeManifests([s1, s2], ['merge']);
    expect(manifest.selection).toEqual({ only: [], skip: [], mergedShards: ['1/2', '2/2'] });
  });

  test('runs of different seeds, or a shard given twice, are refused', async () => {
    const s1 = await shard('t1', '1/2', [fakeEntry('m.basics.a', 'pass')], []);
    const other = { ...s1, results: { ...s1.results, manifest: { ...s1.results.manifest, runSeed: 99 } } };
    expect(() => assertMergeable([s1, other])).toThrow(ReportInputError);
    expect(() => assertMergeable([s1, s1])).toThrow(/given twice/);
  });
});

describe('loading results', () => {
  test('missing, non-JSON, wrong-version and invalid files are input errors with codes', async () => {
    await expect(loadResults(join(dir, 'nope'))).rejects.toMatchObject({ code: 'E_INPUT_NOT_FOUND' });
    await writeFile(join(dir, 'bad.json'), '{');
    await expect(loadResults(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
    await writeFile(join(dir, 'v9.json'), JSON.stringify({ formatVersion: 9 }));
    await expect(loadResults(join(dir, 'v9.json'))).rejects.toThrow(/formatVersion 9 is not supported/);
    const broken = JSON.parse(JSON.stringify(mixedResults()));
    broken.checks[0].outcome = 'maybe';
    await writeFile(join(dir, 'broken.json'), JSON.stringify(broken));
    await expect(loadResults(join(dir, 'broken.json'))).rejects.toThrow(
      /checks\[0\]\.outcome: must be one of/,
    );
  });

  test('history scanning counts Upload Part successes and uploaded bytes, and survives a torn last line', async () => {
    const f = join(dir, 'h.ndjson');
    await writeFile(
      f,
      `${JSON.stringify({ op: 'uploadPart', request: { bodySize: 5 }, response: { status: 200 } })}\n${JSON.stringify({ op: 'uploadPart', transportError: { code: 'ECONNRESET' } })}\n${JSON.stringify({ op: 'listParts', response: { status: 200 } })}\n{"op":"uplo`,
    );
    expect(await scanHistory(f)).toEqual({
      exchanges: 3,
      malformed: 1,
      uploadPart: { attempted: 2, succeeded: 1 },
      bytes: 5,
    });
    expect(await scanHistory(join(dir, 'absent.ndjson'))).toMatchObject({ exchanges: 0 });
    // a reused --out directory starts a fresh history
    await resetHistoryFile(f);
    expect(await scanHistory(f)).toMatchObject({ exchanges: 0, malformed: 0 });
    await resetHistoryFile(join(dir, 'new', 'sub', 'h.ndjson'));
    expect(await readFile(join(dir, 'new', 'sub', 'h.ndjson'), 'utf8')).toBe('');
    expect(JSON.parse(await readFile(join(dir, 's1', 'results.json'), 'utf8')).formatVersion).toBe(1);
  });
});
