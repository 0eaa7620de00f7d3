/**
 * The official Node SDK (cos-nodejs-sdk-v5) against the reference server with signature checking on. With
 * `Ip` it connects to loopback while sending the production Host header
 * `examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com` (peers README §4), so the bucket comes from Host
 * (a path-style reading of `/sdk/…` would name a bucket `sdk` and fail with NoSuchBucket).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
  type RunningServer,
  startServer,
} from '../../src/server/index.ts';
import { bytes, md5Hex } from './helpers.ts';

const MiB = 1024 * 1024;
const Bucket = DEFAULT_BUCKET;
const Region = DEFAULT_REGION;

function sdk(server: RunningServer, secretKey = LOCAL_SECRET_KEY): COS {
  return new COS({
    SecretId: LOCAL_SECRET_ID,
    SecretKey: secretKey,
    Protocol: 'http:',
    Ip: `127.0.0.1:${server.port}`,
    AutoSwitchHost: false,
  });
}

describe('cos-nodejs-sdk-v5 round trip', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    dir = await mkdtemp(join(tmpdir(), 'cos-sdk-test-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('multipartInit, multipartUpload ×3, multipartListPart, multipartComplete, getObject', async () => {
    const cos = sdk(server);
    const Key = 'sdk/multi part.bin';
    const parts = [bytes(MiB, 41), bytes(MiB, 42), bytes(300 * 1024, 43)];
    const init = await cos.multipartInit({ Bucket, Region, Key, ContentType: 'application/octet-stream' });
    expect(init.statusCode).toBe(200);
    const UploadId = init.UploadId;
    expect(UploadId).toMatch(/^\d{10}[0-9a-f]{64}$/);

    const etags: string[] = [];
    for (const [i, Body] of parts.entries()) {
      const res = await cos.multipartUpload({ Bucket, Region, Key, UploadId, PartNumber: i + 1, Body });
      expect(res.statusCode).toBe(200);
      expect(res.ETag).toBe(`"${md5Hex(Body)}"`);
      expect(res.headers?.['x-cos-hash-crc64ecma']).toBe(crc64(Body).toString());
      etags.push(res.ETag);
    }

    const listed = await cos.multipartListPart({ Bucket, Region, Key, UploadId });
    expect(listed.Part.map((p) => [Number(p.PartNumber), p.ETag, Number(p.Size)])).toEqual(
      parts.map((p, i) => [i + 1, etags[i], p.length]),
    );

    const done = await cos.multipartComplete({
      Bucket,
      Region,
      Key,
      UploadId,
      Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    });
    expect(done.statusCode).toBe(200);
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);

    const got = await cos.getObject({ Bucket, Region, Key });
    expect(Buffer.compare(got.Body as Buffer, Buffer.concat(parts))).toBe(0);
    expect(got.headers?.['x-cos-request-id']).toBeTruthy();
  });

  it('sliceUploadFile of a 2.5 MiB file with 1 MiB slices', async () => {
    const cos = sdk(server);
    const file = join(dir, 'slice.bin');
    const data = bytes(2.5 * MiB, 77);
    await writeFile(file, data);
    const res = await cos.sliceUploadFile({
      Bucket,
      Region,
      Key: 'sdk/slice.bin',
      FilePath: file,
      SliceSize: MiB,
    });
    expect(res.statusCode).toBe(200);
    const got = await cos.getObject({ Bucket, Region, Key: 'sdk/slice.bin' });
    expect(Buffer.compare(got.Body as Buffer, data)).toBe(0);
  });

  it('a wrong SecretKey gets SignatureDoesNotMatch', async () => {
    const cos = sdk(server, 'definitely-not-the-key');
    const err = await cos
      .multipartInit({ Bucket, Region, Key: 'sdk/denied', ContentType: 'text/plain' })
      .then(
        () => undefined,
        (e: { code?: string; statusCode?: number }) => e,
      );
    expect(err?.statusCode).toBe(403);
    expect(err?.code).toBe('SignatureDoesNotMatch');
    const uploads = await sdk(server).multipartList({ Bucket, Region, Prefix: 'sdk/denied', Delimiter: '' });
    expect(uploads.Upload ?? []).toEqual([]);
  });
});
