/** Get/Head `?partNumber=N`, conditional Get/Head, x-amz-meta-* round trip, Copy Object with its refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../../src/body/crc64.ts';
import { DEFAULT_BUCKET, type RunningServer, startServer } from '../../../src/server/index.ts';
import { bytes, call, complete, errorCode, initiate, md5Hex, uploadPart, xml } from '../helpers.ts';

const MiB = 1024 * 1024;
const PARTS = [bytes(MiB, 1), bytes(MiB, 2), bytes(1000, 3)];
const WHOLE = Buffer.concat(PARTS);
const SIMPLE = bytes(500, 9);

describe('objects around multipart', () => {
  let server: RunningServer;
  let etag: string;
  let lastModified: string;
  beforeAll(async () => {
    server = await startServer();
    const id = await initiate(server, 'mp.bin', { 'x-cos-meta-origin': 'multipart' });
    const etags: string[] = [];
    for (const [i, body] of PARTS.entries()) {
      const res = await uploadPart(server, 'mp.bin', id, i + 1, body);
      etags.push(res.headers.etag);
    }
    const done = await complete(
      server,
      'mp.bin',
      id,
      etags.map((e, i) => ({ partNumber: i + 1, etag: e })),
    );
    expect(done.status).toBe(200);
    const put = await call(server, {
      method: 'PUT',
      key: 'simple',
      body: SIMPLE,
      headers: { 'x-amz-meta-colour': 'red', 'content-type': 'text/x-simple' },
    });
    etag = put.headers.etag;
    const head = await call(server, { method: 'HEAD', key: 'simple' });
    lastModified = head.headers['last-modified'];
  });
  afterAll(async () => {
    await server.close();
  });

  for (const [n, method] of [
    [1, 'GET'],
    [2, 'GET'],
    [3, 'GET'],
    [3, 'HEAD'],
  ] as const) {
    it(`${method} ?partNumber=${n} of a 3-part object: that part, 206, parts count 3`, async () => {
      const res = await call(server, {
        method,
        key: 'mp.bin',
        query: [['partNumber', String(n)]],
        style: 'path',
      });
      const start = PARTS.slice(0, n - 1).reduce((s, p) => s + p.length, 0);
      const part = PARTS[n - 1];
      expect(res.status).toBe(206);
      expect(res.headers['x-cos-mp-parts-count']).toBe('3');
      expect(res.headers['x-amz-mp-parts-count']).toBe('3');
      expect(res.headers['content-range']).toBe(`bytes ${start}-${start + part.length - 1}/${WHOLE.length}`);
      expect(res.headers['content-length']).toBe(String(part.length));
      expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(WHOLE).toString());
      if (method === 'GET') expect(res.body.equals(part)).toBe(true);
    });
  }

  it('?partNumber=1 of a simple object is the whole object, without a parts count', async () => {
    const res = await call(server, { method: 'GET', key: 'simple', query: [['partNumber', '1']] });
    expect(res.status).toBe(206);
    expect(res.body.equals(SIMPLE)).toBe(true);
    expect(res.headers['x-cos-mp-parts-count']).toBeUndefined();
  });

  for (const [key, query, headers, status, code] of [
    ['mp.bin', '4', {}, 416, 'InvalidPartNumber'],
    ['simple', '2', {}, 416, 'InvalidPartNumber'],
    ['mp.bin', '0', {}, 400, 'InvalidArgument'],
    ['mp.bin', '01', {}, 400, 'InvalidArgument'],
    ['mp.bin', '10001', {}, 400, 'InvalidArgument'],
    ['mp.bin', '1', { range: 'bytes=0-9' }, 400, 'InvalidRequest'],
  ] as Array<[string, string, Record<string, string>, number, string]>) {
    it(`GET ${key}?partNumber=${query} ${JSON.stringify(headers)} is ${status} ${code}`, async () => {
      const res = await call(server, { method: 'GET', key, query: [['partNumber', query]], headers });
      expect([res.status, errorCode(res)]).toEqual([status, code]);
    });
  }

  it('x-amz-meta-* comes back under both prefixes, with the stored Content-Type', async () => {
    const res = await call(server, { method: 'HEAD', key: 'simple' });
    expect(res.headers['x-amz-meta-colour']).toBe('red');
    expect(res.headers['x-cos-meta-colour']).toBe('red');
    expect(res.headers['content-type']).toBe('text/x-simple');
    const mp = await call(server, { method: 'HEAD', key: 'mp.bin' });
    expect(mp.headers['x-cos-meta-origin']).toBe('multipart');
    expect(mp.headers['x-amz-meta-origin']).toBe('multipart');
  });

  const later = () => new Date(Date.parse(lastModified) + 60_000).toUTCString();
  const earlier = () => new Date(Date.parse(lastModified) - 60_000).toUTCString();
  for (const [name, headers, status] of [
    ['If-Match with the ETag', () => ({ 'if-match': etag }), 200],
    ['If-Match with the ETag unquoted, in a list', () => ({ 'if-match': `"x", ${etag.slice(1, -1)}` }), 200],
    ['If-Match *', () => ({ 'if-match': '*' }), 200],
    ['If-Match with another ETag', () => ({ 'if-match': '"0123"' }), 412],
    ['If-None-Match with the ETag', () => ({ 'if-none-match': etag }), 304],
    ['If-None-Match with another ETag', () => ({ 'if-none-match': '"0123"' }), 200],
    ['If-Modified-Since later', () => ({ 'if-modified-since': later() }), 304],
    ['If-Modified-Since at Last-Modified', () => ({ 'if-modified-since': lastModified }), 304],
    ['If-Modified-Since earlier', () => ({ 'if-modified-since': earlier() }), 200],
    ['If-Unmodified-Since earlier', () => ({ 'if-unmodified-since': earlier() }), 412],
    ['If-Unmodified-Since later', () => ({ 'if-unmodified-since': later() }), 200],
    ['an unparsable If-Unmodified-Since (ignored)', () => ({ 'if-unmodified-since': 'yesterday' }), 200],
    [
      'If-Match true with If-Unmodified-Since false (If-Match wins)',
      () => ({ 'if-match': etag, 'if-unmodified-since': earlier() }),
      200,
    ],
    [
      'If-None-Match false with If-Modified-Since true (If-None-Match wins)',
      () => ({ 'if-none-match': etag, 'if-modified-since': earlier() }),
      304,
    ],
    [
      'If-Match false with If-None-Match false (412 first)',
      () => ({ 'if-match': '"0123"', 'if-none-match': etag }),
      412,
    ],
  ] as Array<[string, () => Record<string, string>, number]>) {
    it(`GET and HEAD with ${name}: ${status}`, async () => {
      for (const method of ['GET', 'HEAD']) {
        const res = await call(server, { method, key: 'simple', headers: headers() });
        expect(res.status, `${method} ${res.text}`).toBe(status);
        if (status === 412 && method === 'GET') expect(errorCode(res)).toBe('PreconditionFailed');
        if (status === 304) {
          expect(res.body.length).toBe(0);
          expect(res.headers.etag).toBe(etag);
        }
        if (status === 200 && method === 'GET') expect(res.body.equals(SIMPLE)).toBe(true);
      }
    });
  }

  it('a 412 condition wins over an unsatisfiable Range', async () => {
    const res = await call(server, {
      method: 'GET',
      key: 'simple',
      headers: { 'if-match': '"x"', range: 'bytes=9999-' },
    });
    expect(res.status).toBe(412);
  });

  it('?versionId=null names the object; another version id is 400 InvalidArgument and deletes nothing', async () => {
    const got = await call(server, { method: 'GET', key: 'simple', query: [['versionId', 'null']] });
    expect(got.status).toBe(200);
    for (const method of ['GET', 'DELETE']) {
      const res = await call(server, { method, key: 'simple', query: [['versionId', 'abc']] });
      expect([res.status, errorCode(res)]).toEqual([400, 'InvalidArgument']);
    }
    expect((await call(server, { method: 'HEAD', key: 'simple' })).status).toBe(200);
  });

  describe('Copy Object', () => {
    it('x-cos-copy-source (COS host form) copies bytes, type and metadata; the answer has ETag and CRC', async () => {
      const res = await call(server, {
        method: 'PUT',
        key: 'copies/of mp',
        headers: { 'x-cos-copy-source': `${DEFAULT_BUCKET}.cos.ap-guangzhou.myqcloud.com/mp.bin` },
      });
      expect(res.status, res.text).toBe(200);
      const result = xml(res).CopyObjectResult as Record<string, string>;
      expect(result.ETag).toBe(`"${md5Hex(WHOLE)}"`);
      expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(WHOLE).toString());
      const got = await call(server, { method: 'GET', key: 'copies/of mp' });
      expect(got.body.equals(WHOLE)).toBe(true);
      expect(got.headers['x-cos-meta-origin']).toBe('multipart');
      expect(got.headers.etag).toBe(result.ETag);
    });

    it('x-amz-copy-source (/bucket/key, encoded) with REPLACE takes the request metadata', async () => {
      const res = await call(server, {
        method: 'PUT',
        key: 'copies/replaced',
        style: 'path',
        headers: {
          'x-amz-copy-source': `/${DEFAULT_BUCKET}/${encodeURIComponent('simple')}?versionId=null`,
          'x-amz-metadata-directive': 'REPLACE',
          'x-amz-meta-shape': 'round',
          'content-type': 'text/x-new',
        },
      });
      expect(res.status, res.text).toBe(200);
      const got = await call(server, { method: 'GET', key: 'copies/replaced' });
      expect(got.body.equals(SIMPLE)).toBe(true);
      expect(got.headers['content-type']).toBe('text/x-new');
      expect(got.headers['x-amz-meta-shape']).toBe('round');
      expect(got.headers['x-amz-meta-colour']).toBeUndefined();
    });

    it('copying an object onto itself with Replaced changes its metadata only', async () => {
      const res = await call(server, {
        method: 'PUT',
        key: 'copies/of mp',
        headers: {
          'x-cos-copy-source': `${DEFAULT_BUCKET}/${encodeURIComponent('copies/of mp')}`,
          'x-cos-metadata-directive': 'Replaced',
          'x-cos-meta-note': 'updated',
        },
      });
      expect(res.status, res.text).toBe(200);
      const got = await call(server, { method: 'GET', key: 'copies/of mp' });
      expect(got.body.equals(WHOLE)).toBe(true);
      expect(got.headers['x-cos-meta-note']).toBe('updated');
    });

    for (const [why, headers, status, code] of [
      [
        'onto itself without Replaced',
        { 'x-cos-copy-source': `${DEFAULT_BUCKET}/target` },
        400,
        'InvalidRequest',
      ],
      ['from a missing key', { 'x-cos-copy-source': `${DEFAULT_BUCKET}/nope` }, 404, 'NoSuchKey'],
      ['from a missing bucket', { 'x-cos-copy-source': 'other-1250000000/simple' }, 404, 'NoSuchBucket'],
      ['without a key', { 'x-cos-copy-source': DEFAULT_BUCKET }, 400, 'InvalidArgument'],
      [
        'of a version that is not null',
        { 'x-cos-copy-source': `${DEFAULT_BUCKET}/simple?versionId=abc` },
        400,
        'InvalidArgument',
      ],
      [
        'with an unknown directive',
        { 'x-cos-copy-source': `${DEFAULT_BUCKET}/simple`, 'x-cos-metadata-directive': 'Merge' },
        400,
        'InvalidArgument',
      ],
      [
        'whose copy-source-if-match fails',
        { 'x-cos-copy-source': `${DEFAULT_BUCKET}/simple`, 'x-cos-copy-source-if-match': '"x"' },
        412,
        'PreconditionFailed',
      ],
      [
        'whose copy-source-if-none-match matches',
        { 'x-amz-copy-source': `${DEFAULT_BUCKET}/simple`, 'x-amz-copy-source-if-none-match': '*' },
        412,
        'PreconditionFailed',
      ],
      [
        'as an Upload Part - Copy to an unknown upload',
        { 'x-cos-copy-source': `${DEFAULT_BUCKET}/simple` },
        404,
        'NoSuchUpload',
      ],
    ] as Array<[string, Record<string, string>, number, string]>) {
      it(`a copy ${why} is ${status} ${code} and writes nothing`, async () => {
        if (why.startsWith('onto itself')) {
          expect((await call(server, { method: 'PUT', key: 'target', body: 'old' })).status).toBe(200);
        }
        const query: Array<[string, string]> = why.includes('Upload Part')
          ? [
              ['partNumber', '1'],
              ['uploadId', 'x'],
            ]
          : [];
        const res = await call(server, { method: 'PUT', key: 'target', headers, query });
        expect([res.status, errorCode(res)]).toEqual([status, code]);
        const target = await call(server, { method: 'GET', key: 'target' });
        if (why.startsWith('onto itself')) {
          expect(target.text).toBe('old');
          await call(server, { method: 'DELETE', key: 'target' });
        } else expect(target.status).toBe(404);
      });
    }

    it('a copy request with a body is 400 InvalidRequest', async () => {
      const res = await call(server, {
        method: 'PUT',
        key: 'target',
        headers: { 'x-cos-copy-source': `${DEFAULT_BUCKET}/simple` },
        body: 'unexpected',
      });
      expect([res.status, errorCode(res)]).toEqual([400, 'InvalidRequest']);
      expect((await call(server, { method: 'HEAD', key: 'target' })).status).toBe(404);
    });
  });
});
