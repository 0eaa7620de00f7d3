/**
 * Each conformant variant's switch reaches the server: started as the variant, the reference server answers the
 * way the variant says, where the default server answers otherwise. This is the proof of difference for the
 * variants whose choice no single-rule probe of the suite can reveal (another rule order), and a fast check of
 * the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { ALWAYS_WHITESPACE } from '../../src/server/variants/complete-result.ts';
import { variantByName } from '../../src/server/variants/index.ts';
import { COS_SSE, customerKeyHeaders } from '../../src/spec/sse.ts';
import {
  bytes,
  call,
  complete,
  errorCode,
  initiate,
  md5Hex,
  rawExchange,
  rawHead,
  rawStatus,
  uploadPart,
} from '../server/helpers.ts';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The server as variant `name` (undefined: the default server), with a tiny minimum unless the variant sets one. */
async function start(name: string | undefined, minPartSize?: number): Promise<RunningServer> {
  const v = name === undefined ? undefined : variantByName(name);
  server = await startServer({
    behaviour: { ...(minPartSize !== undefined ? { minPartSize } : {}), ...(v?.behaviour ?? {}) },
    ...(v?.server ?? {}),
  });
  return server;
}

const abort = (s: RunningServer, key: string, id: string) =>
  call(s, { method: 'DELETE', key, query: [['uploadId', id]] });

describe('rule-order variants', () => {
  /** Complete [2, 1] where part 2 is too small: breaks the order rule and the size rule at once. */
  async function twoRuleComplete(name: string | undefined): Promise<string | undefined> {
    const s = await start(name, 10);
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, bytes(10));
    const two = await uploadPart(s, 'k', id, 2, bytes(3));
    return errorCode(
      await complete(s, 'k', id, [
        { partNumber: 2, etag: two.headers.etag },
        { partNumber: 1, etag: one.headers.etag },
      ]),
    );
  }

  it('complete-size-checked-first answers EntityTooSmall where the default answers InvalidPartOrder', async () => {
    expect(await twoRuleComplete(undefined)).toBe('InvalidPartOrder');
    await server?.close();
    expect(await twoRuleComplete('complete-size-checked-first')).toBe('EntityTooSmall');
  });

  it('complete-size-checked-first: a small part listed before a missing one is EntityTooSmall, not InvalidPart', async () => {
    const run = async (name: string | undefined) => {
      const s = await start(name, 10);
      const id = await initiate(s, 'k');
      const one = await uploadPart(s, 'k', id, 1, bytes(3));
      const code = errorCode(
        await complete(s, 'k', id, [
          { partNumber: 1, etag: one.headers.etag },
          { partNumber: 2, etag: one.headers.etag },
        ]),
      );
      await server?.close();
      server = undefined;
      return code;
    };
    expect(await run(undefined)).toBe('InvalidPart');
    expect(await run('complete-size-checked-first')).toBe('EntityTooSmall');
  });

  /** Upload Part with partNumber 0 to an unknown upload id: breaks two rules at once. */
  async function twoRuleUpload(name: string | undefined): Promise<string | undefined> {
    const s = await start(name);
    return errorCode(await uploadPart(s, 'k', 'no-such-upload', 0, 'x'));
  }

  it('upload-id-checked-first answers NoSuchUpload where the default answers InvalidArgument', async () => {
    expect(await twoRuleUpload(undefined)).toBe('InvalidArgument');
    await server?.close();
    expect(await twoRuleUpload('upload-id-checked-first')).toBe('NoSuchUpload');
  });
});

describe('part-size variants', () => {
  it('min-part-1000000 accepts a 1,000,000-byte non-last part', async () => {
    const s = await start('min-part-1000000');
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, bytes(1_000_000));
    const two = await uploadPart(s, 'k', id, 2, 'x');
    const res = await complete(s, 'k', id, [
      { partNumber: 1, etag: one.headers.etag },
      { partNumber: 2, etag: two.headers.etag },
    ]);
    expect(res.status).toBe(200);
  });

  it('min-part-1048576-at-upload-part refuses a small part only when a higher part is stored', async () => {
    const s = await start('min-part-1048576-at-upload-part');
    const id = await initiate(s, 'k');
    // A small highest part may be the last: accepted.
    expect((await uploadPart(s, 'k', id, 2, bytes(1_000))).status).toBe(200);
    // Below part 2 it cannot be the last: refused from the headers.
    const small = await uploadPart(s, 'k', id, 1, bytes(1_048_575));
    expect(small.status).toBe(400);
    expect(errorCode(small)).toBe('EntityTooSmall');
    expect((await uploadPart(s, 'k', id, 1, bytes(1_048_576))).status).toBe(200);
  });
});

