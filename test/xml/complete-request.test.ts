import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCompleteRequest, parseCompleteRequest } from '../../src/xml/complete-request.ts';
import { isXmlInputError, XmlParseError, XmlShapeError } from '../../src/xml/errors.ts';
import { COMPLETE_REQUEST_D7742, COMPLETE_REQUEST_D7742_MD5 } from './fixtures.ts';

/** Lower-case hex strings (fast-check 4 has no hexaString). */
const hex = (c: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), ...c });

describe('CompleteMultipartUpload request', () => {
  it('the fixture is the doc body byte for byte (Content-MD5 and length of the doc request)', () => {
    expect(Buffer.byteLength(COMPLETE_REQUEST_D7742)).toBe(353);
    expect(createHash('md5').update(COMPLETE_REQUEST_D7742).digest('base64')).toBe(
      COMPLETE_REQUEST_D7742_MD5,
    );
  });

  it('reads the doc example (§2.5), ETags with their quotes', () => {
    expect(parseCompleteRequest(COMPLETE_REQUEST_D7742)).toEqual({
      parts: [
        { partNumber: '1', etag: '"39270a968a357d24207e9911162507eb"' },
        { partNumber: '2', etag: '"d899fbd1e06109ea2e4550f5751c88d6"' },
        { partNumber: '3', etag: '"762890d6c9a871b7bd136037cb2260cd"' },
      ],
    });
  });

  it("accepts the Go SDK's ETag-before-PartNumber order, unquoted and &quot; ETags", () => {
    const xml =
      '<CompleteMultipartUpload>' +
      '<Part><ETag>"aaa"</ETag><PartNumber>1</PartNumber></Part>' +
      '<Part><ETag>bbb</ETag><PartNumber>2</PartNumber></Part>' +
      '<Part><PartNumber>3</PartNumber><ETag>&quot;ccc&quot;</ETag></Part>' +
      '</CompleteMultipartUpload>';
    expect(parseCompleteRequest(xml).parts).toEqual([
      { partNumber: '1', etag: '"aaa"' },
      { partNumber: '2', etag: 'bbb' },
      { partNumber: '3', etag: '"ccc"' },
    ]);
  });

  it('returns part numbers raw, in document order, for the server to judge', () => {
    const xml = buildCompleteRequest([
      { partNumber: '3', etag: 'x' },
      { partNumber: '0', etag: 'x' },
      { partNumber: 'abc', etag: 'x' },
      { partNumber: '007', etag: 'x' },
    ]);
    expect(parseCompleteRequest(xml).parts.map((p) => p.partNumber)).toEqual(['3', '0', 'abc', '007']);
    expect(parseCompleteRequest('<CompleteMultipartUpload/>').parts).toEqual([]);
  });

  it('tolerates whitespace, a declaration and a namespace; ignores unknown children', () => {
    const xml = `\n  <?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
      <Part>\n <PartNumber> 1 </PartNumber>\n <ETag> "e" </ETag><Size>5</Size></Part></CompleteMultipartUpload>`;
    expect(parseCompleteRequest(xml).parts).toEqual([{ partNumber: '1', etag: '"e"' }]);
  });

  it.each([
    ['not XML', 'PartNumber=1', XmlParseError],
    ['truncated', '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>', XmlParseError],
    [
      'wrong root',
      '<Complete><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></Complete>',
      XmlShapeError,
    ],
    [
      'missing ETag',
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
      XmlShapeError,
    ],
    [
      'missing PartNumber',
      '<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>',
      XmlShapeError,
    ],
    [
      'two PartNumbers in a Part',
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><PartNumber>2</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>',
      XmlShapeError,
    ],
    ['text for a Part', '<CompleteMultipartUpload><Part>1</Part></CompleteMultipartUpload>', XmlShapeError],
  ])('rejects %s (the server answers MalformedXML)', (_name, xml, kind) => {
    expect(() => parseCompleteRequest(xml)).toThrow(kind);
    try {
      parseCompleteRequest(xml);
    } catch (error) {
      expect(isXmlInputError(error)).toBe(true);
    }
  });

  it('buildCompleteRequest writes raw quotes, in either child order, and round-trips', () => {
    const parts = [
      { partNumber: 1, etag: '"39270a968a357d24207e9911162507eb"' },
      { partNumber: 2, etag: 'unquoted' },
    ];
    expect(buildCompleteRequest(parts)).toBe(
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"39270a968a357d24207e9911162507eb"</ETag></Part>' +
        '<Part><PartNumber>2</PartNumber><ETag>unquoted</ETag></Part></CompleteMultipartUpload>',
    );
    expect(buildCompleteRequest(parts, { order: 'etagFirst' })).toContain(
      '<Part><ETag>unquoted</ETag><PartNumber>2</PartNumber></Part>',
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ partNumber: fc.integer({ min: 1, max: 10000 }), etag: hex({ minLength: 1 }) })),
        fc.constantFrom('partNumberFirst' as const, 'etagFirst' as const),
        (ps, order) => {
          const parsed = parseCompleteRequest(buildCompleteRequest(ps, { order }));
          expect(parsed.parts).toEqual(ps.map((p) => ({ partNumber: String(p.partNumber), etag: p.etag })));
        },
      ),
      { numRuns: 100 },
    );
  });
});
