import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync, writeJsonAtomic } from '../../src/report/atomic-write.ts';
import { writeRunReports } from '../../src/report/write-run.ts';
import { mixedResults } from './fake-results.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-atomic-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('atomic writes', () => {
  test('create directories, replace whole files and leave no temp file behind', async () => {
    const f = join(dir, 'a', 'b', 'x.json');
    await writeJsonAtomic(f, { v: 1 });
    await writeFileAtomic(f, 'second');
    writeFileAtomicSync(join(dir, 'a', 'b', 'y.txt'), 'sync');
    expect(await readFile(f, 'utf8')).toBe('second');
    expect((await readdir(join(dir, 'a', 'b'))).sort()).toEqual(['x.json', 'y.txt']);
  });

  test('a failed write leaves the previous file and no temp file', async () => {
    const f = join(dir, 'keep.txt');
    await writeFileAtomic(f, 'old');
    await expect(writeFileAtomic(join(f, 'child'), 'x')).rejects.toThrow();
    expect(await readFile(f, 'utf8')).toBe('old');
  });
});

describe('writing a run', () => {
  test('writes results.json, report.md and report.html with a format version, and appends the job summary', async () => {
    const summary = join(dir, 'step-summary.md');
    const paths = await writeRunReports(join(dir, 'run'), mixedResults(), { stepSummaryFile: summary });
    expect(JSON.parse(await readFile(paths.results, 'utf8')).formatVersion).toBe(1);
    expect(await readFile(paths.html, 'utf8')).toContain('name="cos-conformance-format" content="1"');
    const md = await readFile(paths.markdown, 'utf8');
    await writeRunReports(join(dir, 'run'), mixedResults(), { stepSummaryFile: summary });
    expect(await readFile(summary, 'utf8')).toBe(`${md}\n${md}\n`);
  });

  test('a secret that slipped into the data is scrubbed from every file, in every encoding', async () => {
    const secret = 'Top/Secret+Key&<1>';
    const results = mixedResults();
    results.checks[0]!.message = `leaked ${secret} and ${encodeURIComponent(secret)}`;
    const paths = await writeRunReports(join(dir, 'leak'), results, { secrets: [secret] });
    for (const p of Object.values(paths)) {
      const text = await readFile(p, 'utf8');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
      expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
      expect(text).not.toContain('Top/Secret+Key&amp;&lt;1&gt;');
    }
  });
});
