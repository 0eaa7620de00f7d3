import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpParseError, ResponseParser } from '../../src/client/http1-parser.ts';
import { rawRequest } from '../../src/client/raw.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { type NetStub, netStub, stubTarget, TEST_SECRET_KEY } from './stub.ts';

const ERROR_411 = '<Error><Code>MissingContentLength</Code><Message>m</Message></Error>';

function reply(status: string, body = '', extra = ''): string {
  return `HTTP/1.1 ${status}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-cos-request-id: rid\r\n${extra}\r\n${body}`;
}

/** Splits what a connection received into head text and body bytes. */
function split(bytes: Buffer): { head: string; body: Buffer } {
  const end = bytes.indexOf('\r\n\r\n');
  return { head: bytes.subarray(0, end).toString('latin1'), body: bytes.subarray(end + 4) };
}

let stubs: NetStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((s) => s.close()));
  stubs = [];
});

async function stub(on: (socket: Socket, received: () => Buffer) => void): Promise<NetStub> {
  const s = await netStub(on);
  stubs.push(s);
  return s;
}

/** Answers once the received bytes satisfy `ready`. */
function answerWhen(ready: (bytes: Buffer) => boolean, answer: string, close = false) {
  return (socket: Socket, received: () => Buffer) => {
    let done = false;
    const check = () => {
      if (done || !ready(received())) return;
      done = true;
      socket.write(answer);
      if (close) socket.end();
    };
    socket.on('data', () => setImmediate(check));
    socket.on('end', () => setImmediate(check));
  };
}

