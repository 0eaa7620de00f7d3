import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { LIMITS } from '../../src/spec/limits.ts';
import {
  bytes,
  call,
  complete,
  errorCode,
  initiate,
  listPartsMap,
  md5Base64,
  md5Hex,
  rawExchange,
  rawHead,
  rawStatus,
  uploadPart,
  xml,
} from './helpers.ts';

describe('Upload Part (spec §2.2)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('partNumber validation', () => {
    const bad = ['0', '10001', '-1', '1.5', 'abc', '', String(2 ** 31), '01', '+1', ' 1', '1e0', '0x1'];
    for (const raw of bad) {
      it(`refuses partNumber=${JSON.stringify(raw)} with 400 InvalidArgument and stores nothing`, async () => {
        const key = `pn/${encodeURIComponent(raw)}`;
        const uploadId = await initiate(server, key);
        const res = await uploadPart(server, key, uploadId, raw, 'hello');
        expect(res.status).toBe(400);
        expect(errorCode(res)).toBe('InvalidArgument');
        expect(res.headers['content-type']).toBe('application/xml');
        expect(res.headers['x-cos-trace-id']).toBeTruthy();
        const body = xml(res).Error as Record<string, string>;
        expect(body.RequestId).toBe(res.headers['x-cos-request-id']);
        expect(body.TraceId).toBe(res.headers['x-cos-trace-id']);
        expect(body.Resource).toContain(key.split('/')[0]);
        expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
      });
    }

    it('refuses a missing partNumber and a repeated one', async () => {
      const key = 'pn/missing';
      const uploadId = await initiate(server, key);
      const missing = await call(server, { method: 'PUT', key, query: [['uploadId', uploadId]], body: 'x' });
      expect(missing.status).toBe(400);
      expect(errorCode(missing)).toBe('InvalidArgument');
      const repeated = await call(server, {
        method: 'PUT',
        key,
        query: [
          ['partNumber', '1'],
          ['partNumber', '2'],
          ['uploadId', uploadId],
        ],
        body: 'x',
      });
      expect(repeated.status).toBe(400);
      expect(errorCode(repeated)).toBe('InvalidArgument');
    });

    it('accepts 1 and 10000', async () => {
      const key = 'pn/bounds';
      const uploadId = await initiate(server, key);
      expect((await uploadPart(server, key, uploadId, 1, 'a')).status).toBe(200);
      expect((await uploadPart(server, key, uploadId, LIMITS.maxPartNumber, 'b')).status).toBe(200);
      expect([...(await listPartsMap(server, key, uploadId)).keys()]).toEqual([1, 10000]);
    });
  });

  describe('NoSuchUpload (404)', () => {
    it('for an unknown uploadId', async () => {
      const res = await uploadPart(server, 'nsu/a', '1700000000deadbeef', 1, 'x');
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NoSuchUpload');
    });

    it('for an empty uploadId', async () => {
      const res = await uploadPart(server, 'nsu/a', '', 1, 'x');
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NoSuchUpload');
    });

    it('for the uploadId of another key', async () => {
      const uploadId = await initiate(server, 'nsu/owner');
      const res = await uploadPart(server, 'nsu/other', uploadId, 1, 'x');
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NoSuchUpload');
      expect((await listPartsMap(server, 'nsu/owner', uploadId)).size).toBe(0);
    });

    it('after Abort', async () => {
      const key = 'nsu/aborted';
      const uploadId = await initiate(server, key);
      expect((await uploadPart(server, key, uploadId, 1, 'x')).status).toBe(200);
      const abort = await call(server, { method: 'DELETE', key, query: [['uploadId', uploadId]] });
      expect(abort.status).toBe(204);
      expect(abort.body.length).toBe(0);
      const res = await uploadPart(server, key, uploadId, 1, 'x');
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NoSuchUpload');
      const again = await call(server, { method: 'DELETE', key, query: [['uploadId', uploadId]] });
      expect(again.status).toBe(404);
      expect(errorCode(again)).toBe('NoSuchUpload');
      const list = await call(server, { method: 'GET', key, query: [['uploadId', uploadId]] });
      expect(list.status).toBe(404);
      expect(errorCode(list)).toBe('NoSuchUpload');
    });

    it('after Complete', async () => {
      const key = 'nsu/completed';
      const uploadId = await initiate(server, key);
      const part = await uploadPart(server, key, uploadId, 1, 'only part');
      expect(
        (await complete(server, key, uploadId, [{ partNumber: 1, etag: part.headers.etag }])).status,
      ).toBe(200);
      const res = await uploadPart(server, key, uploadId, 2, 'x');
      expect(res.status).toBe(404);
      expect(errorCode(res)).toBe('NoSuchUpload');
    });
  });

  it('the same partNumber again overwrites the part', async () => {
    const key = 'overwrite';
    const uploadId = await initiate(server, key);
    await uploadPart(server, key, uploadId, 1, 'first body');
    const second = await uploadPart(server, key, uploadId, 1, 'second, longer body');
    expect(second.headers.etag).toBe(`"${md5Hex('second, longer body')}"`);
    const parts = await listPartsMap(server, key, uploadId);
    expect(parts.get(1)).toEqual({ etag: `"${md5Hex('second, longer body')}"`, size: 19 });
    await complete(server, key, uploadId, [{ partNumber: 1, etag: second.headers.etag }]);
    expect((await call(server, { method: 'GET', key })).text).toBe('second, longer body');
  });

  it('matches spec vector 4: ETag and CRC of "hello"', async () => {
    const key = 'vector4';
    const uploadId = await initiate(server, key);
    const res = await uploadPart(server, key, uploadId, 1, 'hello', {
      'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==',
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(res.headers['x-cos-hash-crc64ecma']).toBe('11177612005948864433');
  });

  describe('Content-MD5', () => {
    it('mismatch is 400 BadDigest and the previous part stays', async () => {
      const key = 'md5/mismatch';
      const uploadId = await initiate(server, key);
      const good = await uploadPart(server, key, uploadId, 1, 'good body', {
        'content-md5': md5Base64('good body'),
      });
      expect(good.status).toBe(200);
      const bad = await uploadPart(server, key, uploadId, 1, 'evil body', {
        'content-md5': md5Base64('other'),
      });
      expect(bad.status).toBe(400);
      expect(errorCode(bad)).toBe('BadDigest');
      expect((await listPartsMap(server, key, uploadId)).get(1)).toEqual({
        etag: good.headers.etag,
        size: 9,
      });
    });

    for (const value of ['not-base64!', 'aGVsbG8=', `${md5Base64('x')}AA`, md5Hex('x')]) {
      it(`malformed ${JSON.stringify(value)} is 400 InvalidDigest, nothing stored`, async () => {
        const key = 'md5/malformed';
        const uploadId = await initiate(server, key);
        const res = await uploadPart(server, key, uploadId, 1, 'x', { 'content-md5': value });
        expect(res.status).toBe(400);
        expect(errorCode(res)).toBe('InvalidDigest');
        expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
      });
    }
  });

  it('echoes x-cos-server-side-encryption when the upload was initiated with it', async () => {
    const key = 'sse';
    const uploadId = await initiate(server, key, { 'x-cos-server-side-encryption': 'AES256' });
    const part = await uploadPart(server, key, uploadId, 1, 'secret-ish');
    expect(part.headers['x-cos-server-side-encryption']).toBe('AES256');
    const done = await complete(server, key, uploadId, [{ partNumber: 1, etag: part.headers.etag }]);
    expect(done.headers['x-cos-server-side-encryption']).toBe('AES256');
    const plainId = await initiate(server, 'plain');
    const plain = await uploadPart(server, 'plain', plainId, 1, 'x');
    expect(plain.headers['x-cos-server-side-encryption']).toBeUndefined();
  });

  describe('on the wire (raw sockets)', () => {
    it('chunked transfer without Content-Length is 411 MissingContentLength', async () => {
      const key = 'raw/chunked';
      const uploadId = await initiate(server, key);
      const head = rawHead(
        'PUT',
        key,
        [
          ['partNumber', '1'],
          ['uploadId', uploadId],
        ],
        { 'transfer-encoding': 'chunked' },
      );
      const { text } = await rawExchange(server, [head, '5\r\nhello\r\n0\r\n\r\n']);
      expect(rawStatus(text)).toBe(411);
      expect(text).toContain('<Code>MissingContentLength</Code>');
      expect(text.toLowerCase()).toContain('x-cos-request-id:');
      expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
    });

    it('a body shorter than Content-Length stores nothing and the previous part stays', async () => {
      const key = 'raw/truncated';
      const uploadId = await initiate(server, key);
      const first = await uploadPart(server, key, uploadId, 1, bytes(1000, 7));
      expect(first.status).toBe(200);
      const query: Array<[string, string]> = [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ];
      const head = rawHead('PUT', key, query, { 'content-length': '5000' });
      const { text } = await rawExchange(server, [head, bytes(1200, 9)], {
        endAfterWrite: true,
        timeoutMs: 2000,
      });
      // Half-closed: the socket can still be answered.
      expect(rawStatus(text)).toBe(400);
      expect(text).toContain('<Code>IncompleteBody</Code>');
      // The same with the socket destroyed instead of half-closed.
      await rawExchange(server, [head, bytes(2000, 10)], { destroyAfterWrite: true, timeoutMs: 500 });
      await new Promise((r) => setTimeout(r, 100));
      expect((await listPartsMap(server, key, uploadId)).get(1)).toEqual({
        etag: first.headers.etag,
        size: 1000,
      });
      const done = await complete(server, key, uploadId, [{ partNumber: 1, etag: first.headers.etag }]);
      expect(done.status).toBe(200);
      const got = await call(server, { method: 'GET', key });
      expect(got.body.equals(bytes(1000, 7))).toBe(true);
    });

    it('over 5 GiB with Expect: 100-continue is refused (400 EntityTooLarge) without reading a body', async () => {
      const key = 'raw/too-large';
      const uploadId = await initiate(server, key);
      const head = rawHead(
        'PUT',
        key,
        [
          ['partNumber', '1'],
          ['uploadId', uploadId],
        ],
        { 'content-length': String(LIMITS.maxPartSize + 1), expect: '100-continue' },
      );
      const { text, closed } = await rawExchange(server, [head], { timeoutMs: 3000 });
      expect(text.startsWith('HTTP/1.1 100')).toBe(false);
      expect(rawStatus(text)).toBe(400);
      expect(text).toContain('<Code>EntityTooLarge</Code>');
      expect(text.toLowerCase()).toContain('connection: close');
      expect(closed).toBe(true);
      expect((await listPartsMap(server, key, uploadId)).size).toBe(0);
    });

    it('exactly 5 GiB with Expect: 100-continue gets 100 Continue', async () => {
      const key = 'raw/five-gib';
      const uploadId = await initiate(server, key);
      const head = rawHead(
        'PUT',
        key,
        [
          ['partNumber', '1'],
          ['uploadId', uploadId],
        ],
        { 'content-length': String(LIMITS.maxPartSize), expect: '100-continue' },
      );
      const { text } = await rawExchange(server, [head], {
        timeoutMs: 3000,
        stopWhen: (t) => t.includes('\r\n\r\n'),
      });
      expect(text.startsWith('HTTP/1.1 100 Continue')).toBe(true);
    });

    it('an upload refused with Expect: 100-continue for NoSuchUpload gets no 100 Continue', async () => {
      const head = rawHead(
        'PUT',
        'raw/nsu',
        [
          ['partNumber', '1'],
          ['uploadId', 'nope'],
        ],
        { 'content-length': '10', expect: '100-continue' },
      );
      const { text } = await rawExchange(server, [head], { timeoutMs: 3000 });
      expect(rawStatus(text)).toBe(404);
      expect(text).toContain('<Code>NoSuchUpload</Code>');
    });
  });

  it('CRC and ETag of a zero-byte part', async () => {
    const key = 'empty-part';
    const uploadId = await initiate(server, key);
    const res = await uploadPart(server, key, uploadId, 1, Buffer.alloc(0));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
    expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(Buffer.alloc(0)).toString());
  });
});
