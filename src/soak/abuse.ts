/**
 * Bad input for the soak, generated (fast-check draws sizes, depths, keys and bytes): Complete bodies that are
 * huge, deeply nested, with entity declarations, not XML or with 10,001 parts; oversized, duplicated and
 * conflicting headers; keys with `../`, `%2e%2e/`, `%2F`, NUL, invalid UTF-8 and over 1,024 bytes; broken query
 * strings; bodies shorter or longer than their Content-Length; slow-loris heads. Each must get a 4xx with a COS
 * error document, or a closed connection where HTTP allows it, never a 5xx, a 2xx or a hang. A key with `../` is
 * an ordinary COS key: stored under that name (and read back whole) is right too, as long as nothing is written
 * outside the data directory (the soak checks that).
 */
import fc from 'fast-check';
import type { CosClient } from '../client/index.ts';
import { DEFAULT_BUCKET } from '../server/defaults.ts';
import { SERVER_LIMITS } from '../spec/limits.ts';
import { rawSocketExchange, type RawSocketResult } from './raw-socket.ts';

/** How one bad input was answered. */
export type AbuseVerdict = 'refused' | 'closed' | 'stored-as-key' | 'interrupted' | 'failed';

export interface AbuseResult {
  kind: string;
  verdict: AbuseVerdict;
  detail: string;
  /** How long the exchange took. */
  ms: number;
}

export interface AbuseContext {
  client: CosClient;
  port: number;
  /** An open upload of the abuser, for the Complete and query kinds. */
  uploadId: () => Promise<string>;
  /** Head deadline of the server under test (slow loris waits a little longer). */
  headersTimeoutMs: number;
  seed: number;
  /** Called after an exchange the server's death cut short; resolves when it listens again. */
  afterInterruption: () => Promise<void>;
}

const VHOST = `${DEFAULT_BUCKET}.cos.ap-guangzhou.myqcloud.com`;
/** Prefix of the keys that try to climb out of the data directory; the soak looks for files so named. */
export const ESCAPE_MARK = 'soak-escape';

function draw<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0];
}

interface Answered {
  status?: number;
  error?: { code?: string };
  transportError?: { code: string };
}

