import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { bytes, call, errorCode, initiate, md5Base64, md5Hex, xml } from './helpers.ts';

type Node = Record<string, unknown>;

/** Repeated elements as a list (a single one parses as an object). */
function asList(value: unknown): Node[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as Node[]) : [value as Node];
}

describe('objects', () => {
  let server: RunningServer;
  const data = bytes(1000, 5);
  beforeAll(async () => {
    server = await startServer();
    const put = await call(server, {
      method: 'PUT',
      key: 'obj',
      body: data,
      headers: { 'content-type': 'text/x-test', 'x-cos-meta-colour': 'blue' },
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5Hex(data)}"`);
    expect(put.headers['x-cos-hash-crc64ecma']).toBe(crc64(data).toString());
  });
  afterAll(async () => {
    await server.close();
  });

  it('GET returns the bytes with ETag, CRC, type and metadata', async () => {
    const res = await call(server, { method: 'GET', key: 'obj' });
    expect(res.status).toBe(200);
    expect(res.body.equals(data)).toBe(true);
    expect(res.headers['content-type']).toBe('text/x-test');
    expect(res.headers['x-cos-meta-colour']).toBe('blue');
    expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(data).toString());
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['last-modified']).toMatch(/GMT$/);
  });

  for (const [range, start, end] of [
    ['bytes=0-9', 0, 9],
    ['bytes=990-', 990, 999],
    ['bytes=-10', 990, 999],
    ['bytes=995-5000', 995, 999],
    ['bytes=-5000', 0, 999],
  ] as const) {
    it(`Range ${range} is 206 with Content-Range bytes ${start}-${end}/1000`, async () => {
      const res = await call(server, { method: 'GET', key: 'obj', headers: { range } });
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/1000`);
      expect(res.headers['content-length']).toBe(String(end - start + 1));
      expect(res.body.equals(data.subarray(start, end + 1))).toBe(true);
    });
  }

  for (const range of ['bytes=1000-', 'bytes=5000-6000', 'bytes=-0']) {
    it(`Range ${range} is 416 InvalidRange`, async () => {
      const res = await call(server, { method: 'GET', key: 'obj', headers: { range } });
      expect(res.status).toBe(416);
      expect(errorCode(res)).toBe('InvalidRange');
      expect(res.headers['content-range']).toBe('bytes */1000');
    });
  }

  it('an unparsable Range is ignored (200, whole object)', async () => {
    const res = await call(server, { method: 'GET', key: 'obj', headers: { range: 'bytes=9-3' } });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(1000);
  });

  it('HEAD has the headers and no body; missing key is 404 without body', async () => {
    const head = await call(server, { method: 'HEAD', key: 'obj' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('1000');
    expect(head.body.length).toBe(0);
    const missing = await call(server, { method: 'HEAD', key: 'missing' });
    expect(missing.status).toBe(404);
    expect(missing.body.length).toBe(0);
    expect(missing.headers['x-cos-request-id']).toBeTruthy();
    expect(missing.headers['x-cos-trace-id']).toBeTruthy();
  });

  it('GET of a missing key is 404 NoSuchKey', async () => {
    const res = await call(server, { method: 'GET', key: 'missing' });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NoSuchKey');
  });

  it('PUT with a wrong Content-MD5 is 400 BadDigest and keeps the old object', async () => {
    const res = await call(server, {
      method: 'PUT',
      key: 'obj',
      body: 'new',
      headers: { 'content-md5': md5Base64('x') },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BadDigest');
    expect((await call(server, { method: 'GET', key: 'obj' })).body.equals(data)).toBe(true);
  });

  it('DELETE is 204, then GET is 404, and DELETE again is 204', async () => {
    await call(server, { method: 'PUT', key: 'doomed', body: 'x' });
    expect((await call(server, { method: 'DELETE', key: 'doomed' })).status).toBe(204);
    expect((await call(server, { method: 'GET', key: 'doomed' })).status).toBe(404);
    expect((await call(server, { method: 'DELETE', key: 'doomed' })).status).toBe(204);
  });

  it('keys with unicode, spaces, plus and double slashes round-trip', async () => {
    for (const key of ['腾讯云 文件.txt', 'a+b', 'a//b', 'with space/and+plus', '%41 literal percent']) {
      const put = await call(server, { method: 'PUT', key, body: key });
      expect(put.status).toBe(200);
      const got = await call(server, { method: 'GET', key });
      expect(got.text).toBe(key);
    }
    const list = await call(server, { method: 'GET', query: [['prefix', 'a']] });
    const keys = asList((xml(list).ListBucketResult as Node).Contents).map((c) => c.Key);
    expect(keys).toEqual(['a+b', 'a//b']);
  });

  it('a literal + in the raw path is a plus, not a space', async () => {
    await call(server, { method: 'PUT', key: 'x y', body: 'space' });
    await call(server, { method: 'PUT', key: 'x+y', body: 'plus' });
    const { request } = await import('undici');
    const { cosSign } = await import('../../src/sign/cos-sign.ts');
    const { LOCAL, VHOST } = await import('./helpers.ts');
    const sig = cosSign({ ...LOCAL, method: 'GET', pathname: '/x+y', headers: { host: VHOST } });
    const res = await request(`${server.url}/x+y`, {
      headers: { host: VHOST, authorization: sig.authorization },
    });
    expect(await res.body.text()).toBe('plus');
  });
});

describe('buckets', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ buckets: ['first-1250000000'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('PUT creates, HEAD sees it, PUT again is 409 BucketAlreadyExists', async () => {
    const bucket = 'second-1250000000';
    expect((await call(server, { method: 'HEAD', bucket })).status).toBe(404);
    expect((await call(server, { method: 'PUT', bucket })).status).toBe(200);
    expect((await call(server, { method: 'HEAD', bucket })).status).toBe(200);
    const again = await call(server, { method: 'PUT', bucket });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('BucketAlreadyExists');
  });

  it('an invalid bucket name is 400 InvalidBucketName (path style)', async () => {
    const res = await call(server, { method: 'PUT', bucket: 'NoAppId', style: 'path' });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('InvalidBucketName');
  });

  it('objects in a missing bucket are 404 NoSuchBucket', async () => {
    const res = await call(server, { method: 'PUT', bucket: 'ghost-1250000000', key: 'k', body: 'x' });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NoSuchBucket');
  });

  it('DELETE is 409 BucketNotEmpty while an object or an upload remains, then 204', async () => {
    const bucket = 'third-1250000000';
    await call(server, { method: 'PUT', bucket });
    await call(server, { method: 'PUT', bucket, key: 'obj', body: 'x' });
    const withObject = await call(server, { method: 'DELETE', bucket });
    expect(withObject.status).toBe(409);
    expect(errorCode(withObject)).toBe('BucketNotEmpty');
    await call(server, { method: 'DELETE', bucket, key: 'obj' });
    const init = await call(server, { method: 'POST', bucket, key: 'mpu', query: [['uploads', null]] });
    const uploadId = /<UploadId>([^<]+)</.exec(init.text)![1];
    const withUpload = await call(server, { method: 'DELETE', bucket });
    expect(withUpload.status).toBe(409);
    expect(errorCode(withUpload)).toBe('BucketNotEmpty');
    await call(server, { method: 'DELETE', bucket, key: 'mpu', query: [['uploadId', uploadId]] });
    expect((await call(server, { method: 'DELETE', bucket })).status).toBe(204);
    expect((await call(server, { method: 'HEAD', bucket })).status).toBe(404);
  });

  it('GET bucket lists objects with prefix, delimiter and max-keys', async () => {
    const bucket = 'first-1250000000';
    for (const key of ['d/1', 'd/2', 'd/e/3', 'f'])
      await call(server, { method: 'PUT', bucket, key, body: key });
    const res = await call(server, { method: 'GET', bucket, query: [['prefix', 'd/']] });
    const root = xml(res).ListBucketResult as Node;
    expect(asList(root.Contents).map((c) => c.Key)).toEqual(['d/1', 'd/2', 'd/e/3']);
    const grouped = xml(await call(server, { method: 'GET', bucket, query: [['delimiter', '/']] }))
      .ListBucketResult as Node;
    expect(asList(grouped.Contents).map((c) => c.Key)).toEqual(['f']);
    expect((grouped.CommonPrefixes as Node[]).map((p) => p.Prefix)).toEqual(['d/']);
    const paged = xml(await call(server, { method: 'GET', bucket, query: [['max-keys', '2']] }))
      .ListBucketResult as Node;
    expect(paged.IsTruncated).toBe('true');
    expect(paged.NextMarker).toBe('d/2');
  });
});

describe('addressing', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('path style (/<bucket>/<key> on an IP host) and virtual host reach the same object', async () => {
    const put = await call(server, { method: 'PUT', key: 'dir/shared obj', body: 'both', style: 'path' });
    expect(put.status).toBe(200);
    expect((await call(server, { method: 'GET', key: 'dir/shared obj' })).text).toBe('both');
    expect((await call(server, { method: 'GET', key: 'dir/shared obj', style: 'path' })).text).toBe('both');
  });

  it('a multipart upload works path style', async () => {
    const init = await call(server, {
      method: 'POST',
      key: 'p/mpu',
      query: [['uploads', null]],
      style: 'path',
    });
    expect(init.status).toBe(200);
    const uploadId = /<UploadId>([^<]+)</.exec(init.text)![1];
    const part = await call(server, {
      method: 'PUT',
      key: 'p/mpu',
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      body: 'path style part',
      style: 'path',
    });
    expect(part.status).toBe(200);
    const done = await call(server, {
      method: 'POST',
      key: 'p/mpu',
      query: [['uploadId', uploadId]],
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${part.headers.etag}</ETag></Part></CompleteMultipartUpload>`,
      style: 'path',
    });
    expect(done.status).toBe(200);
    expect((await call(server, { method: 'GET', key: 'p/mpu' })).text).toBe('path style part');
  });

  it('a virtual host with a port and another domain is accepted', async () => {
    const { request } = await import('undici');
    const { cosSign } = await import('../../src/sign/cos-sign.ts');
    const { LOCAL } = await import('./helpers.ts');
    await call(server, { method: 'PUT', key: 'ported', body: 'port' });
    const host = `examplebucket-1250000000.localhost:${server.port}`;
    const sig = cosSign({ ...LOCAL, method: 'GET', pathname: '/ported', headers: { host } });
    const res = await request(`${server.url}/ported`, {
      headers: { host, authorization: sig.authorization },
    });
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('port');
  });

  it('uploads of initiate are keyed by bucket: an upload id is NoSuchUpload in another bucket', async () => {
    const uploadId = await initiate(server, 'scoped');
    await call(server, { method: 'PUT', bucket: 'other-1250000000' });
    const res = await call(server, {
      method: 'PUT',
      bucket: 'other-1250000000',
      key: 'scoped',
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      body: 'x',
    });
    expect(res.status).toBe(404);
  });
});
