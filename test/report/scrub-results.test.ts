/** Secrets are scrubbed from the values of the written reports, never from their keys or identifiers. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REDACTED } from '../../src/client/redact.ts';
import { renderHtml } from '../../src/report/html.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { scrubResults } from '../../src/report/scrub-results.ts';
import { writeRunReports } from '../../src/report/write-run.ts';
import { mixedResults } from './fake-results.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-scrub-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Every key path of a JSON value (array indexes as `[]`), sorted, to compare the structure of two documents
 * (the order of keys in an object carries no meaning: the writer emits them in the schema's order).
 */
function keyPaths(value: unknown): string[] {
  return allKeyPaths(value).sort();
}

function allKeyPaths(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => allKeyPaths(v, `${at}[]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${at}.${k}`, ...allKeyPaths(v, `${at}.${k}`)]);
  }
  return [];
}

describe('scrubbing the reports of a run', () => {
  for (const secret of ['test', 'minioadmin', 'upload-part', 'complete', 'basics', 'fastCheck', '4.1.0']) {
    test(`a short secret "${secret}" leaves results.json valid, with its keys and identifiers`, async () => {
      const results = mixedResults();
      results.checks[0]!.message = `the ${secret} leaked, in vitest and ${secret}s`;
      const out = join(dir, `short-${secret}`);
      await writeRunReports(out, results, { secrets: [secret] });
      const text = await readFile(join(out, 'results.json'), 'utf8');
      const written = ResultsSchema.parse(JSON.parse(text));
      await expect(loadResults(out)).resolves.toBeDefined();
      expect(keyPaths(written)).toEqual(keyPaths(JSON.parse(JSON.stringify(results))));
      expect(written.manifest.runtime).toEqual(results.manifest.runtime);
      expect(written.checks.map((c) => [c.checkId, c.family, c.test, c.evidence])).toEqual(
        results.checks.map((c) => [c.checkId, c.family, c.test, c.evidence]),
      );
      expect(written.checks[0]!.message).toBe(`the ${REDACTED} leaked, in vitest and ${secret}s`);
      const renders = { 'report.md': renderMarkdown(results), 'report.html': renderHtml(results) };
      for (const [f, unscrubbed] of Object.entries(renders)) {
        const rendered = await readFile(join(out, f), 'utf8');
        for (const c of results.checks)
          expect(rendered.includes(c.checkId), f).toBe(unscrubbed.includes(c.checkId));
        expect(rendered.length, f).toBeGreaterThan(unscrubbed.length / 2);
      }
    });
  }

  test('a distinctive secret is scrubbed from every value, keys untouched', () => {
    const secret = 'Zq8vN2kLr5TtW9yB';
    const results = mixedResults();
    results.checks[1]!.evidence[0] = {
      ...results.checks[1]!.evidence[0]!,
      request: { ...results.checks[1]!.evidence[0]!.request, url: `http://h/k?echo=${secret}` },
    };
    results.manifest.label = `vendor-${secret}`;
    results.unhandledErrors.push({ message: `boom ${secret}`, stack: `at ${secret}` });
    const clean = scrubResults(results, [secret]);
    expect(JSON.stringify(clean)).not.toContain(secret);
    expect(keyPaths(clean)).toEqual(keyPaths(results));
    expect(ResultsSchema.safeParse(clean).success).toBe(true);
  });
});
