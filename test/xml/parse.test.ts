import { describe, expect, it } from 'vitest';
import { XmlParseError } from '../../src/xml/errors.ts';
import { parseXml } from '../../src/xml/parse.ts';

describe('parseXml', () => {
  it('keeps values as strings: no number or boolean parsing, leading zeros kept', () => {
    expect(parseXml('<R><Size>007</Size><T>true</T><Big>18446744073709551615</Big></R>')).toEqual({
      R: { Size: '007', T: 'true', Big: '18446744073709551615' },
    });
  });

  it('decodes &quot; and character references, keeps the quotes of an ETag', () => {
    const doc = parseXml('<R><A>&quot;abc&quot;</A><B>"raw"</B><C>&#34;x&#x22;&amp;lt;</C></R>');
    expect(doc).toEqual({ R: { A: '"abc"', B: '"raw"', C: '"x"&lt;' } });
  });

  it('skips whitespace before the document, as COS Complete streams it (spec §2.5)', () => {
    const text = `${' \n'.repeat(500)}\t<?xml version="1.0" encoding="UTF-8"?>\n<R><K>v</K></R>\n`;
    expect(parseXml(text)).toEqual({ R: { K: 'v' } });
    expect(parseXml('\uFEFF<R/>')).toEqual({ R: '' });
  });

  it('makes Part, Upload and CommonPrefixes arrays even when single, and others only when repeated', () => {
    expect(parseXml('<R><Part><N>1</N></Part><X>1</X></R>')).toEqual({ R: { Part: [{ N: '1' }], X: '1' } });
    expect(parseXml('<R><X>1</X><X>2</X></R>')).toEqual({ R: { X: ['1', '2'] } });
    expect(parseXml('<R><Upload/><CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes></R>')).toEqual({
      R: { Upload: [''], CommonPrefixes: [{ Prefix: 'a/' }] },
    });
    expect(parseXml('<R><X>1</X></R>', { arrayTags: ['X'] })).toEqual({ R: { X: ['1'] } });
  });

  it('ignores namespaces and attributes', () => {
    const text = '<ns:R xmlns:ns="urn:a" xmlns="urn:b" a="1"><ns:Part id="2"><ns:N>1</ns:N></ns:Part></ns:R>';
    expect(parseXml(text)).toEqual({ R: { Part: [{ N: '1' }] } });
  });

  it('keeps spaces inside text (object keys may have them) and drops layout whitespace', () => {
    expect(parseXml('<R>\n  <Key> a b </Key>\n  <E/>\n  <F>\n  </F>\n</R>')).toEqual({
      R: { Key: ' a b ', E: '', F: '\n  ' },
    });
  });

  it('reads CDATA as text', () => {
    expect(parseXml('<R><K><![CDATA[<a&b>]]></K></R>')).toEqual({ R: { K: '<a&b>' } });
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '  \n '],
    ['not XML', 'not xml'],
    ['unclosed element', '<R><A></R>'],
    ['mismatched tags', '<R><A></B></R>'],
    ['text after the root', '<R/> junk'],
    ['two roots', '<A/><B/>'],
    ['the same root twice', '<A/><A/>'],
    ['a bare ampersand', '<R>a & b</R>'],
    ['an undeclared entity', '<R>&nbsp;</R>'],
    ['a DOCTYPE', '<!DOCTYPE R [<!ENTITY e "x">]><R>&e;</R>'],
    ['truncated', '<R><Part><N>1</N></Part'],
    ['an error page in HTML', '<html><body><p>502 Bad Gateway<br></body></html>'],
  ])('throws XmlParseError (code XML_PARSE) on %s', (_name, text) => {
    expect(() => parseXml(text)).toThrow(XmlParseError);
    expect(() => parseXml(text)).toThrow(expect.objectContaining({ code: 'XML_PARSE' }));
  });

  it('reports where the problem is', () => {
    try {
      parseXml('<R>\n<A></B>\n</R>');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(XmlParseError);
      expect((error as XmlParseError).line).toBe(2);
    }
  });
});
