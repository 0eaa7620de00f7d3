import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cosUrlEncode } from '../../src/sign/url-encode.ts';
import { decodeQueryPairs, percentDecode } from '../../src/sign/query.ts';

/** The Node SDK's camSafeUrlEncode, restated from spec §6.3 as an oracle for well-formed strings. */
function camSafe(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('cosUrlEncode (spec §6.1)', () => {
  it('keeps only A-Z a-z 0-9 - _ . ~ literal', () => {
    const literal = 'ABCXYZabcxyz0189-_.~';
    expect(cosUrlEncode(literal)).toBe(literal);
  });

  it('encodes every character the doc table lists, with upper-case hex', () => {
    const listed = ' !"#$%&\'()*+,/:;<=>?@[\\]^`{|}';
    const encoded = cosUrlEncode(listed);
    expect(encoded).toBe(
      '%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D',
    );
  });

  it('encodes UTF-8 bytes (doc vector 1 path, 腾讯云)', () => {
    expect(cosUrlEncode('(腾讯云)')).toBe('%28%E8%85%BE%E8%AE%AF%E4%BA%91%29');
    expect(cosUrlEncode('😀')).toBe('%F0%9F%98%80');
  });

  it('encodes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(cosUrlEncode('a\uD800b')).toBe('a%EF%BF%BDb');
  });

  it('equals camSafeUrlEncode for every well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (s) => {
        expect(cosUrlEncode(s)).toBe(camSafe(s));
      }),
      { numRuns: 200 },
    );
  });
});

describe('decodeQueryPairs', () => {
  it('decodes names and values, keeps order and repeats, gives value-less params the value ""', () => {
    expect(decodeQueryPairs('?uploads&partNumber=1&a=x%20y+z&a=%2B&b=c=d&=e')).toEqual([
      ['uploads', ''],
      ['partNumber', '1'],
      ['a', 'x y+z'],
      ['a', '+'],
      ['b', 'c=d'],
      ['', 'e'],
    ]);
    expect(decodeQueryPairs('')).toEqual([]);
    expect(decodeQueryPairs('?')).toEqual([]);
  });

  it('keeps a malformed percent sequence as written', () => {
    expect(percentDecode('100%')).toBe('100%');
    expect(decodeQueryPairs('k=%E4%zz')).toEqual([['k', '%E4%zz']]);
  });

  it('inverts cosUrlEncode', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), { maxLength: 5 }),
        (pairs) => {
          const raw = pairs.map(([k, v]) => `${cosUrlEncode(k)}=${cosUrlEncode(v)}`).join('&');
          expect(decodeQueryPairs(raw)).toEqual(pairs);
        },
      ),
    );
  });
});
