import { describe, expect, it } from 'vitest';
import { FramingError, requestFramer, responseFramer } from '../../src/faults/framing.ts';
import { headEnd, parseRequestHead, parseResponseHead } from '../../src/faults/http-head.ts';

const req = (head: string) => parseRequestHead(Buffer.from(head))!;
const res = (head: string) => parseResponseHead(Buffer.from(head))!;

/** Feeds `wire` one byte at a time; returns decoded payload, bytes used, and whether the body ended. */
function feedBytewise(framer: ReturnType<typeof requestFramer>, wire: Buffer) {
  const payload: Buffer[] = [];
  let used = 0;
  for (let i = 0; i < wire.length && !framer.done; i++) {
    const r = framer.feed(wire.subarray(i, i + 1));
    used += r.used;
    payload.push(...r.payload);
  }
  return { payload: Buffer.concat(payload).toString(), used, done: framer.done };
}

describe('http heads', () => {
  it('finds the end of a head and parses request and response lines', () => {
    const raw = Buffer.from('PUT /k?partNumber=1 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-a: 2\r\n\r\nBODY');
    const end = headEnd(raw);
    expect(raw.subarray(end).toString()).toBe('BODY');
    const head = parseRequestHead(raw.subarray(0, end))!;
    expect(head).toMatchObject({ method: 'PUT', target: '/k?partNumber=1', version: '1.1' });
    expect(head.lines).toContainEqual(['x-a', '2']);
    expect(res('HTTP/1.1 503 Service Unavailable\r\n\r\n')).toMatchObject({
      status: 503,
      reason: 'Service Unavailable',
    });
    expect(parseRequestHead(Buffer.from('NOT HTTP\r\n\r\n'))).toBeUndefined();
    expect(parseRequestHead(Buffer.from('GET / HTTP/1.1\r\nbad header\r\n\r\n'))).toBeUndefined();
  });
});

describe('request framing', () => {
  it('Content-Length: stops exactly at the length', () => {
    const f = requestFramer(req('PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\n'));
    const r = f.feed(Buffer.from('helloGET / HTTP/1.1'));
    expect(r).toMatchObject({ used: 5, done: true });
    expect(f.wireLength).toBe(5);
  });

  it('no length and no coding: no body', () => {
    expect(requestFramer(req('GET / HTTP/1.1\r\n\r\n')).done).toBe(true);
  });

  it('chunked: decodes across arbitrary splits, with extensions and trailers, and stops at the end', () => {
    const wire = Buffer.from('5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT');
    const r = feedBytewise(requestFramer(req('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n')), wire);
    expect(r).toEqual({ payload: 'hello world', used: wire.length - 4, done: true });
  });

  it('rejects lengths it cannot honour', () => {
    expect(() => requestFramer(req('PUT / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n'))).toThrow(FramingError);
    expect(() => requestFramer(req('PUT / HTTP/1.1\r\nContent-Length: -1\r\n\r\n'))).toThrow(FramingError);
    expect(() => requestFramer(req('PUT / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n'))).toThrow(
      FramingError,
    );
    const bad = requestFramer(req('PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'));
    expect(() => bad.feed(Buffer.from('zz\r\n'))).toThrow(FramingError);
  });
});

describe('response framing', () => {
  it('no body for HEAD, 204, 304 and 1xx; close-delimited without length', () => {
    expect(responseFramer('HEAD', res('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n')).kind).toBe('none');
    expect(responseFramer('GET', res('HTTP/1.1 204 No Content\r\n\r\n')).kind).toBe('none');
    expect(responseFramer('GET', res('HTTP/1.1 100 Continue\r\n\r\n')).kind).toBe('none');
    expect(responseFramer('GET', res('HTTP/1.1 200 OK\r\n\r\n')).kind).toBe('close');
    expect(responseFramer('GET', res('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).kind).toBe('none');
    expect(responseFramer('GET', res('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')).kind).toBe(
      'chunked',
    );
  });
});
