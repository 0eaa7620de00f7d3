/**
 * Each fault, seen from an undici client through the proxy in front of a tiny COS-shaped upstream: what the
 * client observes and what reached the upstream.
 */
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { everyOp, faultPlan, firstOp } from '../../src/faults/plan.ts';
import { startFaultProxy } from '../../src/faults/proxy.ts';
import type { FaultPlan, FaultProxy, FaultSpec } from '../../src/faults/types.ts';
import { call } from './client.ts';
import { LIST_PARTS_XML, OBJECT_BYTES, startUpstream, type Upstream } from './upstream-fixture.ts';

const PART = Buffer.alloc(100_000, 0x61);
const PART_PATH = '/k?partNumber=1&uploadId=u1';
const LIST_PATH = '/k?uploadId=u1';
const RESET_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'];

let up: Upstream;
let proxy: FaultProxy | undefined;

beforeAll(async () => {
  up = await startUpstream();
});
afterAll(async () => {
  await up.close();
});
beforeEach(() => {
  up.seen.length = 0;
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function withPlan(plan: FaultPlan): Promise<string> {
  proxy = await startFaultProxy({ upstream: up.url, plan });
  return proxy.url;
}

const every = (spec: FaultSpec['name'] | FaultSpec): FaultPlan => faultPlan({ fault: spec });

describe('pass', () => {
  it('forwards requests and responses byte for byte', async () => {
    const url = await withPlan(every('pass'));
    const put = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"39270a968a357d24207e9911162507eb"');
    expect(up.seen[0]).toMatchObject({ method: 'PUT', bytes: PART.length, complete: true });
    const list = await call(url + LIST_PATH);
    expect(list.body?.toString()).toBe(LIST_PARTS_XML);
    const obj = await call(`${url}/object`);
    expect(obj.body?.equals(OBJECT_BYTES)).toBe(true);
    expect(proxy?.stats().byFault).toEqual({ pass: 3 });
  });
});

describe('reset-mid-request-body', () => {
  it('cuts an Upload Part body in the middle: the client sees a reset, the server half a body', async () => {
    const url = await withPlan(faultPlan(firstOp('uploadPart', 'reset-mid-request-body')));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(res.status).toBeUndefined();
    expect(RESET_CODES).toContain(res.headError);
    await vi.waitFor(() => expect(up.seen[0]).toMatchObject({ bytes: PART.length / 2, complete: false }));
    const entry = proxy!.stats().log[0];
    expect(entry).toMatchObject({ fault: 'reset-mid-request-body', op: 'uploadPart', forwarded: 'partial' });
    expect(entry.requestBodyConsumed).toBe(false);
    // times: 1 — the next Upload Part passes.
    expect((await call(url + PART_PATH, { method: 'PUT', body: PART })).status).toBe(200);
  });

  it('cuts after afterBodyBytes', async () => {
    const url = await withPlan(every({ name: 'reset-mid-request-body', afterBodyBytes: 10 }));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(RESET_CODES).toContain(res.headError);
    await vi.waitFor(() => expect(up.seen[0]).toMatchObject({ bytes: 10, complete: false }));
  });

  it('resets right after the head when the request has no body', async () => {
    const url = await withPlan(every('reset-mid-request-body'));
    const res = await call(url + LIST_PATH);
    expect(RESET_CODES).toContain(res.headError);
    expect(proxy!.stats().log[0].note).toMatch(/no body/);
  });
});

describe('reset-mid-response', () => {
  it('resets in the middle of a List Parts body', async () => {
    const url = await withPlan(every('reset-mid-response'));
    const res = await call(url + LIST_PATH);
    expect(res.body).toBeUndefined();
    expect(RESET_CODES).toContain(res.headError ?? res.bodyError);
  });

  it('resets inside the head of an Upload Part answer (empty body), after the server stored the part', async () => {
    const url = await withPlan(every('reset-mid-response'));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(res.status).toBeUndefined();
    expect(RESET_CODES).toContain(res.headError);
    expect(up.seen[0]).toMatchObject({ bytes: PART.length, complete: true });
    expect(proxy!.stats().log[0]).toMatchObject({ upstreamStatus: 200, forwarded: 'all' });
  });
});

describe('stall-response', () => {
  it('never answers: the client headers timeout fires; the server did get the request', async () => {
    const url = await withPlan(every('stall-response'));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART, headersTimeout: 300 });
    expect(res.headError).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(res.ms).toBeLessThan(3_000);
    expect(up.seen[0]).toMatchObject({ bytes: PART.length, complete: true });
  });

  it('forward: false swallows the request', async () => {
    const url = await withPlan(every({ name: 'stall-response', forward: false }));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART, headersTimeout: 300 });
    expect(res.headError).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(up.seen).toHaveLength(0);
    expect(proxy!.stats().log[0]).toMatchObject({ forwarded: 'none', requestBodyConsumed: true });
  });

  it('is bounded: after holdMs the proxy resets a client that waits forever', async () => {
    const url = await withPlan(every({ name: 'stall-response', holdMs: 200 }));
    const res = await call(url + LIST_PATH, { headersTimeout: 10_000 });
    expect(RESET_CODES).toContain(res.headError);
    expect(res.ms).toBeLessThan(2_000);
  });
});