describe('ResponseParser', () => {
  function parseAll(method: string, text: string, byteByByte = false) {
    const out = {
      informational: [] as number[],
      status: 0,
      headers: {} as Record<string, string>,
      body: '',
      ended: false,
    };
    const p = new ResponseParser(method, {
      informational: (h) => out.informational.push(h.status),
      head: (h) => {
        out.status = h.status;
        out.headers = h.headers;
      },
      body: (c) => {
        out.body += c.toString('latin1');
      },
      end: () => {
        out.ended = true;
      },
    });
    const buf = Buffer.from(text, 'latin1');
    if (byteByByte) for (const b of buf) p.push(Buffer.from([b]));
    else p.push(buf);
    return { out, p };
  }

  it('reads interim responses, then a chunked body, even byte by byte', () => {
    const text =
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n' +
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\nX-A: 2\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\n';
    for (const byteByByte of [false, true]) {
      const { out } = parseAll('PUT', text, byteByByte);
      expect(out).toEqual({
        informational: [100, 102],
        status: 200,
        headers: { 'transfer-encoding': 'chunked', 'x-a': '1, 2' },
        body: 'abcde',
        ended: true,
      });
    }
  });

  it('frames by Content-Length, by close, and not at all for HEAD and 204', () => {
    expect(parseAll('GET', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA').out).toMatchObject({
      body: 'abc',
      ended: true,
    });
    const { out, p } = parseAll('GET', 'HTTP/1.0 200 OK\r\n\r\nuntil close');
    expect(out.ended).toBe(false);
    expect(p.close()).toBe(true);
    expect(out).toMatchObject({ body: 'until close', ended: true });
    expect(parseAll('HEAD', 'HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n').out.ended).toBe(true);
    expect(parseAll('DELETE', 'HTTP/1.1 204 No Content\r\n\r\n').out.ended).toBe(true);
  });

  it('a cut body is not complete on close', () => {
    const { p } = parseAll('GET', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
    expect(p.close()).toBe(false);
  });

  it('rejects garbage', () => {
    expect(() => parseAll('GET', 'SSH-2.0-OpenSSH\r\n\r\n')).toThrow(HttpParseError);
    expect(() => parseAll('GET', 'HTTP/1.1 200 OK\r\nno colon\r\n\r\n')).toThrow(HttpParseError);
    expect(() => parseAll('GET', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).toThrow(
      HttpParseError,
    );
  });
});

describe('rawRequest', () => {
  it('sends a chunked body with no Content-Length, signed, and parses the error answer', async () => {
    const s = await stub(answerWhen((b) => b.includes('0\r\n\r\n'), reply('411 Length Required', ERROR_411)));
    const rec = new Recorder();
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'PUT',
      key: 'k',
      query: [
        ['partNumber', '1'],
        ['uploadId', 'u'],
      ],
      body: Buffer.from('hello world'),
      chunked: true,
      timeoutMs: 2000,
      recorder: rec,
    });
    const { head, body } = split(s.received[0]!);
    expect(head).toMatch(/^PUT \/examplebucket-1250000000\/k\?partNumber=1&uploadId=u HTTP\/1\.1\r\n/);
    expect(head).toContain('transfer-encoding: chunked');
    expect(head).not.toMatch(/content-length/i);
    expect(head).toMatch(
      /authorization: q-sign-algorithm=sha1&q-ak=AKIDSTUB&.*q-header-list=host;transfer-encoding/,
    );
    expect(body.toString()).toBe('b\r\nhello world\r\n0\r\n\r\n');
    expect(r.status).toBe(411);
    expect(r.error?.code).toBe('MissingContentLength');
    expect(r.exchange.via).toBe('raw');
    expect(r.exchange.request.bodySize).toBe(11);
    expect(JSON.stringify(rec.exchanges())).not.toMatch(/q-signature=[0-9a-f]{40}/);
    expect(JSON.stringify(rec.exchanges())).not.toContain(TEST_SECRET_KEY);
  });

  it('a body shorter than its Content-Length, then half-close: the server sees FIN after N bytes', async () => {
    let sawEnd = false;
    const s = await stub((socket, received) => {
      socket.on('end', () => {
        sawEnd = true;
        const { body } = split(received());
        socket.end(
          reply(
            '400 Bad Request',
            `<Error><Code>IncompleteBody</Code><Message>${body.length}</Message></Error>`,
          ),
        );
      });
    });
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'PUT',
      key: 'k',
      body: Buffer.from('abcd'),
      declaredLength: 10,
      afterSend: 'half-close',
      timeoutMs: 2000,
    });
    expect(sawEnd).toBe(true);
    expect(split(s.received[0]!).head).toContain('content-length: 10');
    expect(r.status).toBe(400);
    expect(r.error).toMatchObject({ code: 'IncompleteBody', message: '4' });
    expect(r.data?.bytesSent).toBe(4);
  });

  it('writes malformed header lines verbatim', async () => {
    const s = await stub(answerWhen((b) => b.includes('\r\n\r\n'), reply('400 Bad Request')));
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'GET',
      key: 'k',
      rawHeaderLines: ['Bad Header Name: v', 'NoColonAtAll', 'Content-Length: abc'],
      declaredLength: null,
      timeoutMs: 2000,
    });
    expect(split(s.received[0]!).head).toContain(
      '\r\nBad Header Name: v\r\nNoColonAtAll\r\nContent-Length: abc',
    );
    expect(r.status).toBe(400);
    expect(r.exchange.request.rawHeaderLines).toEqual([
      'Bad Header Name: v',
      'NoColonAtAll',
      'Content-Length: abc',
    ]);
  });

  it('Expect: 100-continue with a 5 GiB + 1 declaration sends headers only and takes the early answer', async () => {
    const s = await stub(
      answerWhen(
        (b) => b.includes('\r\n\r\n'),
        reply('400 Bad Request', '<Error><Code>EntityTooLarge</Code></Error>', 'connection: close\r\n'),
        true,
      ),
    );
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'PUT',
      key: 'k',
      query: { partNumber: '1', uploadId: 'u' },
      declaredLength: 5 * 1024 ** 3 + 1,
      expectContinue: true,
      endAfterHeaders: true,
      timeoutMs: 2000,
    });
    const { head, body } = split(s.received[0]!);
    expect(head).toContain('expect: 100-continue');
    expect(head).toContain(`content-length: ${5 * 1024 ** 3 + 1}`);
    expect(body.length).toBe(0);
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('EntityTooLarge');
    expect(r.data).toMatchObject({ bodySent: false, bytesSent: 0, informational: [] });
  });

  it('holds the body until 100 Continue, then streams it', async () => {
    let bodyBeforeContinue = -1;
    const s = await stub((socket, received) => {
      let phase = 0;
      socket.on('data', () => {
        const bytes = received();
        if (phase === 0 && bytes.includes('\r\n\r\n')) {
          phase = 1;
          setTimeout(() => {
            bodyBeforeContinue = split(received()).body.length;
            socket.write('HTTP/1.1 100 Continue\r\n\r\n');
          }, 50);
        } else if (phase === 1 && split(bytes).body.length === 6) {
          phase = 2;
          socket.write(reply('200 OK', '', 'etag: "e"\r\n'));
        }
      });
    });
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'PUT',
      key: 'k',
      body: { size: 6, stream: () => Readable.from([Buffer.from('abc'), Buffer.from('def')]) },
      expectContinue: true,
      continueWaitMs: 5000,
      timeoutMs: 2000,
    });
    expect(bodyBeforeContinue).toBe(0);
    expect(r.status).toBe(200);
    expect(r.headers.etag).toBe('"e"');
    expect(r.data).toMatchObject({ informational: [100], bodySent: true, bytesSent: 6 });
    expect(r.exchange.response?.informational).toEqual([100]);
  });

  it('sends the body anyway when no 100 Continue comes within continueWaitMs', async () => {
    const s = await stub(answerWhen((b) => split(b).body.length === 3, reply('200 OK')));
    const r = await rawRequest({
      target: stubTarget(s.url),
      method: 'PUT',
      key: 'k',
      body: Buffer.from('abc'),
      expectContinue: true,
      continueWaitMs: 50,
      timeoutMs: 2000,
    });
    expect(r.status).toBe(200);
    expect(r.data?.bodySent).toBe(true);
  });

  it('bounded waits: silence is TIMEOUT; a 100 with no final answer keeps status 100', async () => {
    const silent = await stub(() => {});
    const r1 = await rawRequest({ target: stubTarget(silent.url), method: 'GET', key: 'k', timeoutMs: 150 });
    expect(r1.status).toBeUndefined();
    expect(r1.transportError?.code).toBe('TIMEOUT');

    const agreeable = await stub(answerWhen((b) => b.includes('\r\n\r\n'), 'HTTP/1.1 100 Continue\r\n\r\n'));
    const r2 = await rawRequest({
      target: stubTarget(agreeable.url),
      method: 'PUT',
      key: 'k',
      declaredLength: 5 * 1024 ** 3 + 1,
      expectContinue: true,
      endAfterHeaders: true,
      timeoutMs: 150,
    });
    expect(r2.status).toBe(100);
    expect(r2.transportError?.code).toBe('TIMEOUT');
    expect(r2.data?.bytesSent).toBe(0);
  });

  it('garbage from the server is HTTP_PARSE_ERROR; destroy after send is CLIENT_DESTROYED', async () => {
    const garbage = await stub(answerWhen((b) => b.includes('\r\n\r\n'), 'NOT HTTP AT ALL\r\n\r\n'));
    const r1 = await rawRequest({
      target: stubTarget(garbage.url),
      method: 'GET',
      key: 'k',
      timeoutMs: 1000,
    });
    expect(r1.transportError?.code).toBe('HTTP_PARSE_ERROR');

    const quiet = await stub(() => {});
    const r2 = await rawRequest({
      target: stubTarget(quiet.url),
      method: 'PUT',
      key: 'k',
      body: Buffer.from('ab'),
      declaredLength: 5,
      afterSend: 'destroy',
      timeoutMs: 1000,
    });
    expect(r2.transportError?.code).toBe('CLIENT_DESTROYED');
  });

  it('reads chunked and close-delimited answers', async () => {
    const chunked = await stub(
      answerWhen(
        (b) => b.includes('\r\n\r\n'),
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      ),
    );
    const r1 = await rawRequest({
      target: stubTarget(chunked.url),
      method: 'GET',
      key: 'k',
      timeoutMs: 1000,
    });
    expect(r1.data?.body.toString()).toBe('hello');
    expect(r1.transportError).toBeUndefined();

    const closing = await stub(answerWhen((b) => b.includes('\r\n\r\n'), 'HTTP/1.1 200 OK\r\n\r\nbye', true));
    const r2 = await rawRequest({
      target: stubTarget(closing.url),
      method: 'GET',
      key: 'k',
      timeoutMs: 1000,
    });
    expect(r2.data?.body.toString()).toBe('bye');
    expect(r2.exchange.response?.bodyText).toBe('bye');
    expect(r2.transportError).toBeUndefined();
  });

  it('virtual-host on loopback: connects to the endpoint and sends the bucket Host', async () => {
    const s = await stub(answerWhen((b) => b.includes('\r\n\r\n'), reply('200 OK')));
    await rawRequest({
      target: stubTarget(s.url, { addressing: 'virtual-host' }),
      method: 'GET',
      key: 'a b',
      timeoutMs: 1000,
    });
    const { head } = split(s.received[0]!);
    expect(head).toMatch(/^GET \/a%20b HTTP\/1\.1\r\n/);
    expect(head).toContain('host: examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com\r\n');
  });
});
