import { describe, expect, it } from 'vitest';
import { XmlParseError, XmlShapeError } from '../../src/xml/errors.ts';
import { buildInitiateResult, parseInitiateResult } from '../../src/xml/initiate.ts';
import { INITIATE_RESULT_D7746 } from './fixtures.ts';

describe('InitiateMultipartUploadResult', () => {
  it('reads the doc example (§2.1)', () => {
    expect(parseInitiateResult(INITIATE_RESULT_D7746)).toEqual({
      bucket: 'examplebucket-1250000000',
      key: 'exampleobject',
      uploadId: '1585130821cbb7...6361',
    });
  });

  it('round-trips, keeping key spaces and escaping', () => {
    const r = { bucket: 'b-1250000000', key: ' dir/a&b "c".txt ', uploadId: '1585130821abc' };
    const xml = buildInitiateResult(r);
    expect(xml.startsWith('<InitiateMultipartUploadResult><Bucket>')).toBe(true);
    expect(parseInitiateResult(xml)).toEqual(r);
  });

  it('requires UploadId and the right root; rejects malformed XML', () => {
    expect(() =>
      parseInitiateResult('<InitiateMultipartUploadResult><Key>k</Key></InitiateMultipartUploadResult>'),
    ).toThrow(/InitiateMultipartUploadResult\/UploadId: required element is missing/);
    expect(() => parseInitiateResult('<Error><Code>AccessDenied</Code></Error>')).toThrow(XmlShapeError);
    expect(() => parseInitiateResult('<InitiateMultipartUploadResult><UploadId>x</Upload')).toThrow(
      XmlParseError,
    );
    expect(() =>
      parseInitiateResult(
        '<InitiateMultipartUploadResult><UploadId>a</UploadId><UploadId>b</UploadId></InitiateMultipartUploadResult>',
      ),
    ).toThrow(/occurs 2 times/);
  });
});
