/**
 * An application-like scenario of the official COS Node SDK (cos-nodejs-sdk-v5), unchanged, against
 * `cos-conformance serve` started as a child process with signature checking on: putObject / headObject /
 * getObject with metadata, sliceUploadFile of a 6-part file interrupted (task cancelled) and resumed by a fresh
 * client that must reuse the upload (no second Initiate, only the missing parts sent), uploadFile, putObjectCopy,
 * getBucket paging and grouping, getBucketLocation, deleteMultipleObject. Both addressings: virtual-host (`Ip`
 * with the production Host) and path-style (`Domain: host:port/{Bucket}`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import COS from 'cos-nodejs-sdk-v5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/index.ts';
import { bytes } from '../server/helpers.ts';
import { type ServeChild, startServeChild } from './serve-child.ts';

const MiB = 1024 * 1024;
const Bucket = DEFAULT_BUCKET;
const Region = DEFAULT_REGION;

type Addressing = 'virtual-host' | 'path';

/** What the SDK hands a `getAuthorization` callback (the fields this test signs with). */
interface SignInput {
  Method: string;
  Pathname: string;
  Query?: Record<string, string | number>;
  Headers?: Record<string, string | number>;
}

/** Where the SDK connects: the production Host on loopback (`Ip`), or path-style on the loopback address. */
function clientOptions(serve: ServeChild, addressing: Addressing): COS.COSOptions {
  return {
    Protocol: 'http:',
    AutoSwitchHost: false,
    ...(addressing === 'virtual-host'
      ? { Ip: `127.0.0.1:${serve.port}` }
      : { Domain: `127.0.0.1:${serve.port}/{Bucket}` }),
  };
}

function client(serve: ServeChild, addressing: Addressing): COS {
  return new COS({
    SecretId: LOCAL_SECRET_ID,
    SecretKey: LOCAL_SECRET_KEY,
    ...clientOptions(serve, addressing),
  });
}

