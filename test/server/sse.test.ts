/**
 * Server-side encryption of the reference server (docs/spec.md §5.4, src/server/handlers/sse-in.ts): what
 * Initiate accepts and refuses, the SSE-C key enforced on parts and reads, the echo in the header family the
 * upload used, and the SSE-C key MD5 kept across a restart on a data directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { COS_SSE, customerKeyHeaders, customerKeyMd5, S3_SSE } from '../../src/spec/sse.ts';
import { call, complete, errorCode, initiate, uploadPart } from './helpers.ts';

const KEY_A = Buffer.alloc(32, 7);
const KEY_B = Buffer.alloc(32, 9);
const TRIO_A = customerKeyHeaders(COS_SSE, KEY_A);

function initiateRaw(server: RunningServer, key: string, headers: Record<string, string>) {
  return call(server, { method: 'POST', key, query: [['uploads', null]], headers });
}

describe('server-side encryption (spec §5.4)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a malformed Initiate with 400 InvalidArgument', async () => {
    const bad: Record<string, Record<string, string>> = {
      'an unknown value': { [COS_SSE.header]: 'DES' },
      'a KMS key id without cos/kms': { [COS_SSE.header]: 'AES256', [COS_SSE.kmsKeyId]: 'k' },
      'a context that is not base64 JSON': { [COS_SSE.header]: 'cos/kms', [COS_SSE.context]: 'bm90IGpzb24=' },
      'an incomplete SSE-C trio': {
        [COS_SSE.customerAlgorithm]: 'AES256',
        [COS_SSE.customerKey]: TRIO_A[COS_SSE.customerKey]!,
      },
      'a 16-byte key': customerKeyHeaders(COS_SSE, Buffer.alloc(16, 1)),
      'a key MD5 of another key': { ...TRIO_A, [COS_SSE.customerKeyMd5]: customerKeyMd5(KEY_B) },
      'SSE and SSE-C together': { ...TRIO_A, [COS_SSE.header]: 'AES256' },
    };
    for (const [what, headers] of Object.entries(bad)) {
      const res = await initiateRaw(server, 'sse/bad', headers);
      expect(res.status, what).toBe(400);
      expect(errorCode(res), what).toBe('InvalidArgument');
    }
  });

  it('KMS: Initiate and Upload Part echo cos/kms and the key id', async () => {
    const context = Buffer.from('{"a":"b"}').toString('base64');
    const headers = { [COS_SSE.header]: 'cos/kms', [COS_SSE.kmsKeyId]: 'key-1', [COS_SSE.context]: context };
    const init = await initiateRaw(server, 'sse/kms', headers);
    expect(init.headers[COS_SSE.kmsKeyId]).toBe('key-1');
    const uploadId = /<UploadId>([^<]+)</.exec(init.text)![1]!;
    const part = await uploadPart(server, 'sse/kms', uploadId, 1, 'kms part');
    expect(part.headers[COS_SSE.header]).toBe('cos/kms');
    expect(part.headers[COS_SSE.kmsKeyId]).toBe('key-1');
  });

  it('SSE-C: the same key on every part and every read; no key on a plain upload', async () => {
    const key = 'sse/c';
    const uploadId = await initiate(server, key, TRIO_A);
    const good = await uploadPart(server, key, uploadId, 1, 'part one', TRIO_A);
    expect(good.status).toBe(200);
    expect(good.headers[COS_SSE.customerKeyMd5]).toBe(customerKeyMd5(KEY_A));
    expect(good.headers[COS_SSE.customerKey]).toBeUndefined();
    const none = await uploadPart(server, key, uploadId, 2, 'x');
    const other = await uploadPart(server, key, uploadId, 2, 'x', customerKeyHeaders(COS_SSE, KEY_B));
    expect([none.status, errorCode(none), other.status, errorCode(other)]).toEqual([
      400,
      'InvalidRequest',
      400,
      'InvalidRequest',
    ]);
    expect(
      (await complete(server, key, uploadId, [{ partNumber: 1, etag: good.headers.etag! }])).status,
    ).toBe(200);
    expect((await call(server, { method: 'GET', key })).status).toBe(400);
    const read = await call(server, { method: 'GET', key, headers: TRIO_A });
    expect([read.status, read.text]).toEqual([200, 'part one']);
    const plainId = await initiate(server, 'sse/plain');
    const unexpected = await uploadPart(server, 'sse/plain', plainId, 1, 'x', TRIO_A);
    expect([unexpected.status, errorCode(unexpected)]).toEqual([400, 'InvalidRequest']);
  });

  it('answers in the header family of the Initiate (x-amz- through the S3-compatible API)', async () => {
    const uploadId = await initiate(server, 'sse/amz', {
      [S3_SSE.header]: 'aws:kms',
      [S3_SSE.kmsKeyId]: 'k2',
    });
    const part = await uploadPart(server, 'sse/amz', uploadId, 1, 'x');
    expect(part.headers[S3_SSE.header]).toBe('aws:kms');
    expect(part.headers[S3_SSE.kmsKeyId]).toBe('k2');
    expect(part.headers[COS_SSE.header]).toBeUndefined();
  });
});

describe('SSE-C after a restart on the data directory', () => {
  it('still enforces the key of an open upload and of a completed object', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cos-sse-durable-'));
    try {
      const first = await startServer({ dataDir: dir });
      const uploadId = await initiate(first, 'open', TRIO_A);
      const done = await initiate(first, 'done', TRIO_A);
      const part = await uploadPart(first, 'done', done, 1, 'kept', TRIO_A);
      await complete(first, 'done', done, [{ partNumber: 1, etag: part.headers.etag! }]);
      await first.close();
      const second = await startServer({ dataDir: dir });
      try {
        expect((await uploadPart(second, 'open', uploadId, 1, 'x')).status).toBe(400);
        expect((await uploadPart(second, 'open', uploadId, 1, 'x', TRIO_A)).status).toBe(200);
        expect((await call(second, { method: 'HEAD', key: 'done' })).status).toBe(400);
        const head = await call(second, { method: 'HEAD', key: 'done', headers: TRIO_A });
        expect(head.headers[COS_SSE.customerAlgorithm]).toBe('AES256');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
