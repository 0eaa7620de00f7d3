/**
 * The AWS SDK for JavaScript v3 (`@aws-sdk/client-s3`, `@aws-sdk/lib-storage`) with its default settings — request
 * checksums WHEN_SUPPORTED (CRC32, sent as an aws-chunked trailer for streaming bodies), response checksum
 * validation WHEN_SUPPORTED, SigV4 — against `cos-conformance serve` run as a child process (issue 14: the S3 API
 * clients people use work unchanged against the local COS).
 */
import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
} from '../../src/server/defaults.ts';
import { startCli } from '../cli/spawn-cli.ts';
import { bytes, md5Hex } from '../server/helpers.ts';

const Bucket = DEFAULT_BUCKET;
const MiB = 1024 * 1024;

async function readAll(body: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('AWS SDK v3 with default settings against cos-conformance serve', () => {
  let stop: () => Promise<void>;
  let s3: S3Client;

  beforeAll(async () => {
    const { child, done } = startCli(['serve', '--host', '127.0.0.1', '--port', '0']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve did not start within 20 s')), 20_000);
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      void done.then((r) => reject(new Error(`serve exited early: ${r.code} ${r.stderr}`)));
    });
    stop = async () => {
      child.kill('SIGTERM');
      await done;
    };
    s3 = new S3Client({
      endpoint: url,
      region: DEFAULT_REGION,
      forcePathStyle: true,
      credentials: { accessKeyId: LOCAL_SECRET_ID, secretAccessKey: LOCAL_SECRET_KEY },
    });
    // Records what the SDK put on the wire, to prove the defaults took the streaming and checksum paths.
    s3.middlewareStack.add(
      (next, context) => async (args) => {
        const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
        sent.push({ command: String(context.commandName), headers: { ...headers } });
        return next(args);
      },
      { step: 'deserialize', name: 'recordWireHeaders' },
    );
  }, 30_000);

  const sent: Array<{ command: string; headers: Record<string, string> }> = [];
  const sentBy = (command: string) => sent.filter((s) => s.command === command).map((s) => s.headers);

  afterAll(async () => {
    s3?.destroy();
    await stop?.();
  });

  it('PutObject (stream body), GetObject, HeadObject', async () => {
    const data = bytes(300_000, 3);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket,
        Key: 'sdk/put',
        Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]),
        ContentLength: data.length,
        ContentType: 'application/x-test',
      }),
    );
    expect(put.ETag).toBe(`"${md5Hex(data)}"`);
    expect(put.ChecksumCRC32).toBeDefined();
    const wire = sentBy('PutObjectCommand')[0];
    expect(wire['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(wire['content-encoding']).toContain('aws-chunked');
    expect(wire['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sdk/put' }));
    expect((await readAll(got.Body)).equals(data)).toBe(true);
    expect(got.ContentType).toBe('application/x-test');
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'sdk/put' }));
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toBe(put.ETag);
    const buffer = Buffer.from('a buffer body');
    const putBuffer = await s3.send(new PutObjectCommand({ Bucket, Key: 'sdk/buffer', Body: buffer }));
    expect(putBuffer.ETag).toBe(`"${md5Hex(buffer)}"`);
  });

  it('a missing key: GetObject and HeadObject reject with 404', async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'sdk/none' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket, Key: 'sdk/none' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('CreateMultipartUpload, UploadPart × 2, CompleteMultipartUpload: the object reads back', async () => {
    const p1 = bytes(5 * MiB, 11);
    const p2 = bytes(1234, 12);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'sdk/mp' }));
    expect(UploadId).toBeTruthy();
    const r1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'sdk/mp', UploadId, PartNumber: 1, Body: p1 }),
    );
    const r2 = await s3.send(
      new UploadPartCommand({
        Bucket,
        Key: 'sdk/mp',
        UploadId,
        PartNumber: 2,
        Body: Readable.from([p2]),
        ContentLength: p2.length,
      }),
    );
    expect(r1.ETag).toBe(`"${md5Hex(p1)}"`);
    expect(r2.ETag).toBe(`"${md5Hex(p2)}"`);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'sdk/mp',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: r1.ETag, ChecksumCRC32: r1.ChecksumCRC32 },
            { PartNumber: 2, ETag: r2.ETag, ChecksumCRC32: r2.ChecksumCRC32 },
          ],
        },
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sdk/mp' }));
    expect((await readAll(got.Body)).equals(Buffer.concat([p1, p2]))).toBe(true);
  }, 60_000);

  it('UploadPartCopy: a range of an object becomes a part', async () => {
    const source = bytes(2 * MiB, 31);
    await s3.send(new PutObjectCommand({ Bucket, Key: 'sdk/copy-src', Body: source }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'sdk/copy-dst' }));
    const copied = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'sdk/copy-dst',
        UploadId,
        PartNumber: 1,
        CopySource: `${Bucket}/sdk/copy-src`,
        CopySourceRange: `bytes=0-${MiB + 9}`,
      }),
    );
    expect(copied.CopyPartResult?.ETag).toBe(`"${md5Hex(source.subarray(0, MiB + 10))}"`);
    const tail = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: 'sdk/copy-dst',
        UploadId,
        PartNumber: 2,
        CopySource: `${Bucket}/sdk/copy-src`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: 'sdk/copy-dst',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: copied.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: tail.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sdk/copy-dst' }));
    expect((await readAll(got.Body)).equals(Buffer.concat([source.subarray(0, MiB + 10), source]))).toBe(
      true,
    );
  }, 60_000);

  it('lib-storage Upload: a 12 MiB stream goes up in parts and reads back byte for byte', async () => {
    const data = bytes(12 * MiB, 21);
    const pieces: Buffer[] = [];
    for (let at = 0; at < data.length; at += 256 * 1024) pieces.push(data.subarray(at, at + 256 * 1024));
    const upload = new Upload({
      client: s3,
      params: { Bucket, Key: 'sdk/lib-storage', Body: Readable.from(pieces) },
      partSize: 5 * MiB,
      queueSize: 2,
    });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (p) => {
      if (p.part !== undefined) parts.push(p.part);
    });
    const result = await upload.done();
    expect(result.ETag).toMatch(/-3"$/);
    expect(new Set(parts).size).toBe(3);
    expect(
      sentBy('UploadPartCommand').some(
        (h) => h['x-amz-checksum-crc32'] !== undefined || h['x-amz-trailer'] !== undefined,
      ),
    ).toBe(true);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'sdk/lib-storage' }));
    expect((await readAll(got.Body)).equals(data)).toBe(true);
  }, 120_000);

  it('ListObjectsV2 and DeleteObjects', async () => {
    {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'sdk/' }));
      const keys = (listed.Contents ?? []).map((c) => c.Key);
      expect(keys).toEqual(expect.arrayContaining(['sdk/put', 'sdk/buffer', 'sdk/mp', 'sdk/lib-storage']));
    }
    {
      const deleted = await s3.send(
        new DeleteObjectsCommand({
          Bucket,
          Delete: { Objects: [{ Key: 'sdk/put' }, { Key: 'sdk/buffer' }] },
        }),
      );
      expect((deleted.Deleted ?? []).map((d) => d.Key).sort()).toEqual(['sdk/buffer', 'sdk/put']);
      await expect(s3.send(new HeadObjectCommand({ Bucket, Key: 'sdk/put' }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    }
  });
});