describe('complete-whitespace-always', () => {
  it('every Complete result, even a fast one, starts with the whitespace', async () => {
    const s = await start('complete-whitespace-always');
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const res = await complete(s, 'k', id, [{ partNumber: 1, etag: one.headers.etag }]);
    expect(res.status).toBe(200);
    expect(res.text.startsWith(`${ALWAYS_WHITESPACE}<?xml`)).toBe(true);
  });

  it('the default server answers a fast Complete without whitespace', async () => {
    const s = await start(undefined);
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const res = await complete(s, 'k', id, [{ partNumber: 1, etag: one.headers.etag }]);
    expect(res.text.startsWith('<?xml')).toBe(true);
  });
});

describe('short-body-bare-400', () => {
  it('a body shorter than Content-Length gets a bare 400 without a COS error document', async () => {
    const s = await start('short-body-bare-400');
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
    const { text } = await rawExchange(s, [head, 'fewer bytes than promised'], { endAfterWrite: true });
    expect(rawStatus(text)).toBe(400);
    expect(text).not.toContain('<Error>');
    expect(text.toLowerCase()).not.toContain('x-cos-request-id');
  });
});

describe('s3 variants', () => {
  async function completed(name: string) {
    const s = await start(name, 1);
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const list = [{ partNumber: 1, etag: one.headers.etag }];
    expect((await complete(s, 'k', id, list)).status).toBe(200);
    return { s, id, list };
  }

  it('s3-complete-retry-200 answers a repeated Complete with 200 and the same result; other calls 404', async () => {
    const { s, id, list } = await completed('s3-complete-retry-200');
    const again = await complete(s, 'k', id, list);
    expect(again.status).toBe(200);
    expect(again.text).toContain('<CompleteMultipartUploadResult');
    expect(errorCode(await complete(s, 'k', id, [{ partNumber: 1, etag: '"0"' }]))).toBe('NoSuchUpload');
    expect(errorCode(await uploadPart(s, 'k', id, 2, 'B'))).toBe('NoSuchUpload');
    expect((await abort(s, 'k', id)).status).toBe(404);
  });

  it('s3-abort-after-complete-204 answers Abort of a completed upload with 204 and keeps the object', async () => {
    const { s, id, list } = await completed('s3-abort-after-complete-204');
    expect((await abort(s, 'k', id)).status).toBe(204);
    expect((await call(s, { method: 'GET', key: 'k' })).text).toBe('A');
    expect((await complete(s, 'k', id, list)).status).toBe(404);
  });

  it('the default server answers both with 404 NoSuchUpload', async () => {
    const s = await start(undefined, 1);
    const id = await initiate(s, 'k');
    const one = await uploadPart(s, 'k', id, 1, 'A');
    const list = [{ partNumber: 1, etag: one.headers.etag }];
    await complete(s, 'k', id, list);
    expect(errorCode(await complete(s, 'k', id, list))).toBe('NoSuchUpload');
    expect((await abort(s, 'k', id)).status).toBe(404);
  });
});

describe('encrypted-part-etag-opaque', () => {
  /** The ETag of a 10-byte part of an upload initiated with `headers`, and the MD5 of the part's bytes. */
  async function partEtag(name: string | undefined, headers: Record<string, string>, partHeaders = headers) {
    const s = await start(name);
    const id = await initiate(s, 'k', headers);
    const body = bytes(10);
    const res = await uploadPart(s, 'k', id, 1, body, partHeaders);
    expect(res.status).toBe(200);
    await server?.close();
    server = undefined;
    return { etag: res.headers.etag, md5: `"${md5Hex(body)}"` };
  }

  it('gives KMS and SSE-C parts an ETag that is not the MD5; plain and AES256 parts keep the MD5', async () => {
    const kms = { [COS_SSE.header]: 'cos/kms' };
    const ssec = customerKeyHeaders(COS_SSE, Buffer.alloc(32, 3));
    for (const headers of [kms, ssec]) {
      const plain = await partEtag(undefined, headers);
      expect(plain.etag).toBe(plain.md5);
      const opaque = await partEtag('encrypted-part-etag-opaque', headers);
      expect(opaque.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(opaque.etag).not.toBe(opaque.md5);
    }
    for (const headers of [{}, { [COS_SSE.header]: 'AES256' }]) {
      const same = await partEtag('encrypted-part-etag-opaque', headers);
      expect(same.etag).toBe(same.md5);
    }
  });
});
