import { afterEach, describe, expect, it } from 'vitest';
import {
  type Behaviour,
  CONFORMANT_BEHAVIOUR,
  isBase64Md5,
  isValidPartNumber,
  isValidTrafficLimit,
  resolveBehaviour,
  type RunningServer,
  s3MultipartEtag,
  startServer,
} from '../../src/server/index.ts';
import { findMutant, mutantServerOptions } from '../../src/server/mutants/index.ts';
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
} from './helpers.ts';

describe('rule functions', () => {
  it('isValidPartNumber is strict', () => {
    for (const ok of ['1', '9', '10', '9999', '10000']) expect(isValidPartNumber(ok)).toBe(true);
    for (const bad of [
      undefined,
      '',
      '0',
      '10001',
      '-1',
      '+1',
      '01',
      '1.0',
      '1e3',
      ' 1',
      '1 ',
      'abc',
      '2147483648',
    ]) {
      expect(isValidPartNumber(bad)).toBe(false);
    }
  });

  it('isValidTrafficLimit takes absent or 819200..838860800 bit/s', () => {
    for (const ok of [undefined, '819200', '838860800', '8192000'])
      expect(isValidTrafficLimit(ok)).toBe(true);
    for (const bad of ['819199', '838860801', '', 'abc', '-819200', '1e6', ' 819200']) {
      expect(isValidTrafficLimit(bad)).toBe(false);
    }
  });

  it('isBase64Md5 accepts exactly base64 of 16 bytes', () => {
    expect(isBase64Md5(md5Base64('x'))).toBe(true);
    expect(isBase64Md5('XUFAKrxLKna5cZ2REBfFkg==')).toBe(true);
    expect(isBase64Md5('XUFAKrxLKna5cZ2REBfFkh==')).toBe(false); // non-zero padding bits
    expect(isBase64Md5('aGVsbG8=')).toBe(false);
    expect(isBase64Md5(md5Hex('x'))).toBe(false);
  });

  it('s3MultipartEtag is the MD5 of the binary part MD5s, with the part count', () => {
    const a = md5Hex('a');
    const b = md5Hex('b');
    const expected = md5Hex(Buffer.concat([Buffer.from(a, 'hex'), Buffer.from(b, 'hex')]));
    expect(s3MultipartEtag([a, b])).toBe(`"${expected}-2"`);
    expect(s3MultipartEtag([b, a])).not.toBe(s3MultipartEtag([a, b]));
  });

  it('resolveBehaviour overrides only defined fields', () => {
    const b = resolveBehaviour({ minPartSize: 5, checkContentMd5: undefined });
    expect(b.minPartSize).toBe(5);
    expect(b.checkContentMd5).toBe(true);
    expect(Object.isFrozen(b)).toBe(true);
    expect(resolveBehaviour()).toEqual(CONFORMANT_BEHAVIOUR);
  });
});

