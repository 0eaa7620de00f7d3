import { describe, expect, it } from 'vitest';
import { describeRequest } from '../../src/faults/connection.ts';
import { parseRequestHead } from '../../src/faults/http-head.ts';

const op = (line: string, extra = '') =>
  describeRequest(parseRequestHead(Buffer.from(`${line} HTTP/1.1\r\nHost: b\r\n${extra}\r\n`))!, 1, 1).op;

describe('classifying COS operations (spec §2)', () => {
  it.each([
    ['POST /k?uploads', 'initiateMultipartUpload'],
    ['PUT /k?partNumber=1&uploadId=u', 'uploadPart'],
    ['PUT /k?PartNumber=1&UploadId=u', 'uploadPart'],
    ['GET /k?uploadId=u', 'listParts'],
    ['POST /k?uploadId=u', 'completeMultipartUpload'],
    ['DELETE /k?uploadId=u', 'abortMultipartUpload'],
    ['GET /?uploads', 'listMultipartUploads'],
    ['PUT /k', 'putObject'],
    ['GET /k', 'getObject'],
    ['HEAD /k', 'headObject'],
    ['DELETE /k', 'deleteObject'],
    ['GET /', 'other'],
    ['PUT /k?acl', 'other'],
    ['PUT http://b.cos.example/k?partNumber=2&uploadId=u', 'uploadPart'],
  ])('%s → %s', (line, expected) => {
    expect(op(line)).toBe(expected);
  });

  it('a copy source makes Upload Part - Copy and Copy Object', () => {
    expect(op('PUT /k?partNumber=1&uploadId=u', 'x-cos-copy-source: b/src\r\n')).toBe('uploadPartCopy');
    expect(op('PUT /k', 'x-cos-copy-source: b/src\r\n')).toBe('copyObject');
  });

  it('describes path, query, headers and length', () => {
    const head = parseRequestHead(
      Buffer.from('PUT /a%20b?partNumber=7&uploadId=u HTTP/1.1\r\nHost: b\r\nContent-Length: 12\r\n\r\n'),
    )!;
    expect(describeRequest(head, 3, 2)).toMatchObject({
      seq: 3,
      connection: 2,
      path: '/a%20b',
      query: { partNumber: '7', uploadId: 'u' },
      headers: { host: 'b', 'content-length': '12' },
      contentLength: 12,
    });
  });
});
