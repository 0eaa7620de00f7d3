/** The profile's confidence on each results.json entry, and shown next to each failure in every report. */
import { describe, expect, test } from 'vitest';
import { printSummary } from '../../src/cli/summary.ts';
import { renderHtml } from '../../src/report/html.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { captureIo } from '../cli/io-capture.ts';
import { fakeEntry, fakeResults } from './fake-results.ts';

const zero = 'part-number.upload-part.reject-zero';
const md5 = 'integrity.upload-part.md5-wrong';
const gaps = 'complete.complete.subset-with-gaps';

function run(profile: 'cos' | 's3' = 'cos') {
  return fakeResults(
    [
      fakeEntry(zero, 'fail', { family: 'part-number', expected: '400 InvalidArgument' }),
      fakeEntry(md5, 'fail', { family: 'integrity', expected: '400 BadDigest' }),
      fakeEntry('part-number.upload-part.leading-zero', 'pass', { family: 'part-number' }),
      fakeEntry('not.a.check', 'fail', { expected: '200' }),
    ],
    { manifest: { profile } },
  );
}

describe('confidence in results.json', () => {
  test('each entry carries the confidence of its expectation under the run profile', () => {
    const r = run();
    expect(ResultsSchema.parse(r)).toBeTruthy();
    const of = (id: string) => r.checks.find((c) => c.checkId === id)?.confidence;
    expect(of(zero)).toBe('documented');
    expect(of(md5)).toBe('confirmed');
    expect(of('part-number.upload-part.leading-zero')).toBe('inferred');
    expect(of('not.a.check')).toBeUndefined();
    const s3 = fakeResults([fakeEntry(gaps, 'fail', { family: 'complete' })], {
      manifest: { profile: 's3' },
    });
    expect(s3.checks[0]?.confidence).toBeDefined();
  });
});

describe('a failure shows the confidence of what was expected', () => {
  test('report.md', () => {
    const md = renderMarkdown(run());
    expect(md).toContain('- expected 400 InvalidArgument (documented, unconfirmed on COS)');
    expect(md).toContain('- expected 400 BadDigest (confirmed)');
    expect(md).toContain('- expected 200\n');
    const none = renderMarkdown(
      fakeResults([fakeEntry('part-number.upload-part.reject-zero', 'fail', { family: 'part-number' })]),
    );
    expect(none).toContain('- expectation documented, unconfirmed on COS');
  });

  test('the terminal summary', () => {
    const io = captureIo();
    printSummary(io.stdout, run(), { dir: 'reports' });
    const out = io.out();
    expect(out).toMatch(
      new RegExp(
        `✗ ${zero} \\[fail\\] .*\\n\\s+expected 400 InvalidArgument \\(documented, unconfirmed on COS\\)`,
      ),
    );
    expect(out).toContain('expected 400 BadDigest (confirmed)');
  });

  test('report.html embeds the labels of the run profile beside the entries', () => {
    const html = renderHtml(run());
    const labels = /<script type="application\/json" id="cos-confidence-labels">(.*?)<\/script>/.exec(html);
    expect(JSON.parse(labels?.[1] ?? '{}')).toEqual({
      inferred: 'inferred, not documented',
      documented: 'documented, unconfirmed on COS',
      confirmed: 'confirmed',
    });
    expect(html).toContain('"confidence":"documented"');
    expect(html).toContain("kv(dl, 'Expected', withConfidence(c))");
  });
});
