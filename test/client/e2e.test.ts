/**
 * The client against the reference server (src/server): the full multipart flow in both addressing styles and
 * both signers, the error paths, and the raw-socket path.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes } from '../../src/body/part-body.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
  type RunningServer,
  startServer,
} from '../../src/server/index.ts';
import type { Addressing, SignerKind, Target } from '../../src/target/types.ts';

const MiB = 1024 * 1024;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ port: 0, completeKeepAliveMs: 20 });
});
afterAll(async () => {
  await server.close();
});

function target(addressing: Addressing, signer: SignerKind = 'cos', securityToken?: string): Target {
  return {
    endpoint: server.url,
    bucket: DEFAULT_BUCKET,
    region: DEFAULT_REGION,
    addressing,
    signer,
    profile: 'cos',
    credentials: { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY, securityToken },
    timeouts: { connectMs: 2000, headersMs: 10_000, bodyMs: 10_000 },
  };
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

const combos: Array<[Addressing, SignerKind]> = [
  ['virtual-host', 'cos'],
  ['path', 'cos'],
  ['virtual-host', 'sigv4'],
  ['path', 'sigv4'],
];

describe.each(combos)('multipart flow (%s, %s)', (addressing, signer) => {
  it('initiate → parts out of order → listAllParts (paged) → complete → getObject bytes equal', async () => {
    const rec = new Recorder();
    const c = new CosClient(target(addressing, signer), { recorder: rec });
    const key = `e2e/${addressing}-${signer}/a b+c%d?e#f//腾讯云 ü`;
    const specs = [
      { seed: 11, size: MiB, stamp: { upload: 1, part: 1 } },
      { seed: 12, size: MiB, stamp: { upload: 1, part: 2 } },
      { seed: 13, size: 12_345, stamp: { upload: 1, part: 3 } },
    ];
    const init = await c.initiateMultipartUpload(key);
    expect(init.status).toBe(200);
    expect(init.data?.key).toBe(key);
    const uploadId = init.data!.uploadId;

    const etags = new Map<number, string>();
    for (const n of [3, 1, 2]) {
      const r = await c.uploadPart(key, uploadId, n, { spec: specs[n - 1]! }, { contentMd5: 'auto' });
      expect(r.status, JSON.stringify(r.error)).toBe(200);
      expect(r.data?.etag).toBe(`"${md5(bodyBytes(specs[n - 1]!))}"`);
      expect(r.data?.crc64).toMatch(/^\d+$/);
      etags.set(n, r.data!.etag);
    }

    const all = await c.listAllParts(key, uploadId, { maxParts: 2 });
    expect(all.protocolError).toBeUndefined();
    expect(all.data?.pages).toHaveLength(2);
    expect(all.data?.parts.map((p) => [p.partNumber, p.etag, p.size])).toEqual(
      [1, 2, 3].map((n) => [n, etags.get(n), specs[n - 1]!.size]),
    );

    const done = await c.completeMultipartUpload(
      key,
      uploadId,
      all.data!.parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    );
    expect(done.status).toBe(200);
    expect(done.error).toBeUndefined();
    expect(done.data?.etag).toMatch(/-3"$/);

    const expected = Buffer.concat(specs.map((s) => bodyBytes(s)));
    const got = await c.getObject(key);
    expect(got.status).toBe(200);
    expect(got.data?.body?.equals(expected)).toBe(true);
    expect(got.data?.digest?.crc64).toBe(done.data?.crc64);

    const digest = await c.getObject(key, { digestOnly: true });
    expect(digest.data?.body).toBeUndefined();
    expect(digest.data?.digest).toMatchObject({ size: expected.length, md5Hex: md5(expected) });

    const ranged = await c.getObject(key, { range: 'bytes=10-19' });
    expect(ranged.status).toBe(206);
    expect(ranged.data?.body?.equals(expected.subarray(10, 20))).toBe(true);

    const streamed = await c.getObject(key, { stream: true });
    const chunks: Buffer[] = [];
    for await (const chunk of streamed.data!.stream!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    const streamedEx = await streamed.data!.done!;
    expect(streamedEx.response?.bodyMd5).toBe(md5(expected));
    expect(streamedEx.seq).toBeGreaterThan(0);

    expect((await c.headObject(key)).data?.contentLength).toBe(expected.length);
    expect((await c.deleteObject(key)).data).toEqual({});
    expect((await c.headObject(key)).status).toBe(404);
    await c.close();

    const json = JSON.stringify(rec.exchanges());
    expect(json).not.toContain(LOCAL_SECRET_KEY);
    expect(rec.exchanges().every((e) => e.response !== undefined)).toBe(true);
  });
});

describe('errors from the reference server', () => {
  it('unknown uploadId is 404 NoSuchUpload on upload, list, complete and abort', async () => {
    const c = new CosClient(target('virtual-host'), { recorder: new Recorder() });
    const key = 'e2e/nosuch';
    const results = [
      await c.uploadPart(key, 'no-such-upload', 1, Buffer.from('x')),
      await c.listParts(key, 'no-such-upload'),
      await c.completeMultipartUpload(key, 'no-such-upload', [{ partNumber: 1, etag: '"x"' }]),
      await c.abortMultipartUpload(key, 'no-such-upload'),
    ];
    await c.close();
    for (const r of results) {
      expect(r.status).toBe(404);
      expect(r.error?.code).toBe('NoSuchUpload');
      expect(r.error?.requestId).toBeTruthy();
      expect(r.data).toBeUndefined();
    }
  });

  it('abort removes the upload from List Multipart Uploads; a wrong Content-MD5 is BadDigest', async () => {
    const c = new CosClient(target('path'), { recorder: new Recorder() });
    const key = 'e2e/abort-me';
    const init = await c.initiateMultipartUpload(key);
    const id = init.data!.uploadId;
    const bad = await c.uploadPart(key, id, 1, Buffer.from('hello'), {
      contentMd5: createHash('md5').update('other').digest('base64'),
    });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('BadDigest');
    const listed = await c.listMultipartUploads({ prefix: 'e2e/abort' });
    expect(listed.data?.uploads.map((u) => u.uploadId)).toContain(id);
    expect((await c.abortMultipartUpload(key, id)).data).toEqual({});
    const after = await c.listMultipartUploads({ prefix: 'e2e/abort' });
    expect(after.data?.uploads.map((u) => u.uploadId)).not.toContain(id);
    await c.close();
  });

  it('bucket calls: create, head, delete', async () => {
    const name = 'e2e-bucket-1250000000';
    const c = new CosClient({ ...target('virtual-host'), bucket: name }, { recorder: new Recorder() });
    expect((await c.headBucket()).status).toBe(404);
    expect((await c.createBucket()).status).toBe(200);
    expect((await c.headBucket()).status).toBe(200);
    expect((await c.deleteBucket()).data).toEqual({});
    await c.close();
  });
});

describe('request body records', () => {
  it('the same buffer sent again is recorded with the MD5 of what it holds now, also after a change in place', async () => {
    const c = new CosClient(target('path'), { recorder: new Recorder() });
    const key = 'e2e/resent-buffer';
    const id = (await c.initiateMultipartUpload(key)).data!.uploadId;
    const bytes = Buffer.alloc(4096, 1);
    const first = await c.uploadPart(key, id, 1, bytes);
    const again = await c.uploadPart(key, id, 2, bytes);
    bytes[100] = 2;
    const changed = await c.uploadPart(key, id, 3, bytes);
    expect(first.exchange.request.bodyMd5).toBe(md5(Buffer.alloc(4096, 1)));
    expect(again.exchange.request.bodyMd5).toBe(first.exchange.request.bodyMd5);
    expect(changed.exchange.request.bodyMd5).toBe(md5(bytes));
    expect(changed.data?.etag).toBe(`"${md5(bytes)}"`);
    await c.abortMultipartUpload(key, id);
    await c.close();
  });
});

describe('raw path against the reference server', () => {
  it('the 5 GiB + 1 probe: EntityTooLarge before any body byte', async () => {
    const c = new CosClient(target('virtual-host'), { recorder: new Recorder() });
    const key = 'e2e/too-large';
    const id = (await c.initiateMultipartUpload(key)).data!.uploadId;
    const r = await c.raw({
      method: 'PUT',
      key,
      query: [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      declaredLength: 5 * 1024 ** 3 + 1,
      expectContinue: true,
      endAfterHeaders: true,
      timeoutMs: 5000,
    });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('EntityTooLarge');
    expect(r.data?.bytesSent).toBe(0);
    await c.abortMultipartUpload(key, id);
    await c.close();
  });

  it('uploadPart with expectContinue streams after 100 Continue; a lying Content-Length is refused', async () => {
    const c = new CosClient(target('path'), { recorder: new Recorder() });
    const key = 'e2e/continue';
    const id = (await c.initiateMultipartUpload(key)).data!.uploadId;
    const body = Buffer.from('continue me');
    const ok = await c.uploadPart(
      key,
      id,
      1,
      { size: body.length, stream: () => Readable.from([body]) },
      { expectContinue: true, contentMd5: 'auto' },
    );
    expect(ok.status).toBe(200);
    expect(ok.data?.etag).toBe(`"${md5(body)}"`);
    expect(ok.exchange.via).toBe('raw');
    expect(ok.exchange.response?.informational).toEqual([100]);

    const chunked = await c.uploadPart(key, id, 2, Buffer.from('no length'), { contentLength: false });
    expect(chunked.status).toBe(411);
    expect(chunked.error?.code).toBe('MissingContentLength');
    await c.abortMultipartUpload(key, id);
    await c.close();
  });

  it('temporary credentials: the token is sent and never recorded', async () => {
    const token = 'TEMPTOKEN-0123456789abcdefghijklmnopqrstuvwxyz';
    const rec = new Recorder();
    const c = new CosClient(target('virtual-host', 'cos', token), { recorder: rec });
    const r = await c.headBucket();
    await c.close();
    expect(r.exchange.request.headers['x-cos-security-token']).toBe('<redacted>');
    expect(JSON.stringify(rec.exchanges())).not.toContain(token);
  });
});
