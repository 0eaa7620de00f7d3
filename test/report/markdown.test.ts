import { describe, expect, test } from 'vitest';
import { renderMarkdown, mdCell } from '../../src/report/markdown.ts';
import { fakeEntry, fakeResults, mixedResults } from './fake-results.ts';

describe('report.md', () => {
  test('a check whose situation did not arise is listed as not exercised; other skips are not', () => {
    const md = renderMarkdown(
      fakeResults([
        fakeEntry('complete.complete.leading-whitespace', 'skip', {
          message: 'not exercised: no Complete answer of this run started with whitespace',
        }),
        fakeEntry('part-size.upload-part.at-5gib-accepted', 'skip', {
          message: 'runs in the full tier only',
        }),
      ]),
    );
    expect(md).toContain('### Not exercised (1)');
    expect(md).toMatch(/`complete\.complete\.leading-whitespace`: not exercised: no Complete answer/);
    expect(md).not.toContain('at-5gib-accepted`: runs in the full tier');
  });

  test('states the gate, the target, the seed and the counts', () => {
    const md = renderMarkdown(mixedResults());
    expect(md).toMatch(/^## cos-conformance: ❌ non-conformant/);
    expect(md).toContain('**Exit 1**');
    expect(md).toContain('| Run seed | `42` |');
    expect(md).toContain('| 2 | 1 | 1 | 1 | 1 | 6 |');
    expect(md).toContain('| basics | 1 | 1 | 1 | 0 | 1 |');
    expect(md).toContain('| overwrite | 1 | 0 | 0 | 1 | 0 |');
  });

  test('details each failure with its evidence and reproduction', () => {
    const md = renderMarkdown(mixedResults());
    expect(md).toContain('### Failures (2)');
    expect(md).toContain('#### ❌ `basics.upload-part.etag-md5`');
    expect(md).toContain(
      '`PUT /run/key?partNumber=1&uploadId=abc HTTP/1.1` → 400 InvalidArgument · request id `req-123`',
    );
    expect(md).toContain('<details><summary>Reproduce</summary>');
    expect(md).toContain('### Indeterminate (1)');
  });

  test('lists cleanup leftovers apart from the verdicts, and nothing when there are none', () => {
    const results = {
      ...mixedResults(),
      leftovers: [
        {
          family: 'abort',
          kind: 'upload' as const,
          key: 'run/abort/fresh',
          uploadId: 'u1',
          answer: 'abortMultipartUpload → 405 MethodNotAllowed',
        },
      ],
    };
    const md = renderMarkdown(results);
    expect(md).toContain('### Cleanup leftovers (1)');
    expect(md).toContain('- upload `run/abort/fresh` (`u1`): abortMultipartUpload → 405 MethodNotAllowed');
    expect(renderMarkdown(mixedResults())).not.toContain('Cleanup leftovers');
  });

  test('separates expected failures and unexpected passes under a baseline', () => {
    const results = fakeResults([fakeEntry('a.basics.x', 'fail'), fakeEntry('a.basics.y', 'pass')], {
      baseline: {
        formatVersion: 1,
        profile: 'cos',
        expectedFailures: [{ checkId: 'a.basics.x' }, { checkId: 'a.basics.y' }],
      },
    });
    const md = renderMarkdown(results);
    expect(md).toContain('✅ conformant except for expected failures');
    expect(md).toContain('### Expected failures (baseline) (1)');
    expect(md).toContain('### Unexpected passes (1)');
    expect(md).not.toContain('### New failures');
  });

  test('table cells cannot break the table or inject HTML', () => {
    expect(mdCell('a|b\nc <img>')).toBe('a\\|b c &lt;img>');
    const md = renderMarkdown(fakeResults([fakeEntry('a.b.c', 'fail', { message: 'x | y <script>' })]));
    expect(md).toContain('x \\| y &lt;script>');
    expect(md).not.toContain('<script>');
  });

  test('caps the detailed failures so a job summary stays small', () => {
    const many = Array.from({ length: 60 }, (_, i) => fakeEntry(`a.basics.c${i}`, 'fail'));
    const md = renderMarkdown(fakeResults(many));
    expect(md.match(/^#### /gm)).toHaveLength(40);
    expect(md).toContain('- ❌ `a.basics.c59`');
    expect(md).toContain('Details of the first 40 only');
  });
});
