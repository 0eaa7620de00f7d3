import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlShapeError } from '../../src/xml/errors.ts';
import {
  buildListPartsResult,
  type ListPartsResult,
  parseListPartsResult,
} from '../../src/xml/list-parts.ts';
import { LIST_PARTS_D7747 } from './fixtures.ts';

/** Lower-case hex strings (fast-check 4 has no hexaString). */
const hex = (c: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), ...c });

describe('ListPartsResult', () => {
  it('reads the 2020 doc example (§2.4): EncodingType spelling, quoted ETags, no NextPartNumberMarker', () => {
    const r = parseListPartsResult(LIST_PARTS_D7747);
    expect(r).toMatchObject({
      bucket: 'examplebucket-1250000000',
      key: 'exampleobject',
      uploadId: '1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361',
      encodingType: '',
      encodingTypeElement: 'EncodingType',
      owner: { id: '1250000000', displayName: '1250000000' },
      initiator: { id: 'qcs::cam::uin/100000000001:uin/100000000011', displayName: '100000000011' },
      partNumberMarker: 0,
      storageClass: 'Standard',
      maxParts: 1000,
      isTruncated: false,
    });
    expect(r.nextPartNumberMarker).toBeUndefined();
    expect(r.parts).toEqual([
      {
        partNumber: 1,
        lastModified: '2020-03-25T10:07:14.000Z',
        etag: '"39270a968a357d24207e9911162507eb"',
        size: 1048576,
      },
      {
        partNumber: 2,
        lastModified: '2020-03-25T10:07:13.000Z',
        etag: '"d899fbd1e06109ea2e4550f5751c88d6"',
        size: 1048576,
      },
      {
        partNumber: 3,
        lastModified: '2020-03-25T10:07:13.000Z',
        etag: '"762890d6c9a871b7bd136037cb2260cd"',
        size: 1048576,
      },
    ]);
  });

  it.each([
    'Encoding-type',
    'Encoding-Type',
    'EncodingType',
  ])('accepts the %s spelling and says which it saw', (el) => {
    const xml = `<ListPartsResult><${el}>url</${el}><IsTruncated>false</IsTruncated></ListPartsResult>`;
    expect(parseListPartsResult(xml)).toMatchObject({
      encodingType: 'url',
      encodingTypeElement: el,
      parts: [],
    });
  });

  it('reads a single Part as a one-element list and TRUE as true', () => {
    const xml =
      '<ListPartsResult><IsTruncated>TRUE</IsTruncated><NextPartNumberMarker>5</NextPartNumberMarker>' +
      '<Part><ETag>"e"</ETag><Size>0</Size><PartNumber>5</PartNumber><LastModified>t</LastModified></Part></ListPartsResult>';
    expect(parseListPartsResult(xml)).toMatchObject({
      isTruncated: true,
      nextPartNumberMarker: 5,
      parts: [{ partNumber: 5, etag: '"e"', size: 0, lastModified: 't' }],
    });
  });

  it.each([
    [
      'a non-integer Size',
      '<Part><PartNumber>1</PartNumber><ETag>e</ETag><Size>1.5e6</Size><LastModified>t</LastModified></Part>',
      /Part\[1\]\/Size: expected a non-negative integer/,
    ],
    [
      'a missing ETag',
      '<Part><PartNumber>1</PartNumber><Size>1</Size><LastModified>t</LastModified></Part>',
      /Part\[1\]\/ETag: required/,
    ],
    [
      'a negative PartNumber',
      '<Part><PartNumber>-1</PartNumber><ETag>e</ETag><Size>1</Size><LastModified>t</LastModified></Part>',
      /PartNumber/,
    ],
    ['a bad MaxParts', '<MaxParts>many</MaxParts>', /MaxParts/],
  ])('rejects %s with a path', (_name, inner, message) => {
    const xml = `<ListPartsResult><IsTruncated>false</IsTruncated>${inner}</ListPartsResult>`;
    expect(() => parseListPartsResult(xml)).toThrow(XmlShapeError);
    expect(() => parseListPartsResult(xml)).toThrow(message);
  });

  it('requires IsTruncated', () => {
    expect(() => parseListPartsResult('<ListPartsResult/>')).toThrow(/IsTruncated: required/);
    expect(() =>
      parseListPartsResult('<ListPartsResult><IsTruncated>maybe</IsTruncated></ListPartsResult>'),
    ).toThrow(/expected true or false/);
  });

  it('round-trips through buildListPartsResult', () => {
    const owner = fc.option(
      fc.record({
        id: fc.string({ minLength: 1 }).map((s) => `id${s.trim()}x`),
        displayName: fc.constantFrom('n', '1250000000'),
      }),
      { nil: undefined },
    );
    const result: fc.Arbitrary<ListPartsResult> = fc.record({
      bucket: fc.constant('examplebucket-1250000000'),
      key: fc.constantFrom('a', ' spaced key ', 'a&b<c>"d"', '目录/对象'),
      uploadId: hex({ minLength: 1, maxLength: 20 }),
      encodingType: fc.option(fc.constant('url'), { nil: undefined }),
      encodingTypeElement: fc.constantFrom(
        'Encoding-type' as const,
        'Encoding-Type' as const,
        'EncodingType' as const,
      ),
      initiator: owner,
      owner,
      storageClass: fc.constantFrom('STANDARD', 'Standard'),
      partNumberMarker: fc.option(fc.nat(10000), { nil: undefined }),
      nextPartNumberMarker: fc.option(fc.nat(10000), { nil: undefined }),
      maxParts: fc.option(fc.nat(1000), { nil: undefined }),
      isTruncated: fc.boolean(),
      parts: fc.array(
        fc.record({
          partNumber: fc.integer({ min: 1, max: 10000 }),
          etag: hex({ minLength: 32, maxLength: 32 }).map((h) => `"${h}"`),
          size: fc.nat(),
          lastModified: fc.constant('2020-03-25T10:07:14.000Z'),
        }),
        { maxLength: 5 },
      ),
    });
    fc.assert(
      fc.property(result, (r) => {
        const parsed = parseListPartsResult(buildListPartsResult(r));
        const expected = r.encodingType === undefined ? { ...r, encodingTypeElement: undefined } : r;
        expect(parsed).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('writes ETags as &quot; like COS does', () => {
    const xml = buildListPartsResult({
      isTruncated: false,
      parts: [{ partNumber: 1, etag: '"abc"', size: 1, lastModified: 't' }],
    });
    expect(xml).toContain('<ETag>&quot;abc&quot;</ETag>');
  });
});
