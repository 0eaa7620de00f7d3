import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildXml, escapeXml } from '../../src/xml/build.ts';
import { XmlBuildError } from '../../src/xml/errors.ts';
import { parseXml } from '../../src/xml/parse.ts';

describe('buildXml', () => {
  it('writes elements in key order, arrays as repeated elements, skips undefined', () => {
    const xml = buildXml('R', {
      B: 'b',
      A: 1,
      Part: [{ N: 1 }, { N: 2 }],
      Skip: undefined,
      E: null,
      F: '',
      T: true,
    });
    expect(xml).toBe('<R><B>b</B><A>1</A><Part><N>1</N></Part><Part><N>2</N></Part><E/><F/><T>true</T></R>');
  });

  it('adds the declaration and a default namespace on request', () => {
    expect(buildXml('R', { A: 'x' }, { declaration: true, namespace: 'urn:x' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:x"><A>x</A></R>',
    );
  });

  it('escapes text, and quotes as &quot; unless told not to', () => {
    expect(buildXml('R', { E: '"a"<&>' })).toBe('<R><E>&quot;a&quot;&lt;&amp;&gt;</E></R>');
    expect(buildXml('R', { E: '"a"' }, { escapeQuotes: false })).toBe('<R><E>"a"</E></R>');
    expect(escapeXml('a&amp;')).toBe('a&amp;amp;');
  });

  it('round-trips any XML-safe text through parseXml', () => {
    const xmlChar = fc
      .integer({ min: 0x20, max: 0xd7ff })
      .chain((c) => fc.constantFrom(String.fromCharCode(c), '\t', '\n', '&', '<', '"', "'", ']]>'));
    fc.assert(
      fc.property(
        fc.array(xmlChar, { maxLength: 40 }).map((cs) => cs.join('')),
        (text) => {
          // Surrounding non-space characters so layout trimming does not apply.
          const value = `x${text.replace(/\r/g, '')}x`;
          expect(parseXml(buildXml('R', { V: value }))).toEqual({ R: { V: value } });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses names and characters XML cannot carry', () => {
    expect(() => buildXml('R', { 'bad name': 'x' })).toThrow(XmlBuildError);
    expect(() => buildXml('1R', {})).toThrow(XmlBuildError);
    expect(() => buildXml('R', { K: 'a\u0001b' })).toThrow(expect.objectContaining({ code: 'XML_BUILD' }));
    expect(() => buildXml('R', { K: [['nested']] })).toThrow(XmlBuildError);
  });
});
