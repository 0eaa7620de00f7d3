import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { bytes, call, complete, errorCode, initiate, md5Hex, uploadPart, xml } from './helpers.ts';

const MiB = 1024 * 1024;

describe('multipart round trip', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('initiate, upload 3 parts, complete, get back the same bytes', async () => {
    const key = 'dir/round trip+ü.bin';
    const uploadId = await initiate(server, key, { 'content-type': 'application/x-test' });
    expect(uploadId).toMatch(/^\d{10}[0-9a-f]{64}$/);
    const parts = [bytes(MiB, 1), bytes(MiB, 2), bytes(300 * 1024, 3)];
    const etags: string[] = [];
    for (const [i, part] of parts.entries()) {
      const res = await uploadPart(server, key, uploadId, i + 1, part);
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(0);
      expect(res.headers['content-length']).toBe('0');
      expect(res.headers.etag).toBe(`"${md5Hex(part)}"`);
      expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(part).toString());
      expect(res.headers['x-cos-request-id']).toBeTruthy();
      expect(res.headers.server).toBe('tencent-cos');
      expect(res.headers.date).toBeTruthy();
      etags.push(res.headers.etag);
    }
    const done = await complete(
      server,
      key,
      uploadId,
      etags.map((etag, i) => ({ partNumber: i + 1, etag })),
    );
    expect(done.status).toBe(200);
    const whole = Buffer.concat(parts);
    expect(done.headers['x-cos-hash-crc64ecma']).toBe(crc64(whole).toString());
    const result = xml(done).CompleteMultipartUploadResult as Record<string, string>;
    expect(result.Key).toBe(key);
    expect(result.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);

    const got = await call(server, { method: 'GET', key });
    expect(got.status).toBe(200);
    expect(got.body.equals(whole)).toBe(true);
    expect(got.headers['content-type']).toBe('application/x-test');
    expect(got.headers.etag).toBe(result.ETag);

    const again = await uploadPart(server, key, uploadId, 1, 'x');
    expect(again.status).toBe(404);
    expect(errorCode(again)).toBe('NoSuchUpload');
  });
});
