/**
 * Faults that forward the request upstream: `pass`, `reset-mid-request-body`, `reset-mid-response`,
 * `stall-response` (forwarding), `truncated-response`, `malformed-xml`, `trickle-response`. The request body and
 * the response run concurrently, so early answers (a 4xx before the body ends, `100 Continue`) flow as they come.
 */
import { badGateway } from './cos-error-response.ts';
import { addNote, type ExchangeContext, type ExchangeEnd, MAX_HEAD_BYTES } from './exchange-context.ts';
import { type BodyFramer, closeDelimited, responseFramer } from './framing.ts';
import { RESET_AFTER_DATA_MS, resetSocket } from './guard.ts';
import { parseResponseHead } from './http-head.ts';
import { deliverMalformed, deliverTrickled } from './respond-rewrite.ts';
import { eachBodyChunk, endAfterBody, type Upstream, type UpstreamResponse } from './response-io.ts';
import { SocketReader, writeAll } from './socket-io.ts';
import { connectUpstream } from './upstream.ts';

/** How long the upstream may keep the connection after a request-body cut before the proxy destroys it. */
const AFTER_CUT_MS = 1_000;

class ForwardedExchange {
  readonly #ctx: ExchangeContext;
  readonly #up: Upstream;
  #cut = false;
  /** Set when the response side is done and the request pump is being stopped on purpose. */
  #stopping = false;

  constructor(ctx: ExchangeContext, up: Upstream) {
    this.#ctx = ctx;
    this.#up = up;
  }

  async run(): Promise<ExchangeEnd> {
    const ctx = this.#ctx;
    const pump = this.#pumpRequest();
    const end = await this.#respond();
    if (!ctx.framer.done) {
      // The response ended before the request body did (an early answer, or a fault): stop forwarding.
      this.#stopping = true;
      this.#up.socket.destroy();
      ctx.reader.interrupt();
    }
    const pumped = await pump;
    ctx.reader.clearInterrupt();
    this.#up.socket.destroy();
    if (this.#cut) return 'gone';
    if (end === 'keep-alive' && pumped !== 'done') return 'close';
    return end;
  }

  /** Forwards the request head and body; carries out `reset-mid-request-body`. */
  async #pumpRequest(): Promise<'done' | 'cut' | 'stopped'> {
    const ctx = this.#ctx;
    const { framer, reader, spec, entry } = ctx;
    const upstream = this.#up.socket;
    if (!(await writeAll(upstream, ctx.head.raw))) return 'stopped';
    entry.forwarded = framer.done ? 'all' : 'partial';
    entry.requestBodyConsumed = framer.done;
    const cutting = spec.name === 'reset-mid-request-body';
    let cutAt: number | undefined = cutting ? (spec.afterBodyBytes ?? halfOf(framer.wireLength)) : undefined;
    if (cutting && framer.done) {
      addNote(ctx, 'request had no body: reset right after the head');
      return this.#cutRequest(Buffer.alloc(0));
    }
    let sent = 0;
    while (!framer.done) {
      const chunk = await reader.read();
      if (chunk === null || ctx.guard.aborted) {
        if (chunk === null && reader.exhausted && !ctx.guard.aborted && !this.#stopping) {
          // The client ended its side in the middle of the body: the request can never complete.
          addNote(ctx, 'client ended the connection in the middle of the request body');
          upstream.destroy();
          ctx.client.destroy();
        }
        return 'stopped';
      }
      let used: number;
      try {
        used = framer.feed(chunk).used;
      } catch {
        addNote(ctx, 'request body framing broken: connection closed');
        ctx.client.destroy();
        return 'stopped';
      }
      if (used < chunk.length) reader.unshift(chunk.subarray(used));
      const part = chunk.subarray(0, used);
      if (cutting) {
        cutAt ??= Math.max(1, Math.floor(part.length / 2));
        if (sent + part.length >= cutAt && !(framer.done && sent + part.length === cutAt)) {
          return this.#cutRequest(part.subarray(0, cutAt - sent));
        }
      }
      if (!(await writeAll(upstream, part))) return 'stopped';
      sent += part.length;
    }
    entry.forwarded = 'all';
    entry.requestBodyConsumed = true;
    if (cutting) {
      addNote(ctx, `whole body (${sent} bytes) forwarded before the cut point: reset before the answer`);
      return this.#cutRequest(Buffer.alloc(0));
    }
    return 'done';
  }

