import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import { type RunningServer, s3MultipartEtag, startServer } from '../../src/server/index.ts';
import {
  bytes,
  call,
  complete,
  errorCode,
  initiate,
  listPartsMap,
  md5Base64,
  md5Hex,
  uploadPart,
  xml,
} from './helpers.ts';

const MiB = 1024 * 1024;

/** Starts an upload with the given part bodies; returns id and quoted ETags. */
async function prepare(
  server: RunningServer,
  key: string,
  bodies: Array<[number, Buffer | string]>,
): Promise<{ uploadId: string; etags: Map<number, string> }> {
  const uploadId = await initiate(server, key);
  const etags = new Map<number, string>();
  for (const [n, body] of bodies) {
    const res = await uploadPart(server, key, uploadId, n, body);
    if (res.status !== 200) throw new Error(`upload failed ${res.status}`);
    etags.set(n, res.headers.etag);
  }
  return { uploadId, etags };
}

describe('Complete Multipart Upload (spec §2.5)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  /** Expects a 4xx with `code`, and that the upload is still open with its parts. */
  async function expectRefused(
    key: string,
    uploadId: string,
    res: Awaited<ReturnType<typeof complete>>,
    code: string,
  ) {
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe(code);
    expect(res.headers['content-type']).toBe('application/xml');
    expect((await call(server, { method: 'HEAD', key })).status).toBe(404);
    expect((await listPartsMap(server, key, uploadId)).size).toBeGreaterThan(0);
  }

  it('result: ETag "<md5 of binary MD5s>-N", whole-object CRC, Location, namespace', async () => {
    const bodies: Array<[number, Buffer]> = [
      [1, bytes(MiB, 11)],
      [2, bytes(MiB, 12)],
      [3, bytes(5000, 13)],
    ];
    const { uploadId, etags } = await prepare(server, 'result/obj', bodies);
    const res = await complete(
      server,
      'result/obj',
      uploadId,
      [...etags].map(([partNumber, etag]) => ({ partNumber, etag })),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.text.trimStart().startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(res.text).toContain('xmlns="http://www.qcloud.com/document/product/436/7751"');
    const expectedEtag = s3MultipartEtag(bodies.map(([, b]) => md5Hex(b)));
    const result = xml(res).CompleteMultipartUploadResult as Record<string, string>;
    expect(result.ETag).toBe(expectedEtag);
    expect(result.Location).toBe('http://examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/result/obj');
    expect(result.Bucket).toBe('examplebucket-1250000000');
    const whole = Buffer.concat(bodies.map(([, b]) => b));
    expect(res.headers['x-cos-hash-crc64ecma']).toBe(crc64(whole).toString());
    const head = await call(server, { method: 'HEAD', key: 'result/obj' });
    expect(head.headers['content-length']).toBe(String(whole.length));
    expect(head.headers['x-cos-hash-crc64ecma']).toBe(crc64(whole).toString());
    expect(head.headers.etag).toBe(expectedEtag);
  });

  it('accepts unquoted ETags and ETag before PartNumber (Go SDK order)', async () => {
    const { uploadId, etags } = await prepare(server, 'lenient', [
      [1, bytes(MiB, 1)],
      [2, 'tail'],
    ]);
    const body =
      '<CompleteMultipartUpload>' +
      `<Part><ETag>${etags.get(1)!.replaceAll('"', '')}</ETag><PartNumber>1</PartNumber></Part>` +
      `<Part><ETag>&quot;${etags.get(2)!.replaceAll('"', '')}&quot;</ETag><PartNumber>2</PartNumber></Part>` +
      '</CompleteMultipartUpload>';
    const res = await complete(server, 'lenient', uploadId, body);
    expect(res.status).toBe(200);
    expect((await call(server, { method: 'GET', key: 'lenient' })).body.length).toBe(MiB + 4);
  });

  it('descending order is 400 InvalidPartOrder', async () => {
    const key = 'order/desc';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB, 1)],
      [2, bytes(MiB, 2)],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 2, etag: etags.get(2)! },
      { partNumber: 1, etag: etags.get(1)! },
    ]);
    await expectRefused(key, uploadId, res, 'InvalidPartOrder');
  });

  it('a duplicate part number is 400 InvalidPartOrder', async () => {
    const key = 'order/dup';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB, 1)],
      [2, 'b'],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 2, etag: etags.get(2)! },
    ]);
    await expectRefused(key, uploadId, res, 'InvalidPartOrder');
  });

  it('a wrong ETag is 400 InvalidPart', async () => {
    const key = 'part/etag';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB, 1)],
      [2, 'b'],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 2, etag: `"${md5Hex('not b')}"` },
    ]);
    await expectRefused(key, uploadId, res, 'InvalidPart');
  });

  it('a part never uploaded is 400 InvalidPart', async () => {
    const key = 'part/missing';
    const { uploadId, etags } = await prepare(server, key, [[1, bytes(MiB, 1)]]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 2, etag: `"${md5Hex('b')}"` },
    ]);
    await expectRefused(key, uploadId, res, 'InvalidPart');
  });

  it('non-contiguous part numbers are 400 InvalidPart (completeRequiresContiguous)', async () => {
    const key = 'part/gap';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB, 1)],
      [3, 'c'],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 3, etag: etags.get(3)! },
    ]);
    await expectRefused(key, uploadId, res, 'InvalidPart');
  });

  it('a non-last part under 1 MiB is 400 EntityTooSmall; the last may be small', async () => {
    const key = 'size/small';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB - 1, 1)],
      [2, 'b'],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 2, etag: etags.get(2)! },
    ]);
    await expectRefused(key, uploadId, res, 'EntityTooSmall');
    // A single tiny part is fine (spec §3: the last = only part may be tiny).
    const single = await prepare(server, 'size/single', [[1, 'tiny']]);
    const ok = await complete(server, 'size/single', single.uploadId, [
      { partNumber: 1, etag: single.etags.get(1)! },
    ]);
    expect(ok.status).toBe(200);
  });

  for (const [name, body] of [
    ['empty body', ''],
    ['not XML', 'this is not xml'],
    ['unclosed element', '<CompleteMultipartUpload><Part>'],
    ['wrong root', '<Complete><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></Complete>'],
    ['no Part', '<CompleteMultipartUpload></CompleteMultipartUpload>'],
    [
      'Part without ETag',
      '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>',
    ],
    [
      'non-integer PartNumber',
      '<CompleteMultipartUpload><Part><PartNumber>one</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
    ],
  ] as const) {
    it(`${name} is 400 MalformedXML`, async () => {
      const key = `xml/${name.replaceAll(' ', '-')}`;
      const { uploadId } = await prepare(server, key, [[1, 'a']]);
      const res = await complete(server, key, uploadId, body);
      await expectRefused(key, uploadId, res, 'MalformedXML');
    });
  }

  it('unknown uploadId is 404 NoSuchUpload; a second Complete too', async () => {
    const unknown = await complete(server, 'nsu', '1700000000ffff', [{ partNumber: 1, etag: '"x"' }]);
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('NoSuchUpload');
    const { uploadId, etags } = await prepare(server, 'twice', [[1, 'a']]);
    const parts = [{ partNumber: 1, etag: etags.get(1)! }];
    expect((await complete(server, 'twice', uploadId, parts)).status).toBe(200);
    const second = await complete(server, 'twice', uploadId, parts);
    expect(second.status).toBe(404);
    expect(errorCode(second)).toBe('NoSuchUpload');
  });

  it('a Content-MD5 over the XML is checked: mismatch 400 BadDigest, malformed 400 InvalidDigest', async () => {
    const key = 'xml/md5';
    const { uploadId, etags } = await prepare(server, key, [[1, 'a']]);
    const body = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etags.get(1)}</ETag></Part></CompleteMultipartUpload>`;
    const send = (md5: string) =>
      call(server, {
        method: 'POST',
        key,
        query: [['uploadId', uploadId]],
        headers: { 'content-type': 'application/xml', 'content-md5': md5 },
        body,
      });
    const bad = await send(md5Base64('other'));
    await expectRefused(key, uploadId, bad, 'BadDigest');
    const malformed = await send('nope');
    await expectRefused(key, uploadId, malformed, 'InvalidDigest');
    expect((await send(md5Base64(body))).status).toBe(200);
  });

  it('parts uploaded but not listed are left out', async () => {
    const key = 'subset';
    const { uploadId, etags } = await prepare(server, key, [
      [1, bytes(MiB, 1)],
      [2, 'two'],
      [3, 'three'],
    ]);
    const res = await complete(server, key, uploadId, [
      { partNumber: 1, etag: etags.get(1)! },
      { partNumber: 2, etag: etags.get(2)! },
    ]);
    expect(res.status).toBe(200);
    const got = await call(server, { method: 'GET', key });
    expect(got.body.equals(Buffer.concat([bytes(MiB, 1), Buffer.from('two')]))).toBe(true);
  });
});

describe('Complete streams whitespace while assembling (spec §2.5)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ completeKeepAliveMs: 20, completeDelayMs: 250 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 200 at once, sends spaces, then the result XML', async () => {
    const key = 'slow';
    const uploadId = await initiate(server, key);
    const part = await uploadPart(server, key, uploadId, 1, 'abc');
    const res = await complete(server, key, uploadId, [{ partNumber: 1, etag: part.headers.etag }]);
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const leading = /^ */.exec(res.text)![0].length;
    expect(leading).toBeGreaterThanOrEqual(3);
    expect(res.text.slice(leading).startsWith('<?xml')).toBe(true);
    expect((xml(res).CompleteMultipartUploadResult as Record<string, string>).ETag).toMatch(
      /^"[0-9a-f]{32}-1"$/,
    );
  });
});

describe('Behaviour switches of Complete', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ behaviour: { completeRequiresContiguous: false, minPartSize: 10 } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('with completeRequiresContiguous=false and minPartSize=10, gaps and small parts pass', async () => {
    const key = 'gap-ok';
    const uploadId = await initiate(server, key);
    const a = await uploadPart(server, key, uploadId, 2, '0123456789');
    const b = await uploadPart(server, key, uploadId, 5, 'x');
    const res = await complete(server, key, uploadId, [
      { partNumber: 2, etag: a.headers.etag },
      { partNumber: 5, etag: b.headers.etag },
    ]);
    expect(res.status).toBe(200);
    expect((await call(server, { method: 'GET', key })).text).toBe('0123456789x');
    expect(server.mutations.sort()).toEqual(['completeRequiresContiguous', 'minPartSize']);
  });
});