describe('truncated-response', () => {
  it('delivers the head with the full Content-Length and half the body, then closes', async () => {
    const url = await withPlan(every('truncated-response'));
    const res = await call(url + LIST_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(LIST_PARTS_XML)));
    expect(res.body).toBeUndefined();
    expect(['UND_ERR_SOCKET', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']).toContain(res.bodyError);
  });

  it('truncates a chunked body too', async () => {
    const url = await withPlan(every('truncated-response'));
    const res = await call(`${url + LIST_PATH}&chunked=1`);
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.bodyError).toBeDefined();
  });

  it('bodyBytes: 0 closes right after the head', async () => {
    const url = await withPlan(every({ name: 'truncated-response', bodyBytes: 0 }));
    const res = await call(`${url}/object`);
    expect(res.status).toBe(200);
    expect(res.bodyError).toBeDefined();
  });

  it('cuts inside the head when the body is empty (Upload Part)', async () => {
    const url = await withPlan(every('truncated-response'));
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(res.status).toBeUndefined();
    expect(res.headError).toBe('UND_ERR_SOCKET');
    expect(proxy!.stats().log[0].note).toMatch(/inside the head/);
  });
});

describe('status faults', () => {
  const cases = [
    { name: 'status-500-xml', status: 500, code: 'InternalError' },
    { name: 'status-503-xml', status: 503, code: 'ServiceUnavailable' },
    { name: 'status-500-empty', status: 500 },
    { name: 'status-503-empty', status: 503 },
  ] as const;
  for (const c of cases) {
    it(`${c.name}: answered by the proxy, body read, nothing forwarded`, async () => {
      const url = await withPlan(faultPlan(everyOp('uploadPart', c.name)));
      const res = await call(url + PART_PATH, { method: 'PUT', body: PART });
      expect(res.status).toBe(c.status);
      const body = res.body?.toString() ?? '';
      if ('code' in c) {
        expect(res.headers['content-type']).toBe('application/xml');
        expect(body).toContain(`<Code>${c.code}</Code>`);
        expect(XMLValidator.validate(body)).toBe(true);
        const id = res.headers['x-cos-request-id'];
        expect(id).toMatch(/^[A-Za-z0-9+/=]+$/);
        expect(body).toContain(`<RequestId>${id}</RequestId>`);
        expect(body).toContain('<Resource>/k</Resource>');
      } else {
        expect(body).toBe('');
        expect(res.headers['content-length']).toBe('0');
        expect(res.headers['x-cos-request-id']).toBeUndefined();
      }
      expect(up.seen).toHaveLength(0);
      expect(proxy!.stats().log[0]).toMatchObject({
        forwarded: 'none',
        requestBodyConsumed: true,
        clientStatus: c.status,
      });
    });
  }

  it('code: SlowDown changes the XML code', async () => {
    const url = await withPlan(every({ name: 'status-503-xml', code: 'SlowDown' }));
    const res = await call(url + LIST_PATH);
    expect(res.body?.toString()).toContain('<Code>SlowDown</Code>');
  });

  it('consumeBody: false answers before the body and closes the connection', async () => {
    const url = await withPlan(every({ name: 'status-503-xml', consumeBody: false }));
    const res = await call(url + PART_PATH, { method: 'PUT', body: Buffer.alloc(4 * 1024 * 1024, 1) });
    // The client either reads the early 503 or fails writing into the closed connection: never a 2xx.
    if (res.status !== undefined) expect(res.status).toBe(503);
    else expect(RESET_CODES).toContain(res.headError);
    const entry = proxy!.stats().log[0];
    expect(entry.requestBodyConsumed).toBe(false);
    expect(entry.note).toMatch(/before the request body/);
  });
});