/** Each override changes what the server answers: the hooks a mutant needs are wired to the handlers. */
describe('behaviour overrides reach the handlers', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function start(behaviour: Partial<Behaviour>): Promise<RunningServer> {
    server = await startServer({ behaviour });
    return server;
  }

  it('validatePartNumber', async () => {
    const s = await start({ validatePartNumber: () => true });
    const id = await initiate(s, 'k');
    expect((await uploadPart(s, 'k', id, 0, 'x')).status).toBe(200);
  });

  it('checkContentMd5', async () => {
    const s = await start({ checkContentMd5: false });
    const id = await initiate(s, 'k');
    expect((await uploadPart(s, 'k', id, 1, 'x', { 'content-md5': md5Base64('y') })).status).toBe(200);
  });

  it('noSuchUploadStatus', async () => {
    const s = await start({ noSuchUploadStatus: 400 });
    const res = await uploadPart(s, 'k', 'nope', 1, 'x');
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('NoSuchUpload');
  });

  it('partEtag and crc64Header', async () => {
    const s = await start({ partEtag: (md5) => md5, crc64Header: () => undefined });
    const id = await initiate(s, 'k');
    const res = await uploadPart(s, 'k', id, 1, 'x');
    expect(res.headers.etag).toBe(md5Hex('x'));
    expect(res.headers['x-cos-hash-crc64ecma']).toBeUndefined();
  });

  it('assembleOrder upload-time', async () => {
    const s = await start({ assembleOrder: 'upload-time', minPartSize: 1 });
    const id = await initiate(s, 'k');
    const two = await uploadPart(s, 'k', id, 2, 'B');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const res = await complete(s, 'k', id, [
      { partNumber: 1, etag: one.headers.etag },
      { partNumber: 2, etag: two.headers.etag },
    ]);
    expect(res.status).toBe(200);
    expect((await call(s, { method: 'GET', key: 'k' })).text).toBe('BA');
  });

  it('requireAscendingParts and checkCompleteEtags', async () => {
    const s = await start({ requireAscendingParts: false, checkCompleteEtags: false, minPartSize: 1 });
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'A');
    await uploadPart(s, 'k', id, 2, 'B');
    const res = await complete(s, 'k', id, [
      { partNumber: 2, etag: '"wrong"' },
      { partNumber: 1, etag: '"wrong"' },
    ]);
    expect(res.status).toBe(200);
  });

  it('completeStreamsWhitespace=false answers with a Content-Length', async () => {
    const s = await start({ completeStreamsWhitespace: false });
    const id = await initiate(s, 'k');
    const part = await uploadPart(s, 'k', id, 1, 'A');
    const res = await complete(s, 'k', id, [{ partNumber: 1, etag: part.headers.etag }]);
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(res.body.length));
  });

  it('abortStatus', async () => {
    const s = await start({ abortStatus: 200 });
    const id = await initiate(s, 'k');
    expect((await call(s, { method: 'DELETE', key: 'k', query: [['uploadId', id]] })).status).toBe(200);
  });

  it('checkSignature', async () => {
    const s = await start({ checkSignature: false });
    expect((await call(s, { method: 'GET', credentials: false })).status).toBe(200);
  });

  it('sendRequestId', async () => {
    const s = await start({ sendRequestId: false });
    expect((await call(s, { method: 'GET' })).headers['x-cos-request-id']).toBeUndefined();
  });

  it('maxPartSize and requireContentLength', async () => {
    const s = await start({ maxPartSize: 10, requireContentLength: false });
    const id = await initiate(s, 'k');
    const big = await uploadPart(s, 'k', id, 1, bytes(11));
    expect(errorCode(big)).toBe('EntityTooLarge');
    const head = rawHead(
      'PUT',
      'k',
      [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      { 'transfer-encoding': 'chunked' },
    );
    const { text } = await rawExchange(s, [head, '5\r\nhello\r\n0\r\n\r\n'], {
      stopWhen: (t) => t.includes('\r\n\r\n'),
    });
    expect(rawStatus(text)).toBe(200);
  });

  it('validateBeforeContinue=false sends 100 Continue before refusing', async () => {
    const s = await start({ validateBeforeContinue: false });
    const head = rawHead(
      'PUT',
      'k',
      [
        ['partNumber', '1'],
        ['uploadId', 'nope'],
      ],
      { 'content-length': '10', expect: '100-continue' },
    );
    const { text } = await rawExchange(s, [head], { timeoutMs: 1000 });
    expect(text.startsWith('HTTP/1.1 100 Continue')).toBe(true);
  });

  it('checkUploadBeforeBody=false reads the body before NoSuchUpload', async () => {
    const s = await start({ checkUploadBeforeBody: false });
    const head = rawHead(
      'PUT',
      'k',
      [
        ['partNumber', '1'],
        ['uploadId', 'nope'],
      ],
      { 'content-length': '10', expect: '100-continue' },
    );
    const { text } = await rawExchange(s, [head], { timeoutMs: 1000 });
    expect(text.startsWith('HTTP/1.1 100 Continue')).toBe(true);
  });
});