/** Waits until `probe` holds (polling), or fails after `ms`. */
async function until(probe: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each<Addressing>([
  'virtual-host',
  'path',
])('COS Node SDK against cos-conformance serve (%s)', (addressing) => {
  let serve: ServeChild;
  let dir: string;
  const prefix = `app-${addressing}/`;
  beforeAll(async () => {
    serve = await startServeChild();
    dir = await mkdtemp(join(tmpdir(), 'cos-sdk-scenario-'));
  });
  afterAll(async () => {
    await serve?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('putObject, headObject, getObject keep bytes, type and x-cos-meta-*', async () => {
    const cos = client(serve, addressing);
    const Body = bytes(3000, 5);
    const put = await cos.putObject({
      Bucket,
      Region,
      Key: `${prefix}small.bin`,
      Body,
      ContentType: 'application/x-app',
      Headers: { 'x-cos-meta-owner': 'app' },
    });
    expect(put.statusCode).toBe(200);
    const head = await cos.headObject({ Bucket, Region, Key: `${prefix}small.bin` });
    expect(head.headers?.['content-length']).toBe('3000');
    expect(head.headers?.['x-cos-meta-owner']).toBe('app');
    const got = await cos.getObject({ Bucket, Region, Key: `${prefix}small.bin` });
    expect(Buffer.compare(got.Body as Buffer, Body)).toBe(0);
    expect(got.headers?.['content-type']).toBe('application/x-app');
  });

  it('sliceUploadFile interrupted after two slices is resumed by a new client, reusing the upload', async () => {
    const Key = `${prefix}big.bin`;
    const data = bytes(6 * MiB - 1000, 11);
    const FilePath = join(dir, 'big.bin');
    await writeFile(FilePath, data);
    const path = addressing === 'path' ? `/${Bucket}/${Key}` : `/${Key}`;
    const partPuts = () => serve.log().filter((l) => l.startsWith(`PUT ${path} 200`)).length;
    const posts = () => serve.log().filter((l) => l.startsWith(`POST ${path} 200`)).length;

    // The interruption: when the SDK asks to sign the Upload Part of slice 3, the task is cancelled and that
    // request is never signed (never sent), as when an application stops mid-way. Slices go one at a time.
    let taskId = '';
    let cancelled = false;
    const first: COS = new COS({
      ...clientOptions(serve, addressing),
      ChunkParallelLimit: 1,
      getAuthorization: (opts: SignInput, callback: (auth: string) => void) => {
        if (opts.Method.toUpperCase() === 'PUT' && String(opts.Query?.partNumber) === '3') {
          cancelled = true;
          first.cancelTask(taskId);
          return;
        }
        callback(
          COS.getAuthorization({
            SecretId: LOCAL_SECRET_ID,
            SecretKey: LOCAL_SECRET_KEY,
            Method: opts.Method as COS.Method,
            Pathname: opts.Pathname,
            Query: opts.Query,
            Headers: opts.Headers,
          }),
        );
      },
    });
    void first.sliceUploadFile(
      {
        Bucket,
        Region,
        Key,
        FilePath,
        SliceSize: MiB,
        onTaskReady: (id: string) => {
          taskId = id;
        },
      },
      () => undefined,
    );
    await until(() => cancelled);
    const check = client(serve, addressing);
    const uploads = await check.multipartList({ Bucket, Region, Prefix: Key, Delimiter: '' });
    expect(uploads.Upload).toHaveLength(1);
    const uploadId = uploads.Upload[0].UploadId;
    const kept = await check.multipartListPart({ Bucket, Region, Key, UploadId: uploadId });
    const keptParts = kept.Part.length;
    expect(keptParts).toBe(2);
    expect(posts()).toBe(1); // the Initiate
    const putsBefore = partPuts();

    const resumed = await client(serve, addressing).sliceUploadFile({
      Bucket,
      Region,
      Key,
      FilePath,
      SliceSize: MiB,
    });
    expect(resumed.statusCode).toBe(200);
    await until(() => posts() >= 2, 5000); // the child's log line may trail the answer
    expect(partPuts() - putsBefore).toBe(6 - keptParts);
    expect(posts()).toBe(2); // + the Complete: no second Initiate
    const after = await check.multipartList({ Bucket, Region, Prefix: Key, Delimiter: '' });
    expect(after.Upload ?? []).toEqual([]);
    const got = await check.getObject({ Bucket, Region, Key });
    expect(Buffer.compare(got.Body as Buffer, data)).toBe(0);
    expect(got.ETag).toMatch(/-6"$/);
  });

  it('uploadFile and putObjectCopy, then getBucket pages and groups, getBucketLocation answers the region', async () => {
    const cos = client(serve, addressing);
    const FilePath = join(dir, 'mid.bin');
    await writeFile(FilePath, bytes(2 * MiB + 5, 12));
    const up = await cos.uploadFile({
      Bucket,
      Region,
      Key: `${prefix}dir/mid.bin`,
      FilePath,
      SliceSize: MiB,
    });
    expect(up.statusCode).toBe(200);
    const copy = await cos.putObjectCopy({
      Bucket,
      Region,
      Key: `${prefix}dir/copy.bin`,
      CopySource: `${Bucket}.cos.${Region}.myqcloud.com/${prefix}dir/mid.bin`,
    });
    expect(copy.statusCode).toBe(200);

    const keys: string[] = [];
    let Marker = '';
    for (let page = 0; page < 10; page++) {
      const listed = await cos.getBucket({ Bucket, Region, Prefix: prefix, MaxKeys: 2, Marker });
      keys.push(...listed.Contents.map((c) => c.Key));
      if (listed.IsTruncated !== 'true') break;
      Marker = listed.NextMarker ?? '';
    }
    expect(keys).toEqual([
      `${prefix}big.bin`,
      `${prefix}dir/copy.bin`,
      `${prefix}dir/mid.bin`,
      `${prefix}small.bin`,
    ]);
    const grouped = await cos.getBucket({ Bucket, Region, Prefix: prefix, Delimiter: '/' });
    expect(grouped.CommonPrefixes.map((p) => p.Prefix)).toEqual([`${prefix}dir/`]);
    const location = await cos.getBucketLocation({ Bucket, Region });
    expect(location.LocationConstraint).toBe(Region);
  });

  it('deleteMultipleObject removes every key and reports each', async () => {
    const cos = client(serve, addressing);
    const listed = await cos.getBucket({ Bucket, Region, Prefix: prefix });
    const Objects = listed.Contents.map((c) => ({ Key: c.Key }));
    expect(Objects.length).toBe(4);
    const res = await cos.deleteMultipleObject({ Bucket, Region, Objects });
    expect(res.statusCode).toBe(200);
    expect(res.Deleted.map((d) => d.Key).sort()).toEqual(Objects.map((o) => o.Key).sort());
    expect(res.Error).toEqual([]);
    const empty = await cos.getBucket({ Bucket, Region, Prefix: prefix });
    expect(empty.Contents).toEqual([]);
  });

  it('a wrong SecretKey is refused (signature checking is on)', async () => {
    const cos = new COS({
      SecretId: LOCAL_SECRET_ID,
      SecretKey: 'not-the-key',
      Protocol: 'http:',
      AutoSwitchHost: false,
      Ip: `127.0.0.1:${serve.port}`,
    });
    const err = await cos.getBucket({ Bucket, Region }).then(
      () => undefined,
      (e: { statusCode?: number; code?: string }) => e,
    );
    expect([err?.statusCode, err?.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('the request log names method, path and status, never a query string, signature or key', () => {
    const log = serve.log();
    expect(log.length).toBeGreaterThan(20);
    expect(log.filter((l) => /\?|q-sign|q-signature|AKID|cosConformanceLocalSecretKey/.test(l))).toEqual([]);
  });
});