describe('malformed-xml', () => {
  it('replaces a 2xx XML body with broken XML and a matching Content-Length', async () => {
    const url = await withPlan(every('malformed-xml'));
    const res = await call(url + LIST_PATH);
    expect(res.status).toBe(200);
    const body = res.body!.toString();
    expect(Number(res.headers['content-length'])).toBe(res.body!.length);
    expect(body).not.toBe(LIST_PARTS_XML);
    expect(body.slice(0, 80)).toBe(LIST_PARTS_XML.slice(0, 80));
    expect(XMLValidator.validate(body)).not.toBe(true);
  });

  it('rewrites a chunked XML body into a Content-Length one', async () => {
    const url = await withPlan(every('malformed-xml'));
    const res = await call(`${url + LIST_PATH}&chunked=1`);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(Number(res.headers['content-length'])).toBe(res.body!.length);
    expect(XMLValidator.validate(res.body!.toString())).not.toBe(true);
  });

  it('breaks an Initiate answer', async () => {
    const url = await withPlan(faultPlan(everyOp('initiateMultipartUpload', 'malformed-xml')));
    const res = await call(`${url}/k?uploads`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(res.body!.toString())).not.toBe(true);
  });

  it('leaves empty and non-XML bodies alone, and says so', async () => {
    const url = await withPlan(every('malformed-xml'));
    const put = await call(url + PART_PATH, { method: 'PUT', body: PART });
    expect(put.status).toBe(200);
    const obj = await call(`${url}/object`);
    expect(obj.body?.equals(OBJECT_BYTES)).toBe(true);
    const notes = proxy!.stats().log.map((e) => e.note);
    expect(notes[0]).toMatch(/not applied: empty body/);
    expect(notes[1]).toMatch(/not applied: Content-Type/);
  });
});

describe('trickle-response', () => {
  it('delivers the whole answer, slowly', async () => {
    const url = await withPlan(every({ name: 'trickle-response', chunkBytes: 256, intervalMs: 25 }));
    const res = await call(url + LIST_PATH);
    expect(res.body?.toString()).toBe(LIST_PARTS_XML);
    // 3413 bytes in 256-byte pieces: 13 pauses of 25 ms after the head.
    expect(res.ms).toBeGreaterThanOrEqual(13 * 25 - 5);
  });

  it('slower than the body timeout: the client body timeout fires', async () => {
    const url = await withPlan(every({ name: 'trickle-response', chunkBytes: 64, intervalMs: 3_000 }));
    const res = await call(url + LIST_PATH, { bodyTimeout: 300 });
    expect(res.status).toBe(200);
    expect(res.bodyError).toBe('UND_ERR_BODY_TIMEOUT');
    expect(res.ms).toBeLessThan(2_500);
  });

  it('scope: all trickles the head: the headers timeout fires', async () => {
    const url = await withPlan(
      every({ name: 'trickle-response', scope: 'all', chunkBytes: 8, intervalMs: 3_000 }),
    );
    const res = await call(url + PART_PATH, { method: 'PUT', body: PART, headersTimeout: 300 });
    expect(res.headError).toBe('UND_ERR_HEADERS_TIMEOUT');
  });
});
