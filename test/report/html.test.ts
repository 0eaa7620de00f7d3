import { describe, expect, test } from 'vitest';
import { embedJson, escapeHtml, renderHtml } from '../../src/report/html.ts';
import { fakeEntry, fakeResults, mixedResults } from './fake-results.ts';

describe('report.html (as text)', () => {
  test('is one self-contained file: no external script, style, image or font', () => {
    const html = renderHtml(mixedResults());
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('<script type="application/json" id="cos-results">');
  });

  test('embeds the results with every < escaped, so endpoint text cannot close the script', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const html = renderHtml(fakeResults([fakeEntry('a.b.c', 'fail', { message: hostile })]));
    const start = html.indexOf('<script type="application/json" id="cos-results">');
    const end = html.indexOf('</script>', start);
    const embedded = html.slice(start, end);
    expect(embedded).not.toContain('</script');
    expect(embedded).not.toContain('<!--');
    const json = JSON.parse(embedded.slice(embedded.indexOf('>') + 1));
    expect(json.checks[0].message).toBe(hostile);
  });

  test('embedJson and escapeHtml round-trip and escape', () => {
    const value = { s: '<a href="x">&\u2028\u2029</a>' };
    expect(JSON.parse(embedJson(value))).toEqual(value);
    expect(embedJson(value)).not.toMatch(/[<>&\u2028\u2029]/);
    expect(escapeHtml(`<"'&>`)).toBe('&lt;&quot;&#39;&amp;&gt;');
  });
});