  async #cutRequest(last: Buffer): Promise<'cut'> {
    const ctx = this.#ctx;
    this.#cut = true;
    const upstream = this.#up.socket;
    await writeAll(upstream, last);
    resetSocket(ctx.client);
    upstream.end();
    ctx.rt.setTimer(AFTER_CUT_MS, () => upstream.destroy());
    return 'cut';
  }

  /** Reads the response head (forwarding interim 1xx), then hands over to the fault's response strategy. */
  async #respond(): Promise<ExchangeEnd> {
    const ctx = this.#ctx;
    const { spec } = ctx;
    const res = await this.#readResponseHead();
    if (res === undefined) return 'gone';
    ctx.entry.upstreamStatus = res.head.status;
    switch (spec.name) {
      case 'reset-mid-response':
        return this.#cutResponse(res, 'reset', spec.afterBytes ?? defaultCut(res));
      case 'truncated-response': {
        if (res.framer.kind === 'none') {
          addNote(ctx, 'response had no body: cut inside the head');
          return this.#cutResponse(res, 'fin', Math.floor(res.head.raw.length / 2));
        }
        const body = spec.bodyBytes ?? halfOf(res.framer.wireLength);
        return this.#cutResponse(res, 'fin', body === undefined ? undefined : res.head.raw.length + body);
      }
      case 'stall-response':
        return this.#withhold(res);
      case 'malformed-xml':
        return deliverMalformed(ctx, this.#up, res);
      case 'trickle-response':
        return deliverTrickled(ctx, this.#up, res, spec);
      default:
        return this.#deliver(res);
    }
  }

  async #readResponseHead(): Promise<UpstreamResponse | undefined> {
    const ctx = this.#ctx;
    for (;;) {
      const got = await this.#up.reader.readHead(MAX_HEAD_BYTES);
      if (this.#cut || ctx.guard.aborted) return undefined;
      if ('eof' in got || 'partial' in got) {
        addNote(ctx, 'upstream closed before a complete response head');
        if ('partial' in got && ctx.spec.name === 'pass') await writeAll(ctx.client, got.partial);
        ctx.client.destroy();
        return undefined;
      }
      const head = parseResponseHead(got.head);
      if (head === undefined) {
        addNote(ctx, 'upstream answer is not HTTP/1.x: relayed as is until it closes');
        await writeAll(ctx.client, got.head);
        await eachBodyChunk(this.#up, closeDelimited(), (raw) => writeAll(ctx.client, raw));
        ctx.client.destroy();
        return undefined;
      }
      if (head.status >= 100 && head.status < 200 && head.status !== 101) {
        if (ctx.spec.name !== 'stall-response') await writeAll(ctx.client, got.head);
        continue;
      }
      let framer: BodyFramer;
      try {
        framer = responseFramer(ctx.head.method, head);
      } catch (err) {
        addNote(ctx, `upstream response framing: ${(err as Error).message}; relayed until close`);
        framer = closeDelimited();
      }
      return { head, framer };
    }
  }

  /** `pass`: the response untouched. */
  async #deliver(res: UpstreamResponse): Promise<ExchangeEnd> {
    const ctx = this.#ctx;
    if (!(await writeAll(ctx.client, res.head.raw))) return 'gone';
    ctx.entry.clientStatus = res.head.status;
    const end = await eachBodyChunk(this.#up, res.framer, (raw) => writeAll(ctx.client, raw));
    return endAfterBody(ctx, res, end);
  }

  /**
   * Delivers the first `budget` bytes of the response (head included) and then resets (`reset`) or closes
   * (`fin`) the client. `budget` undefined: the whole head and half of the first body piece.
   */
  async #cutResponse(
    res: UpstreamResponse,
    how: 'reset' | 'fin',
    budget: number | undefined,
  ): Promise<ExchangeEnd> {
    const ctx = this.#ctx;
    const client = ctx.client;
    let limit = budget;
    let sent = 0;
    const emit = async (bytes: Buffer, isHead: boolean): Promise<boolean> => {
      if (limit === undefined && !isHead) limit = sent + Math.max(1, Math.floor(bytes.length / 2));
      if (limit === undefined || sent + bytes.length < limit) {
        sent += bytes.length;
        return writeAll(client, bytes);
      }
      await writeAll(client, bytes.subarray(0, limit - sent));
      sent = limit;
      return false;
    };
    const headWhole = await emit(res.head.raw, true);
    if (sent >= res.head.raw.length) ctx.entry.clientStatus = res.head.status;
    const end = headWhole ? await eachBodyChunk(this.#up, res.framer, (raw) => emit(raw, false)) : 'stopped';
    if (ctx.guard.aborted) return 'gone';
    if (end === 'done')
      addNote(ctx, `response (${sent} bytes) ended before the cut point: cut after the whole response`);
    if (end === 'truncated') addNote(ctx, 'upstream closed in the middle of the response body');
    addNote(ctx, `${how === 'reset' ? 'reset' : 'closed'} after ${sent} response bytes`);
    this.#up.socket.destroy();
    if (how === 'fin') {
      client.end();
      return 'close';
    }
    await ctx.guard.sleep(RESET_AFTER_DATA_MS);
    resetSocket(client);
    return 'gone';
  }

  /** `stall-response`: read and drop the answer, hold the client until it or the time limit gives up. */
  async #withhold(res: UpstreamResponse): Promise<ExchangeEnd> {
    const ctx = this.#ctx;
    await eachBodyChunk(this.#up, res.framer, async () => true);
    this.#up.socket.destroy();
    addNote(ctx, `upstream answered ${res.head.status}; answer withheld`);
    const reason = await ctx.guard.whenAborted();
    addNote(ctx, reason === 'timeout' ? 'hold time passed: proxy reset the connection' : 'client gave up');
    return 'gone';
  }
}

function halfOf(n: number | undefined): number | undefined {
  return n === undefined ? undefined : Math.floor(n / 2);
}

/** Default cut of `reset-mid-response`: head and half the body; half the head when there is no body. */
function defaultCut(res: UpstreamResponse): number | undefined {
  if (res.framer.kind === 'none') return Math.floor(res.head.raw.length / 2);
  const half = halfOf(res.framer.wireLength);
  return half === undefined ? undefined : res.head.raw.length + half;
}

/** Carries out a forwarding fault on one request. */
export async function forwardExchange(ctx: ExchangeContext): Promise<ExchangeEnd> {
  const socket = await connectUpstream(ctx.rt, ctx.guard);
  if (typeof socket === 'string') {
    if (ctx.guard.aborted) return 'gone';
    addNote(ctx, `upstream unreachable (${socket}): answered 502`);
    ctx.entry.clientStatus = 502;
    ctx.entry.forwarded = 'none';
    return (await writeAll(ctx.client, badGateway(socket))) ? 'close' : 'gone';
  }
  const up: Upstream = { socket, reader: new SocketReader(socket) };
  const off = ctx.guard.onAbort(() => socket.destroy());
  try {
    return await new ForwardedExchange(ctx, up).run();
  } finally {
    off();
    if (!socket.destroyed && !socket.writableEnded) socket.destroy();
  }
}