/** The alternative handlers of the mutants replace the conformant procedure of their operation. */
describe('alternative handlers reach the router', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function startAs(mutant: string): Promise<RunningServer> {
    server = await startServer(mutantServerOptions(findMutant(mutant)));
    return server;
  }

  it('are named in the mutations of the running server', async () => {
    const s = await startAs('first-write-wins');
    expect(s.mutations).toEqual(['handler:uploadPart']);
  });

  it('refusedNumberStored: 1.5 is refused, yet stored as part 1', async () => {
    const s = await startAs('part-number-refused-but-stored');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'x');
    expect(errorCode(await uploadPart(s, 'k', id, '1.5', 'yy'))).toBe('InvalidArgument');
    expect((await listPartsMap(s, 'k', id)).get(1)).toEqual({ etag: `"${md5Hex('yy')}"`, size: 2 });
    expect(errorCode(await uploadPart(s, 'k', id, 0, 'z'))).toBe('InvalidArgument');
    expect((await listPartsMap(s, 'k', id)).size).toBe(1);
  });

  it('truncatedBodyStored: a body cut short is ended as complete and stored', async () => {
    const s = await startAs('truncated-body-stored');
    const id = await initiate(s, 'k');
    const head = rawHead(
      'PUT',
      'k',
      [
        ['partNumber', '1'],
        ['uploadId', id],
      ],
      { 'content-length': '100' },
    );
    const partial = 'fewer bytes than the promised hundred';
    await rawExchange(s, [head, partial], { endAfterWrite: true });
    await new Promise((r) => setTimeout(r, 50));
    expect((await listPartsMap(s, 'k', id)).get(1)?.size).toBe(partial.length);
  });
  it('md5CheckedAfterStoring: a wrong Content-MD5 is BadDigest, but the part is replaced', async () => {
    const s = await startAs('bad-md5-part-stored');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'x');
    expect(errorCode(await uploadPart(s, 'k', id, 1, 'y', { 'content-md5': md5Base64('z') }))).toBe(
      'BadDigest',
    );
    expect((await listPartsMap(s, 'k', id)).get(1)?.etag).toBe(`"${md5Hex('y')}"`);
  });

  it('firstWriteWins: a second upload of a part number is answered 200, the first one kept', async () => {
    const s = await startAs('first-write-wins');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'first');
    expect((await uploadPart(s, 'k', id, 1, 'second')).status).toBe(200);
    expect((await listPartsMap(s, 'k', id)).get(1)?.etag).toBe(`"${md5Hex('first')}"`);
  });

  it('listedEtagOfFirstUpload: List Parts shows the first ETag, with the later size', async () => {
    const s = await startAs('list-parts-keeps-first-etag');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'first');
    await uploadPart(s, 'k', id, 1, 'second!');
    expect((await listPartsMap(s, 'k', id)).get(1)).toEqual({ etag: `"${md5Hex('first')}"`, size: 7 });
  });

  it('staleListing: List Parts keeps answering its first listing', async () => {
    const s = await startAs('list-parts-stale-cache');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'x');
    expect((await listPartsMap(s, 'k', id)).size).toBe(1);
    await uploadPart(s, 'k', id, 2, 'y');
    expect((await listPartsMap(s, 'k', id)).size).toBe(1);
  });

  it('repeatedPartDropped: a part number listed twice is left out of the object', async () => {
    const s = await startAs('complete-repeated-part-dropped');
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const two = await uploadPart(s, 'k', id, 2, 'B');
    const list = [1, 1, 2].map((n) => ({ partNumber: n, etag: (n === 1 ? one : two).headers.etag }));
    expect((await complete(s, 'k', id, list)).status).toBe(200);
    expect((await call(s, { method: 'GET', key: 'k' })).text).toBe('B');
  });

  it('assemblyFails: Complete answers 200 whose body is an InternalError, and stores nothing', async () => {
    const s = await startAs('complete-200-error-body');
    const id = await initiate(s, 'k');
    const part = await uploadPart(s, 'k', id, 1, 'A');
    const res = await complete(s, 'k', id, [{ partNumber: 1, etag: part.headers.etag }]);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<Code>InternalError</Code>');
    expect((await call(s, { method: 'GET', key: 'k' })).status).toBe(404);
  });

  it('abortChangesNothing and abortLeavesEmptyObject', async () => {
    const s = await startAs('abort-is-no-op');
    const id = await initiate(s, 'k');
    await uploadPart(s, 'k', id, 1, 'x');
    expect((await call(s, { method: 'DELETE', key: 'k', query: [['uploadId', id]] })).status).toBe(204);
    expect((await listPartsMap(s, 'k', id)).size).toBe(1);
    await s.close();
    const empty = await startAs('abort-leaves-empty-object');
    const other = await initiate(empty, 'k');
    expect((await call(empty, { method: 'DELETE', key: 'k', query: [['uploadId', other]] })).status).toBe(
      204,
    );
    const object = await call(empty, { method: 'GET', key: 'k' });
    expect(object.status).toBe(200);
    expect(object.text).toBe('');
    expect((await call(empty, { method: 'GET', key: 'k', query: [['uploadId', other]] })).status).toBe(404);
  });
});
