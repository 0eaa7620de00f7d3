/**
 * Upload Part - Copy (spec §2.3 [D8287]) against the reference server: whole objects and byte ranges become parts
 * that Complete assembles like uploaded ones; `x-cos-copy-source` in its COS and `<bucket>/<key>` forms and
 * `x-amz-copy-source`; the copy-source conditions (412) and every refusal, none of which stores a part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUCKET, DEFAULT_REGION } from '../../src/server/defaults.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { bytes, call, complete, errorCode, initiate, listPartsMap, md5Hex, xml } from './helpers.ts';

const COS_HOST = `${DEFAULT_BUCKET}.cos.${DEFAULT_REGION}.myqcloud.com`;

describe('Upload Part - Copy', () => {
  let server: RunningServer;
  const source = bytes(1_500_000, 5);
  const srcKey = 'cp/sr c+ü';
  let srcEtag: string;
  /** The source's CRC-64 as Put Object answered it: a whole-object copy's part has the same bytes. */
  let srcCrc64: string;
  beforeAll(async () => {
    server = await startServer();
    const put = await call(server, { method: 'PUT', key: srcKey, body: source });
    expect(put.status).toBe(200);
    srcEtag = put.headers.etag ?? '';
    srcCrc64 = put.headers['x-cos-hash-crc64ecma'] ?? '';
  });
  afterAll(async () => {
    await server.close();
  });

  function copyPart(
    key: string,
    uploadId: string,
    partNumber: number | string,
    headers: Record<string, string>,
  ) {
    return call(server, {
      method: 'PUT',
      key,
      query: [
        ['partNumber', String(partNumber)],
        ['uploadId', uploadId],
      ],
      headers,
    });
  }
  const cosSource = `${COS_HOST}/${encodeURIComponent(srcKey)}`;

  it('copies a whole object and a range into parts; Complete assembles them byte for byte', async () => {
    const id = await initiate(server, 'cp/dst');
    const whole = await copyPart('cp/dst', id, 1, { 'x-cos-copy-source': cosSource });
    expect(whole.status).toBe(200);
    const result = xml(whole).CopyPartResult as { ETag: string; LastModified: string };
    expect(result.ETag).toBe(`"${md5Hex(source)}"`);
    expect(Number.isNaN(Date.parse(result.LastModified))).toBe(false);
    expect(whole.headers['x-cos-hash-crc64ecma']).toBe(srcCrc64);
    const slice = source.subarray(100, 1100);
    const ranged = await copyPart('cp/dst', id, 2, {
      'x-amz-copy-source': `/${DEFAULT_BUCKET}/${encodeURIComponent(srcKey)}`,
      'x-amz-copy-source-range': 'bytes=100-1099',
    });
    expect(ranged.status).toBe(200);
    expect((xml(ranged).CopyPartResult as { ETag: string }).ETag).toBe(`"${md5Hex(slice)}"`);
    const parts = await listPartsMap(server, 'cp/dst', id);
    expect(parts.get(1)).toEqual({ etag: `"${md5Hex(source)}"`, size: source.length });
    expect(parts.get(2)).toEqual({ etag: `"${md5Hex(slice)}"`, size: 1000 });
    const done = await complete(server, 'cp/dst', id, [
      { partNumber: 1, etag: parts.get(1)?.etag ?? '' },
      { partNumber: 2, etag: parts.get(2)?.etag ?? '' },
    ]);
    expect(done.status).toBe(200);
    const got = await call(server, { method: 'GET', key: 'cp/dst' });
    expect(got.body.equals(Buffer.concat([source, slice]))).toBe(true);
  });

  it('copy-source conditions: a failed one is 412 PreconditionFailed, a holding one copies', async () => {
    const id = await initiate(server, 'cp/cond');
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const failing: Array<Record<string, string>> = [
      { 'x-cos-copy-source-If-Match': '"0123456789abcdef0123456789abcdef"' },
      { 'x-cos-copy-source-If-None-Match': srcEtag },
      { 'x-cos-copy-source-If-Unmodified-Since': past },
      { 'x-cos-copy-source-If-Modified-Since': future },
    ];
    for (const headers of failing) {
      const res = await copyPart('cp/cond', id, 1, { 'x-cos-copy-source': cosSource, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(412);
      expect(errorCode(res)).toBe('PreconditionFailed');
    }
    expect((await listPartsMap(server, 'cp/cond', id)).size).toBe(0);
    const ok = await copyPart('cp/cond', id, 1, {
      'x-cos-copy-source': cosSource,
      'x-cos-copy-source-If-Match': srcEtag,
      'x-cos-copy-source-If-Modified-Since': past,
      'x-cos-copy-source-If-Unmodified-Since': future,
    });
    expect(ok.status).toBe(200);
  });

  it('refusals store nothing: range, source, upload, part number, body', async () => {
    const id = await initiate(server, 'cp/refused');
    const cases: Array<[Record<string, string>, number | string, string, number]> = [
      [{ 'x-cos-copy-source-range': `bytes=0-${source.length}` }, 1, 'InvalidArgument', 400],
      [{ 'x-cos-copy-source-range': 'bytes=5-' }, 1, 'InvalidArgument', 400],
      [{ 'x-cos-copy-source-range': 'bytes=10-5' }, 1, 'InvalidArgument', 400],
      [{}, 0, 'InvalidArgument', 400],
      [{}, 10001, 'InvalidArgument', 400],
    ];
    for (const [headers, partNumber, code, status] of cases) {
      const res = await copyPart('cp/refused', id, partNumber, {
        'x-cos-copy-source': cosSource,
        ...headers,
      });
      expect([res.status, errorCode(res)], JSON.stringify(headers)).toEqual([status, code]);
    }
    const missing = await copyPart('cp/refused', id, 1, { 'x-cos-copy-source': `${COS_HOST}/cp/none` });
    expect([missing.status, errorCode(missing)]).toEqual([404, 'NoSuchKey']);
    const otherBucket = await copyPart('cp/refused', id, 1, {
      'x-cos-copy-source': 'nobucket-1250000000/cp/x',
    });
    expect([otherBucket.status, errorCode(otherBucket)]).toEqual([404, 'NoSuchBucket']);
    const malformed = await copyPart('cp/refused', id, 1, { 'x-cos-copy-source': 'no-key-here' });
    expect([malformed.status, errorCode(malformed)]).toEqual([400, 'InvalidArgument']);
    const noUpload = await copyPart('cp/refused', 'not-an-upload', 1, { 'x-cos-copy-source': cosSource });
    expect([noUpload.status, errorCode(noUpload)]).toEqual([404, 'NoSuchUpload']);
    const withBody = await call(server, {
      method: 'PUT',
      key: 'cp/refused',
      query: [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      headers: { 'x-cos-copy-source': cosSource },
      body: 'a body',
    });
    expect([withBody.status, errorCode(withBody)]).toEqual([400, 'InvalidRequest']);
    expect((await listPartsMap(server, 'cp/refused', id)).size).toBe(0);
  });

  it('an empty source object copies into an empty part', async () => {
    await call(server, { method: 'PUT', key: 'cp/empty', body: '' });
    const id = await initiate(server, 'cp/from-empty');
    const res = await copyPart('cp/from-empty', id, 1, { 'x-cos-copy-source': `${DEFAULT_BUCKET}/cp/empty` });
    expect(res.status).toBe(200);
    expect((await listPartsMap(server, 'cp/from-empty', id)).get(1)?.size).toBe(0);
  });
});
