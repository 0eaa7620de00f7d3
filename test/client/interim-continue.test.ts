/**
 * The interim-100 filter of the pooled client's sockets: it drops exactly the `100 Continue` heads, wherever the
 * bytes are split, and never touches a body that happens to contain one.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InterimContinueFilter } from '../../src/client/interim-continue.ts';

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const EARLY_HINTS = 'HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n';

/** One exchange: the method and the final response as sent, without interim heads. */
interface Exchange {
  method: string;
  response: string;
}

const sized = (body: string): string =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const chunked = (parts: string[]): string =>
  `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${parts
    .map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`)
    .join('')}0\r\nX-Trailer: t\r\n\r\n`;

/** A body that looks like an interim head, to be left alone. */
const TRAP = `${CONTINUE}${CONTINUE}`;

const EXCHANGES: Exchange[] = [
  { method: 'PUT', response: sized('') },
  { method: 'GET', response: sized(TRAP) },
  { method: 'HEAD', response: 'HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n' },
  { method: 'POST', response: chunked([' ', TRAP, '<Result/>']) },
  { method: 'DELETE', response: 'HTTP/1.1 204 No Content\r\n\r\n' },
  // A status line without reason phrase and no header: the head is 12 bytes before its CRLFCRLF.
  { method: 'DELETE', response: 'HTTP/1.1 204\r\n\r\n' },
  { method: 'GET', response: `HTTP/1.1 404 Not Found\r\ncontent-LENGTH: 10\r\n\r\n${TRAP.slice(0, 10)}` },
];

/** Feeds `wire` to a filter in pieces cut at `cuts`; returns what came out. */
function feed(filter: InterimContinueFilter, wire: Buffer, cuts: number[]): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < wire.length)].sort((a, b) => a - b)) {
    out.push(filter.write(wire.subarray(at, cut)));
    at = cut;
  }
  out.push(filter.write(wire.subarray(at)));
  out.push(filter.end());
  return Buffer.concat(out);
}

describe('InterimContinueFilter', () => {
  test('drops every 100 head before each final response and nothing else, however the bytes are split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(3), { minLength: EXCHANGES.length, maxLength: EXCHANGES.length }),
        fc.array(fc.nat(2000), { maxLength: 40 }),
        (interims, cuts) => {
          const filter = new InterimContinueFilter();
          for (const ex of EXCHANGES) filter.requestSent(ex.method);
          const wire = EXCHANGES.map(
            (ex, i) => `${CONTINUE.repeat(interims[i]!)}${i === 3 ? EARLY_HINTS : ''}${ex.response}`,
          ).join('');
          const expected = EXCHANGES.map((ex, i) => `${i === 3 ? EARLY_HINTS : ''}${ex.response}`).join('');
          expect(feed(filter, Buffer.from(wire, 'latin1'), cuts).toString('latin1')).toBe(expected);
          expect(filter.dropped).toBe(interims.reduce((a, b) => a + b, 0));
        },
      ),
      { seed: 1, numRuns: 300 },
    );
  });

  test('responses arriving one per chunk pass as they are, each answering its own request', () => {
    // One chunk per final response (the common case on a keep-alive socket), then a 100 before the last one.
    const filter = new InterimContinueFilter();
    for (const ex of EXCHANGES) filter.requestSent(ex.method);
    filter.requestSent('PUT');
    for (const ex of EXCHANGES) {
      const chunk = Buffer.from(ex.response, 'latin1');
      expect(filter.write(chunk).toString('latin1')).toBe(ex.response);
    }
    expect(feed(filter, Buffer.from(`${CONTINUE}${sized('')}`, 'latin1'), []).toString()).toBe(sized(''));
    expect(filter.dropped).toBe(1);
  });

  test('a body delimited by close is passed through untouched, 100-lookalikes included', () => {
    const filter = new InterimContinueFilter();
    filter.requestSent('GET');
    const wire = `${CONTINUE}HTTP/1.1 200 OK\r\n\r\n${TRAP}`;
    expect(feed(filter, Buffer.from(wire), [5, 30, 60]).toString()).toBe(`HTTP/1.1 200 OK\r\n\r\n${TRAP}`);
  });

  test('an incomplete or malformed head reaches undici as sent, to be judged there', () => {
    const partial = new InterimContinueFilter();
    expect(feed(partial, Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'), [3]).toString()).toBe(
      'HTTP/1.1 200 OK\r\nContent-Le',
    );
    const garbage = new InterimContinueFilter();
    const wire = `NOT HTTP\r\n\r\n${CONTINUE}`;
    expect(feed(garbage, Buffer.from(wire), []).toString()).toBe(wire);
  });
});
