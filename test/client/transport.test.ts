import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { errors as undiciErrors } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { classifyTransportError, RequestBodyError } from '../../src/client/transport-errors.ts';
import { httpStub, type Stub, stubTarget } from './stub.ts';

describe('classifyTransportError', () => {
  it('maps undici and Node errors to stable codes', () => {
    expect(classifyTransportError(new undiciErrors.HeadersTimeoutError()).code).toBe('HEADERS_TIMEOUT');
    expect(classifyTransportError(new undiciErrors.BodyTimeoutError()).code).toBe('BODY_TIMEOUT');
    expect(classifyTransportError(new undiciErrors.ConnectTimeoutError()).code).toBe('CONNECT_TIMEOUT');
    expect(classifyTransportError(new undiciErrors.SocketError('other side closed')).code).toBe(
      'SOCKET_CLOSED',
    );
    expect(classifyTransportError(new undiciErrors.RequestAbortedError()).code).toBe('ABORTED');
    expect(classifyTransportError(new undiciErrors.ResponseContentLengthMismatchError()).code).toBe(
      'RESPONSE_LENGTH_MISMATCH',
    );
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNRESET' })).code).toBe(
      'ECONNRESET',
    );
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'HPE_INVALID_CONSTANT' })).code).toBe(
      'HTTP_PARSE_ERROR',
    );
    expect(classifyTransportError(Object.assign(new Error('x'), { code: 'ENOTFOUND' })).code).toBe('DNS');
    expect(classifyTransportError(new Error('what')).code).toBe('UNKNOWN');
    expect(classifyTransportError('a string').code).toBe('UNKNOWN');
  });

  it('a reset under a generic socket error is reported as a reset', () => {
    const wrapped = Object.assign(new undiciErrors.SocketError('closed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(classifyTransportError(wrapped).code).toBe('ECONNRESET');
  });

  it('unwraps AggregateError (happy eyeballs) and tags body-source failures', () => {
    const agg = new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })], 'x');
    expect(classifyTransportError(agg).code).toBe('ECONNREFUSED');
    expect(classifyTransportError(new RequestBodyError(new Error('disk'))).code).toBe('REQUEST_BODY_ERROR');
  });
});

type Mode = 'reset' | 'stall' | 'stall-body' | 'cut-body' | 'error-body' | 'repeated-headers' | 'ok';
let mode: Mode = 'ok';
let stub: Stub;

beforeAll(async () => {
  stub = await httpStub((req, res) => {
    req.resume();
    req.on('end', () => {
      switch (mode) {
        case 'reset':
          req.socket.resetAndDestroy();
          return;
        case 'stall':
          return;
        case 'stall-body':
          res.writeHead(200, { 'content-length': '100' });
          res.write('0123456789');
          return;
        case 'cut-body':
          res.writeHead(200, { 'content-length': '100' });
          res.write('0123456789', () => res.socket?.destroy());
          return;
        case 'error-body':
          res.writeHead(403, { 'content-type': 'application/xml', 'x-cos-request-id': 'r' });
          res.end(`<Error><Code>AccessDenied</Code><Message>${'x'.repeat(200_000)}</Message></Error>`);
          return;
        case 'repeated-headers':
          res.writeHead(200, [
            ['X-Cos-Meta-Twice', 'one'],
            ['x-cos-meta-twice', 'two'],
            ['Content-Type', 'text/plain'],
          ]);
          res.end('answer');
          return;
        case 'ok':
          res.writeHead(200, { etag: '"abc"', 'x-cos-hash-crc64ecma': '42' });
          res.end();
      }
    });
  });
});
afterAll(async () => {
  await stub.close();
});

function client(timeouts = { headersMs: 300, bodyMs: 300 }, connections = 2): CosClient {
  return new CosClient(stubTarget(stub.url, {}, timeouts), { recorder: new Recorder(), connections });
}