/** A signed request's answer: a 4xx with a `<Code>` is refused; a broken connection while the server died is interrupted. */
function judgeAnswer(r: Answered, closeAllowed = false): Pick<AbuseResult, 'verdict' | 'detail'> {
  if (r.transportError) {
    const closed = ['SOCKET_CLOSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(r.transportError.code);
    if (closed && closeAllowed) return { verdict: 'closed', detail: r.transportError.code };
    return { verdict: 'interrupted', detail: r.transportError.code };
  }
  const status = r.status ?? 0;
  if (status >= 400 && status < 500 && r.error?.code)
    return { verdict: 'refused', detail: `${status} ${r.error.code}` };
  return { verdict: 'failed', detail: `${status} ${r.error?.code ?? '(no error document)'}` };
}

/** A raw exchange's answers: every response a 4xx with a `<Code>`, or a close where allowed. */
function judgeRaw(r: RawSocketResult, closeAllowed: boolean): Pick<AbuseResult, 'verdict' | 'detail'> {
  if (r.broken && r.statuses.length === 0) return { verdict: 'interrupted', detail: 'connection broken' };
  const detail =
    r.statuses.map((s, i) => `${s} ${r.codes[i] ?? '-'}`).join(', ') || (r.closed ? 'closed' : 'no answer');
  if (r.statuses.length === 0) return { verdict: r.closed && closeAllowed ? 'closed' : 'failed', detail };
  const good = r.statuses.every((s) => s >= 400 && s < 500) && r.codes.length === r.statuses.length;
  return { verdict: good ? 'refused' : 'failed', detail };
}

function completeBody(ctx: AbuseContext, body: string | Buffer): Promise<Answered> {
  return ctx.uploadId().then((uploadId) =>
    ctx.client.raw({
      method: 'POST',
      key: 'soak/abuse/complete',
      query: [['uploadId', uploadId]],
      headers: { 'content-type': 'application/xml' },
      body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
      timeoutMs: 30_000,
    }),
  );
}

/** An unsigned GET that asks the server to close the connection after its answer. */
function unsigned(path: string, extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${VHOST}\r\nConnection: close\r\n${extra}\r\n`;
}

/** One kind of bad input: what it is and how to send one (drawn from `seed`). */
export interface AbuseKind {
  name: string;
  run(ctx: AbuseContext, seed: number): Promise<Pick<AbuseResult, 'verdict' | 'detail'>>;
}

export const ABUSE_KINDS: readonly AbuseKind[] = [
  {
    name: 'complete-over-size-limit',
    run: async (ctx, seed) => {
      const extra = draw(fc.integer({ min: 1, max: 64 * 1024 }), seed);
      return judgeAnswer(
        await completeBody(ctx, Buffer.alloc(SERVER_LIMITS.maxCompleteBodyBytes + extra, 0x20)),
      );
    },
  },
  {
    name: 'complete-many-elements',
    run: async (ctx, seed) => {
      const count = draw(fc.integer({ min: SERVER_LIMITS.maxCompleteElements + 1, max: 1_000_000 }), seed);
      return judgeAnswer(
        await completeBody(ctx, `<CompleteMultipartUpload>${'<a/>'.repeat(count)}</CompleteMultipartUpload>`),
      );
    },
  },
  {
    name: 'complete-deeply-nested',
    run: async (ctx, seed) => {
      const depth = draw(fc.integer({ min: 1000, max: 200_000 }), seed);
      const body = `<CompleteMultipartUpload>${'<Part>'.repeat(depth)}${'</Part>'.repeat(depth)}</CompleteMultipartUpload>`;
      return judgeAnswer(await completeBody(ctx, body));
    },
  },
  {
    name: 'complete-billion-laughs',
    run: async (ctx, seed) => {
      const levels = draw(fc.integer({ min: 3, max: 10 }), seed);
      let dtd = '<!ENTITY l0 "lol">';
      for (let i = 1; i <= levels; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
      const body = `<?xml version="1.0"?><!DOCTYPE CompleteMultipartUpload [${dtd}]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&l${levels};</ETag></Part></CompleteMultipartUpload>`;
      return judgeAnswer(await completeBody(ctx, body));
    },
  },
  {
    name: 'complete-external-entity',
    run: async (ctx, seed) => {
      const target = draw(fc.constantFrom('file:///etc/passwd', 'http://127.0.0.1:1/x', '../../meta'), seed);
      const body = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "${target}">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&e;</ETag></Part></CompleteMultipartUpload>`;
      return judgeAnswer(await completeBody(ctx, body));
    },
  },
  {
    name: 'complete-not-xml',
    run: async (ctx, seed) => {
      const bytes = draw(fc.uint8Array({ minLength: 1, maxLength: 4096 }), seed);
      return judgeAnswer(await completeBody(ctx, Buffer.concat([Buffer.from('\u0001'), Buffer.from(bytes)])));
    },
  },
  {
    name: 'complete-10001-parts',
    run: async (ctx) => {
      const parts = Array.from(
        { length: SERVER_LIMITS.maxCompleteParts + 1 },
        (_, i) =>
          `<Part><PartNumber>${i + 1}</PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag></Part>`,
      );
      return judgeAnswer(
        await completeBody(ctx, `<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`),
      );
    },
  },
  {
    name: 'header-value-8KiB-plus',
    run: async (ctx, seed) => {
      const size = draw(fc.integer({ min: 8 * 1024 + 1, max: 14 * 1024 }), seed);
      const r = await ctx.client.raw({
        method: 'GET',
        key: 'soak/abuse/missing',
        headers: { 'x-cos-meta-pad': 'v'.repeat(size) },
        timeoutMs: 10_000,
      });
      return judgeAnswer(r);
    },
  },
  {
    name: 'header-section-too-large',
    run: async (ctx, seed) => {
      const size = draw(
        fc.integer({ min: SERVER_LIMITS.maxHeaderBytes, max: 4 * SERVER_LIMITS.maxHeaderBytes }),
        seed,
      );
      return judgeRaw(
        await rawSocketExchange(ctx.port, [unsigned('/k', `x-big: ${'a'.repeat(size)}\r\n`)], {
          timeoutMs: 10_000,
        }),
        true,
      );
    },
  },
  {
    name: 'duplicate-content-length',
    run: async (ctx, seed) => {
      const [a, b] = draw(fc.tuple(fc.nat(100), fc.nat(100)), seed);
      const head = `PUT /soak/abuse/dup HTTP/1.1\r\nHost: ${VHOST}\r\nContent-Length: ${a}\r\nContent-Length: ${a + b + 1}\r\n\r\n`;
      return judgeRaw(await rawSocketExchange(ctx.port, [head, 'x'.repeat(a)], { timeoutMs: 10_000 }), true);
    },
  },
  {
    name: 'content-length-and-transfer-encoding',
    run: async (ctx) => {
      const head = `PUT /soak/abuse/te HTTP/1.1\r\nHost: ${VHOST}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n`;
      return judgeRaw(
        await rawSocketExchange(ctx.port, [head, '3\r\nabc\r\n0\r\n\r\n'], { timeoutMs: 10_000 }),
        true,
      );
    },
  },
  {
    name: 'key-dot-dot',
    run: async (ctx, seed) => {
      const ups = draw(fc.integer({ min: 1, max: 12 }), seed);
      const key = `${'../'.repeat(ups)}${ESCAPE_MARK}-${seed}`;
      const body = Buffer.from(`escape attempt ${seed}`);
      const put = await ctx.client.putObject(key, body);
      if (put.status !== 200) return judgeAnswer(put);
      const got = await ctx.client.getObject(key);
      await ctx.client.deleteObject(key);
      return got.data?.body?.equals(body)
        ? { verdict: 'stored-as-key', detail: `200, read back under ${JSON.stringify(key.slice(0, 24))}…` }
        : judgeAnswer(got);
    },
  },
  {
    name: 'key-percent-encoded-dot-dot',
    run: async (ctx, seed) => {
      const ups = draw(fc.integer({ min: 1, max: 12 }), seed);
      const path = `/${'%2e%2e/'.repeat(ups)}${ESCAPE_MARK}-${seed}`;
      const r = await rawSocketExchange(
        ctx.port,
        [`PUT ${path} HTTP/1.1\r\nHost: ${VHOST}\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx`],
        { timeoutMs: 10_000 },
      );
      return judgeRaw(r, false);
    },
  },
  {
    name: 'key-encoded-slash',
    run: async (ctx, seed) => {
      const n = draw(fc.integer({ min: 1, max: 8 }), seed);
      return judgeRaw(
        await rawSocketExchange(ctx.port, [unsigned(`/a${'%2F..'.repeat(n)}%2F${ESCAPE_MARK}`)], {
          timeoutMs: 10_000,
        }),
        false,
      );
    },
  },
  {
    name: 'key-with-nul',
    run: async (ctx, seed) => {
      const at = draw(fc.integer({ min: 0, max: 20 }), seed);
      return judgeRaw(
        await rawSocketExchange(ctx.port, [unsigned(`/${'k'.repeat(at)}%00x`)], { timeoutMs: 10_000 }),
        false,
      );
    },
  },
  {
    name: 'key-invalid-utf8',
    run: async (ctx, seed) => {
      const bad = draw(fc.constantFrom('%C3%28', '%FF', '%E2%82', '%ED%A0%80', '%C0%AF'), seed);
      return judgeRaw(
        await rawSocketExchange(ctx.port, [unsigned(`/k${bad}`)], { timeoutMs: 10_000 }),
        false,
      );
    },
  },
  {
    name: 'key-over-1024-bytes',
    run: async (ctx, seed) => {
      const extra = draw(fc.integer({ min: 1, max: 4096 }), seed);
      return judgeRaw(
        await rawSocketExchange(ctx.port, [unsigned(`/${'k'.repeat(SERVER_LIMITS.maxKeyBytes + extra)}`)], {
          timeoutMs: 10_000,
        }),
        false,
      );
    },
  },
  {
    name: 'query-part-number-twice',
    run: async (ctx, seed) => {
      const [a, b] = draw(
        fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 })),
        seed,
      );
      const uploadId = await ctx.uploadId();
      const r = await ctx.client.raw({
        method: 'PUT',
        key: 'soak/abuse/complete',
        query: [
          ['partNumber', String(a)],
          ['partNumber', String(b)],
          ['uploadId', uploadId],
        ],
        body: Buffer.from('x'),
        timeoutMs: 10_000,
      });
      return judgeAnswer(r);
    },
  },
  {
    name: 'query-upload-id-empty',
    run: async (ctx) => {
      const r = await ctx.client.raw({
        method: 'PUT',
        key: 'soak/abuse/complete',
        query: [
          ['partNumber', '1'],
          ['uploadId', ''],
        ],
        body: Buffer.from('x'),
        timeoutMs: 10_000,
      });
      return judgeAnswer(r);
    },
  },
  {
    name: 'body-shorter-than-content-length',
    run: async (ctx, seed) => {
      const [sent, missing] = draw(fc.tuple(fc.nat(4096), fc.integer({ min: 1, max: 1 << 20 })), seed);
      const r = await ctx.client.raw({
        method: 'PUT',
        key: 'soak/abuse/short',
        body: Buffer.alloc(sent, 0x61),
        declaredLength: sent + missing,
        afterSend: 'half-close',
        timeoutMs: 10_000,
      });
      return judgeAnswer(r, true);
    },
  },
  {
    name: 'body-longer-than-content-length',
    run: async (ctx, seed) => {
      const [declared, extra] = draw(fc.tuple(fc.nat(64), fc.integer({ min: 1, max: 512 })), seed);
      const head = `PUT /soak/abuse/long HTTP/1.1\r\nHost: ${VHOST}\r\nContent-Length: ${declared}\r\n\r\n`;
      const body = Buffer.concat([
        Buffer.alloc(declared, 0x61),
        Buffer.from(`\u0001${'z'.repeat(extra)}\r\n\r\n`),
      ]);
      return judgeRaw(
        await rawSocketExchange(ctx.port, [head, body], { timeoutMs: 10_000, halfClose: true }),
        true,
      );
    },
  },
  {
    name: 'slow-loris',
    run: async (ctx) => {
      const head = `GET /soak/abuse/slow HTTP/1.1\r\nHost: ${VHOST}\r\nx-slow: ${'s'.repeat(4000)}\r\n\r\n`;
      const pieces = head.match(/[\s\S]{1,2}/g) ?? [];
      const limit = ctx.headersTimeoutMs + 5000;
      const r = await rawSocketExchange(ctx.port, pieces, { pauseMs: 100, timeoutMs: limit });
      if (!r.closed && !r.broken) return { verdict: 'failed', detail: `still open after ${r.ms} ms` };
      return judgeRaw(r, true);
    },
  },
];

/** Runs each of `kinds` once (in a seed-dependent order); results in that order. */
export async function abuseRound(
  ctx: AbuseContext,
  round: number,
  kinds: readonly AbuseKind[] = ABUSE_KINDS,
): Promise<AbuseResult[]> {
  const order = draw(fc.shuffledSubarray([...kinds], { minLength: kinds.length }), ctx.seed + round);
  const results: AbuseResult[] = [];
  for (const [i, kind] of order.entries()) {
    const seed = ctx.seed * 7919 + round * 131 + i;
    const started = Date.now();
    try {
      results.push({ kind: kind.name, ...(await kind.run(ctx, seed)), ms: Date.now() - started });
    } catch (err) {
      results.push({
        kind: kind.name,
        verdict: 'interrupted',
        detail: (err as Error).message,
        ms: Date.now() - started,
      });
    }
    if (results.at(-1)?.verdict === 'interrupted') await ctx.afterInterruption();
  }
  return results;
}
