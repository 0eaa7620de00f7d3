/**
 * SigV4 streaming uploads (aws-chunked, spec §6.5 S3-compatible profile) and `x-amz-checksum-*` headers and trailers
 * against the reference server: decoded and stored without framing for Put Object and Upload Part; bad chunk or
 * trailer signatures 403 SignatureDoesNotMatch; malformed framing 400 InvalidRequest / IncompleteBody; wrong
 * checksums 400 BadDigest; every refusal stores nothing.
 */
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecksum } from '../../src/body/flexible-checksums.ts';
import { DEFAULT_BUCKET } from '../../src/server/defaults.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { sigv4SignHeaders } from '../../src/sign/sigv4.ts';
import { type StreamingUpload, streamingRequest } from './aws-chunked-client.ts';
import { bytes, call, errorCode, initiate, LOCAL, listPartsMap, md5Hex } from './helpers.ts';

const CREDS = { accessKeyId: LOCAL.secretId, secretAccessKey: LOCAL.secretKey };

interface Sent {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

const codeOf = (r: Sent) => /<Code>([^<]*)<\/Code>/.exec(r.text)?.[1];
const b64 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
};

describe('SigV4 streaming uploads and x-amz-checksum-*', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const objectUrl = (key: string, query = '') => new URL(`${server.url}/${DEFAULT_BUCKET}/${key}${query}`);

  async function stream(u: Omit<StreamingUpload, 'credentials'>): Promise<Sent> {
    const { headers, body } = await streamingRequest({ ...u, credentials: CREDS });
    const res = await request(u.url, { method: u.method ?? 'PUT', headers, body });
    return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
  }

  async function getObject(key: string): Promise<Sent & { body: Buffer }> {
    const res = await call(server, { method: 'GET', key });
    return { status: res.status, text: res.text, headers: res.headers, body: res.body };
  }

  const data = bytes(200_000, 7);

  it('signed chunks: Put Object stores the decoded bytes (ETag = MD5 of the payload)', async () => {
    const res = await stream({
      url: objectUrl('st/signed'),
      data,
      chunkSize: 65_536,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${md5Hex(data)}"`);
    const got = await getObject('st/signed');
    expect(got.body.equals(data)).toBe(true);
  });

  it('signed chunks: Upload Part stores the decoded bytes', async () => {
    const id = await initiate(server, 'st/part');
    const res = await stream({
      url: objectUrl('st/part', `?partNumber=1&uploadId=${id}`),
      data,
      chunkSize: 8192,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${md5Hex(data)}"`);
    expect((await listPartsMap(server, 'st/part', id)).get(1)).toEqual({
      etag: `"${md5Hex(data)}"`,
      size: data.length,
    });
  });

  it('a chunk whose bytes changed after signing is 403 SignatureDoesNotMatch and stores nothing', async () => {
    const id = await initiate(server, 'st/bad-sig');
    const res = await stream({
      url: objectUrl('st/bad-sig', `?partNumber=1&uploadId=${id}`),
      data,
      chunkSize: 65_536,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      tamper: (_parts, body) => {
        const copy = Buffer.from(body);
        copy[70_000] ^= 0xff; // inside the second chunk
        return copy;
      },
    });
    expect(res.status).toBe(403);
    expect(codeOf(res)).toBe('SignatureDoesNotMatch');
    expect((await listPartsMap(server, 'st/bad-sig', id)).size).toBe(0);
    const put = await stream({
      url: objectUrl('st/bad-sig-object'),
      data,
      chunkSize: 65_536,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      tamper: (parts, body) =>
        Buffer.from(
          body.toString('latin1').replace(
            parts[0],
            parts[0].replace(/.$/, (c) => (c === '0' ? '1' : '0')),
          ),
          'latin1',
        ),
    });
    expect(codeOf(put)).toBe('SignatureDoesNotMatch');
    expect((await getObject('st/bad-sig-object')).status).toBe(404);
  });

  it('unsigned chunks with a CRC32 trailer: accepted and echoed; a wrong CRC32 is 400 BadDigest, nothing stored', async () => {
    const good = b64(crc32(data));
    const res = await stream({
      url: objectUrl('st/trailer'),
      data,
      chunkSize: 65_536,
      mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      trailers: [['x-amz-checksum-crc32', good]],
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-amz-checksum-crc32']).toBe(good);
    expect((await getObject('st/trailer')).body.equals(data)).toBe(true);
    const wrong = b64(crc32(data) ^ 1);
    const bad = await stream({
      url: objectUrl('st/trailer-bad'),
      data,
      chunkSize: 65_536,
      mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      trailers: [['x-amz-checksum-crc32', wrong]],
    });
    expect(bad.status).toBe(400);
    expect(codeOf(bad)).toBe('BadDigest');
    expect(bad.text).toContain('The CRC32 you specified did not match the calculated checksum.');
    expect((await getObject('st/trailer-bad')).status).toBe(404);
  });

  it('signed chunks with a signed CRC32C trailer; a changed trailer is 403 SignatureDoesNotMatch', async () => {
    const c = createChecksum('crc32c');
    c.update(data);
    const value = await c.digestBase64();
    const id = await initiate(server, 'st/signed-trailer');
    const url = objectUrl('st/signed-trailer', `?partNumber=2&uploadId=${id}`);
    const ok = await stream({
      url,
      data,
      chunkSize: 100_000,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      trailers: [['x-amz-checksum-crc32c', value]],
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amz-checksum-crc32c']).toBe(value);
    const id2 = await initiate(server, 'st/signed-trailer');
    const tampered = await stream({
      url: objectUrl('st/signed-trailer', `?partNumber=2&uploadId=${id2}`),
      data,
      chunkSize: 100_000,
      mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      trailers: [['x-amz-checksum-crc32c', value]],
      tamper: (_p, body) =>
        Buffer.from(body.toString('latin1').replace(`crc32c:${value}`, 'crc32c:AAAAAA=='), 'latin1'),
    });
    expect(tampered.status).toBe(403);
    expect(codeOf(tampered)).toBe('SignatureDoesNotMatch');
    expect((await listPartsMap(server, 'st/signed-trailer', id2)).size).toBe(0);
  });

  it('malformed framing is 400 InvalidRequest, a body without its final chunk 400 IncompleteBody, no decoded length 411', async () => {
    const base = {
      data: Buffer.from('hello world'),
      chunkSize: 4,
      mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' as const,
    };
    const wrongSize = await stream({
      ...base,
      url: objectUrl('st/malformed'),
      tamper: (_p, body) => Buffer.from(body.toString('latin1').replace(/^4\r\n/, '5\r\n'), 'latin1'),
    });
    expect(wrongSize.status).toBe(400);
    expect(codeOf(wrongSize)).toBe('InvalidRequest');
    const { headers, body } = await streamingRequest({
      ...base,
      url: objectUrl('st/malformed'),
      credentials: CREDS,
    });
    const cut = body.subarray(0, body.length - 5);
    const short = await request(objectUrl('st/malformed'), {
      method: 'PUT',
      headers: { ...headers, 'content-length': String(cut.length) },
      body: cut,
    });
    expect(short.statusCode).toBe(403); // content-length is signed: changing it breaks the signature first
    await short.body.text();
    const unsignedLength = await sigv4SignHeaders({
      method: 'PUT',
      url: objectUrl('st/malformed'),
      headers: { 'x-amz-decoded-content-length': '11' },
      region: 'ap-guangzhou',
      credentials: CREDS,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    });
    const incomplete = await request(objectUrl('st/malformed'), {
      method: 'PUT',
      headers: unsignedLength,
      body: cut,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(await incomplete.body.text()).toContain('<Code>IncompleteBody</Code>');
    const { 'x-amz-decoded-content-length': _drop, ...noDecoded } = await sigv4SignHeaders({
      method: 'PUT',
      url: objectUrl('st/malformed'),
      headers: {},
      region: 'ap-guangzhou',
      credentials: CREDS,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    });
    const missing = await request(objectUrl('st/malformed'), { method: 'PUT', headers: noDecoded, body });
    expect(missing.statusCode).toBe(411);
    expect(await missing.body.text()).toContain('x-amz-decoded-content-length');
    expect((await getObject('st/malformed')).status).toBe(404);
  });

  it('x-amz-checksum-* headers (COS-signed too): right → echoed; wrong → 400 BadDigest; malformed or two → 400 InvalidRequest', async () => {
    const body = Buffer.from('checksummed body');
    const sha256 = createHash('sha256').update(body).digest('base64');
    const ok = await call(server, {
      method: 'PUT',
      key: 'ck/ok',
      headers: { 'x-amz-checksum-sha256': sha256 },
      body,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-amz-checksum-sha256']).toBe(sha256);
    const nvme = createChecksum('crc64nvme');
    nvme.update(body);
    const nvmeValue = await nvme.digestBase64();
    const ok2 = await call(server, {
      method: 'PUT',
      key: 'ck/nvme',
      headers: { 'x-amz-checksum-crc64nvme': nvmeValue },
      body,
    });
    expect(ok2.headers['x-amz-checksum-crc64nvme']).toBe(nvmeValue);
    const sha1 = createHash('sha1').update('other').digest('base64');
    const bad = await call(server, {
      method: 'PUT',
      key: 'ck/bad',
      headers: { 'x-amz-checksum-sha1': sha1 },
      body,
    });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('BadDigest');
    expect(bad.text).toContain('The SHA1 you specified did not match the calculated checksum.');
    const malformed = await call(server, {
      method: 'PUT',
      key: 'ck/bad',
      headers: { 'x-amz-checksum-crc32': 'nope' },
      body,
    });
    expect(errorCode(malformed)).toBe('InvalidRequest');
    const two = await call(server, {
      method: 'PUT',
      key: 'ck/bad',
      headers: { 'x-amz-checksum-crc32': b64(crc32(body)), 'x-amz-checksum-sha256': sha256 },
      body,
    });
    expect(errorCode(two)).toBe('InvalidRequest');
    expect((await call(server, { method: 'GET', key: 'ck/bad' })).status).toBe(404);
    const id = await initiate(server, 'ck/part');
    const part = await call(server, {
      method: 'PUT',
      key: 'ck/part',
      query: [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      headers: { 'x-amz-checksum-crc32': b64(crc32(body) ^ 0x100) },
      body,
    });
    expect(errorCode(part)).toBe('BadDigest');
    expect((await listPartsMap(server, 'ck/part', id)).size).toBe(0);
  });
});