describe('transport failures become transportError, never exceptions, never retries', () => {
  it('a reset is ECONNRESET and the request was sent exactly once', async () => {
    mode = 'reset';
    const c = client();
    const before = stub.seen.length;
    const r = await c.uploadPart('k', 'u', 1, Buffer.from('hello'));
    await c.close();
    expect(r.status).toBeUndefined();
    expect(r.data).toBeUndefined();
    expect(r.transportError?.code).toMatch(/^(ECONNRESET|SOCKET_CLOSED)$/);
    expect(r.exchange.transportError).toEqual(r.transportError);
    expect(stub.seen.length - before).toBe(1);
  });

  it('no answer within headersTimeout is HEADERS_TIMEOUT', async () => {
    mode = 'stall';
    const c = client();
    const r = await c.headObject('k');
    await c.destroy();
    expect(r.transportError?.code).toBe('HEADERS_TIMEOUT');
  });

  it('a body that stops is BODY_TIMEOUT, with the status kept', async () => {
    mode = 'stall-body';
    const c = client();
    const r = await c.getObject('k');
    await c.destroy();
    expect(r.status).toBe(200);
    expect(r.transportError?.code).toBe('BODY_TIMEOUT');
    expect(r.exchange.response?.bodySize).toBe(10);
  });

  it('a body cut short is a transport error', async () => {
    mode = 'cut-body';
    const c = client();
    const r = await c.getObject('k');
    await c.destroy();
    expect(r.transportError?.code).toMatch(/^(SOCKET_CLOSED|RESPONSE_LENGTH_MISMATCH|ECONNRESET)$/);
  });

  it('connection refused is ECONNREFUSED', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = new CosClient(stubTarget(`http://127.0.0.1:${port}`), { recorder: new Recorder() });
    const r = await c.headBucket();
    await c.close();
    expect(r.transportError?.code).toBe('ECONNREFUSED');
  });

  it('a failing body source is REQUEST_BODY_ERROR', async () => {
    mode = 'ok';
    const c = client({ headersMs: 2000, bodyMs: 2000 });
    const r = await c.uploadPart('k', 'u', 1, {
      size: 10,
      stream: () =>
        new Readable({
          read() {
            this.destroy(new Error('disk gone'));
          },
        }),
    });
    await c.destroy();
    expect(r.transportError?.code).toBe('REQUEST_BODY_ERROR');
  });

  it('a bad header value is INVALID_REQUEST and nothing is sent', async () => {
    mode = 'ok';
    const c = client();
    const before = stub.seen.length;
    const r = await c.headObject('k', { headers: { 'x-cos-meta-bad': 'a\r\nb' } });
    await c.close();
    expect(r.transportError?.code).toBe('INVALID_REQUEST');
    expect(stub.seen.length).toBe(before);
  });

  it('a key that cannot be encoded is INVALID_REQUEST, not an exception', async () => {
    const c = client();
    const before = stub.seen.length;
    const r = await c.uploadPart('bad\uD800key', 'u', 1, Buffer.from('x'));
    await c.close();
    expect(r.transportError?.code).toBe('INVALID_REQUEST');
    expect(r.exchange.seq).toBeGreaterThan(0);
    expect(stub.seen.length).toBe(before);
  });

  it('large error bodies are consumed: one socket serves many failing requests', async () => {
    mode = 'error-body';
    const c = client({ headersMs: 2000, bodyMs: 2000 }, 1);
    for (let i = 0; i < 20; i++) {
      const r = await c.headObject('k');
      expect(r.status).toBe(403);
      const g = await c.getObject('k');
      expect(g.error?.code).toBe('AccessDenied');
      expect(g.exchange.response?.bodyText).toBeUndefined();
    }
    await c.close();
  });

  it('a successful upload reads ETag and CRC-64 from the headers', async () => {
    mode = 'ok';
    const c = client();
    const r = await c.uploadPart('k', 'u', '01', Buffer.from('x'), { contentMd5: 'auto' });
    await c.close();
    expect(r.data).toEqual({ etag: '"abc"', crc64: '42' });
    expect(stub.seen.at(-1)!.url).toBe('/examplebucket-1250000000/k?partNumber=01&uploadId=u');
    expect(stub.seen.at(-1)!.headers['content-md5']).toBe(createHash('md5').update('x').digest('base64'));
  });
});

describe('an AbortSignal ends a pooled request at any stage, as ABORTED, recorded', () => {
  it('already aborted: nothing is sent', async () => {
    mode = 'ok';
    const c = client();
    const before = stub.seen.length;
    const r = await c.uploadPart('k', 'u', 1, Buffer.from('hello'), { signal: AbortSignal.abort() });
    await c.close();
    expect(r.status).toBeUndefined();
    expect(r.transportError?.code).toBe('ABORTED');
    expect(r.exchange.transportError).toEqual(r.transportError);
    expect(r.exchange.seq).toBeGreaterThan(0);
    expect(stub.seen.length).toBe(before);
  });

  it('while waiting for the answer, and with a reason of its own', async () => {
    mode = 'stall';
    const c = client({ headersMs: 5000, bodyMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new undiciErrors.RequestAbortedError('stop')), 100);
    const r = await c.headObject('k', { signal: controller.signal });
    await c.destroy();
    expect(r.status).toBeUndefined();
    expect(r.transportError).toEqual({ code: 'ABORTED', message: 'stop' });
  });

  it('while reading the body: the status and the bytes read are kept', async () => {
    mode = 'stall-body';
    const c = client({ headersMs: 5000, bodyMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const r = await c.getObject('k', { signal: controller.signal });
    await c.destroy();
    expect(r.status).toBe(200);
    expect(r.transportError?.code).toBe('ABORTED');
    expect(r.exchange.response?.bodySize).toBe(10);
    expect(r.exchange.ttfbMs).toBeGreaterThanOrEqual(0);
  });
});

describe('what a pooled request refuses or records as it came', () => {
  it('CONNECT is INVALID_REQUEST and nothing is sent', async () => {
    mode = 'ok';
    const c = client();
    const before = stub.seen.length;
    const r = await c.request({ method: 'CONNECT', key: 'k' });
    await c.close();
    expect(r.transportError?.code).toBe('INVALID_REQUEST');
    expect(stub.seen.length).toBe(before);
  });

  it('a repeated response header is one value joined with ", ", names lower-case', async () => {
    mode = 'repeated-headers';
    const c = client();
    const r = await c.request({ method: 'GET', key: 'k' });
    await c.close();
    expect(r.data).toBe('answer');
    expect(r.headers['x-cos-meta-twice']).toBe('one, two');
    expect(r.exchange.response?.headers['x-cos-meta-twice']).toBe('one, two');
    expect(r.exchange.response?.bodyText).toBe('answer');
  });
});
