import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { httpStub, type Stub, stubTarget } from './stub.ts';

const RESULT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult xmlns="http://www.qcloud.com/document/product/436/7751">' +
  '<Location>http://b.cos.ap-guangzhou.myqcloud.com/k</Location><Bucket>examplebucket-1250000000</Bucket><Key>k</Key>' +
  '<ETag>&quot;aa259a62513358f69e98e72e59856d88-3&quot;</ETag></CompleteMultipartUploadResult>';
const LATE_ERROR =
  "<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message>" +
  '<Resource>b/k</Resource><RequestId>req-1</RequestId><TraceId>trace-1</TraceId></Error>';

/** Streams `chunks` with a pause between them, as COS does while it assembles (spec §2.5). */
function trickle(res: ServerResponse, chunks: string[], then: 'end' | 'destroy' = 'end'): void {
  res.writeHead(200, {
    'content-type': 'application/xml',
    'x-cos-request-id': 'rid',
    'x-cos-hash-crc64ecma': '123',
  });
  let i = 0;
  const next = () => {
    if (i < chunks.length) {
      res.write(chunks[i++]);
      setTimeout(next, 5);
    } else if (then === 'end') res.end();
    else res.socket?.destroy();
  };
  next();
}

let stub: Stub;
let scenario: (res: ServerResponse) => void;
const bodies: string[] = [];

beforeAll(async () => {
  stub = await httpStub((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      scenario(res);
    });
  });
});
afterAll(async () => {
  await stub.close();
});

function client(): { c: CosClient; rec: Recorder } {
  const rec = new Recorder();
  return { c: new CosClient(stubTarget(stub.url), { recorder: rec }), rec };
}

const PARTS = [
  { partNumber: 1, etag: '"39270a968a357d24207e9911162507eb"' },
  { partNumber: 2, etag: '"5d41402abc4b2a76b9719d911017c592"' },
];

describe('completeMultipartUpload', () => {
  it('sends the part list as XML with Content-Type and a matching Content-MD5', async () => {
    scenario = (res) => trickle(res, [RESULT]);
    const { c } = client();
    const r = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    const body = bodies.at(-1)!;
    expect(body).toContain(
      '<Part><PartNumber>1</PartNumber><ETag>"39270a968a357d24207e9911162507eb"</ETag></Part>',
    );
    const sent = stub.seen.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/examplebucket-1250000000/k?uploadId=up1');
    expect(sent.headers['content-type']).toBe('application/xml');
    expect(sent.headers['content-md5']).toBe(createHash('md5').update(body).digest('base64'));
    expect(r.status).toBe(200);
  });

  it('reads the result after streamed whitespace', async () => {
    scenario = (res) => trickle(res, ['  ', '\n', ' \t ', RESULT]);
    const { c } = client();
    const r = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    expect(r.error).toBeUndefined();
    expect(r.data).toMatchObject({ etag: '"aa259a62513358f69e98e72e59856d88-3"', key: 'k', crc64: '123' });
    expect(r.exchange.response?.leadingWhitespace).toBe(6);
    expect(r.exchange.response?.bodyText?.startsWith('  \n')).toBe(true);
  });

  it('a 200 whose body is an <Error> comes back with error and no data (spec §2.5)', async () => {
    scenario = (res) => trickle(res, [' ', ' ', ' ', LATE_ERROR]);
    const { c, rec } = client();
    const r = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    expect(r.status).toBe(200);
    expect(r.data).toBeUndefined();
    expect(r.protocolError).toBeUndefined();
    expect(r.error).toEqual({
      code: 'InternalError',
      message: 'We encountered an internal error.',
      resource: 'b/k',
      requestId: 'req-1',
      traceId: 'trace-1',
    });
    expect(rec.exchanges().at(-1)?.response?.error?.code).toBe('InternalError');
  });

  it('an empty or unparseable 200 is a protocolError, not data', async () => {
    const { c } = client();
    scenario = (res) => trickle(res, ['   ']);
    const empty = await c.completeMultipartUpload('k', 'up1', PARTS);
    scenario = (res) => trickle(res, ['  <CompleteMultipartUploadResult><ETag>']);
    const broken = await c.completeMultipartUpload('k', 'up1', PARTS);
    scenario = (res) => trickle(res, ['<Other/>']);
    const other = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    expect(empty.data).toBeUndefined();
    expect(empty.protocolError?.code).toBe('EMPTY_BODY');
    expect(broken.protocolError?.code).toBe('MALFORMED_XML');
    expect(other.protocolError?.code).toBe('UNEXPECTED_XML');
  });

  it('a connection cut after the 200 keeps the status and reports the transport error', async () => {
    scenario = (res) => trickle(res, [' ', ' '], 'destroy');
    const { c } = client();
    const r = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    expect(r.status).toBe(200);
    expect(r.data).toBeUndefined();
    expect(r.transportError?.code).toMatch(/^(SOCKET_CLOSED|ECONNRESET|RESPONSE_LENGTH_MISMATCH)$/);
    expect(r.exchange.response?.status).toBe(200);
  });

  it('rawBody replaces the built XML; contentMd5 false sends none', async () => {
    scenario = (res) => trickle(res, [RESULT]);
    const { c } = client();
    await c.completeMultipartUpload('k', 'up1', [], {
      rawBody: '<CompleteMultipartUpload>',
      contentMd5: false,
    });
    await c.close();
    expect(bodies.at(-1)).toBe('<CompleteMultipartUpload>');
    expect(stub.seen.at(-1)!.headers['content-md5']).toBeUndefined();
  });

  it('an error status is an error with no data', async () => {
    scenario = (res) => {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(LATE_ERROR.replace('InternalError', 'NoSuchUpload'));
    };
    const { c } = client();
    const r = await c.completeMultipartUpload('k', 'up1', PARTS);
    await c.close();
    expect(r.status).toBe(404);
    expect(r.error?.code).toBe('NoSuchUpload');
    expect(r.data).toBeUndefined();
  });
});
