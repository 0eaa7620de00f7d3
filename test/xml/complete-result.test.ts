import { describe, expect, it } from 'vitest';
import {
  buildCompleteResult,
  COMPLETE_RESULT_NAMESPACE,
  parseCompleteResult,
} from '../../src/xml/complete-result.ts';
import { parseErrorXml } from '../../src/xml/error-doc.ts';
import { XmlShapeError } from '../../src/xml/errors.ts';
import { COMPLETE_RESULT_D7742, ERROR_D7730 } from './fixtures.ts';

const docResult = {
  location: 'http://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject',
  bucket: 'examplebucket-1250000000',
  key: 'exampleobject',
  etag: '"aa259a62513358f69e98e72e59856d88-3"',
};

describe('CompleteMultipartUploadResult', () => {
  it('reads the doc example (§2.5): declaration, namespace, &quot; ETag', () => {
    expect(parseCompleteResult(COMPLETE_RESULT_D7742)).toEqual(docResult);
  });

  it('reads it after the keep-alive whitespace COS streams first (§2.5)', () => {
    const streamed = `${' '.repeat(4096)}\n${'\r\n'.repeat(50)}${COMPLETE_RESULT_D7742}`;
    expect(parseCompleteResult(streamed)).toEqual(docResult);
  });

  it('an <Error> after the whitespace is not a result, and parseErrorXml reads it', () => {
    const streamed = `${' '.repeat(100)}${ERROR_D7730}`;
    expect(() => parseCompleteResult(streamed)).toThrow(XmlShapeError);
    expect(parseErrorXml(streamed)?.code).toBe('NoSuchUpload');
  });

  it('builds the doc form and round-trips', () => {
    const xml = buildCompleteResult(docResult);
    expect(xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult xmlns="${COMPLETE_RESULT_NAMESPACE}">` +
        '<Location>http://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/exampleobject</Location>' +
        '<Bucket>examplebucket-1250000000</Bucket><Key>exampleobject</Key>' +
        '<ETag>&quot;aa259a62513358f69e98e72e59856d88-3&quot;</ETag></CompleteMultipartUploadResult>',
    );
    expect(parseCompleteResult(xml)).toEqual(docResult);
  });

  it('requires an ETag', () => {
    expect(() =>
      parseCompleteResult('<CompleteMultipartUploadResult><Key>k</Key></CompleteMultipartUploadResult>'),
    ).toThrow(/ETag: required/);
  });
});
