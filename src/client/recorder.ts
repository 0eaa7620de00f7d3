/**
 * The recorder: every exchange the client makes, numbered, redacted, kept in memory for the checks of a step and
 * optionally appended as NDJSON to the run's history file (docs/architecture.md "Reports are artifacts").
 */
import { closeSync, openSync, writevSync } from 'node:fs';
import type { Exchange, ExchangeResponse } from './exchange.ts';
import {
  mayHoldSecrets,
  redact,
  redactBody,
  redactData,
  redactHeaderLine,
  redactHeaders,
  redactHeadersByPosition,
  redactQuery,
  redactQueryByPosition,
  secretsOfRequest,
} from './redact.ts';

export interface RecorderOptions {
  /** Append every exchange as one JSON line to this file (opened in append mode). */
  ndjsonPath?: string;
  /** Keep exchanges in memory for {@link Recorder.exchanges}/{@link Recorder.since} (default true). */
  keep?: boolean;
  /** Strings scrubbed from every recorded field (SecretKey, security token). */
  secrets?: readonly string[];
}

/** An exchange before the recorder numbers it. */
export type UnrecordedExchange = Omit<Exchange, 'seq'>;

export type ExchangeListener = (exchange: Exchange) => void;

/**
 * Redacts every field of an exchange that can carry a secret: signature, token and SSE-C values by position, and
 * the known secrets and the signature/token values of the request itself wherever they are distinctive (a server
 * may echo them). What the checks judge (paths, bodies, headers) is never rewritten for a short secret (redact.ts
 * `ScrubMode`). Pure: returns a new object.
 *
 * Most exchanges hold no secret outside the positions redacted anyway: the redaction by position runs first,
 * gathering every value it keeps, and one search over those ({@link mayHoldSecrets}) settles whether that is the
 * result (same result as scrubbing every value, a fraction of the cost per request).
 */
export function redactExchange<E extends UnrecordedExchange>(ex: E, known: readonly string[] = []): E {
  const { request: req, response: res, transportError } = ex;
  const data = [req.url, req.path];
  const credentials: string[] = [];
  let query = redactQueryByPosition(req.query, data);
  let headers = redactHeadersByPosition(req.headers, data, credentials);
  let responseHeaders = res && redactHeadersByPosition(res.headers, data, credentials);
  if (res?.bodyText !== undefined) data.push(res.bodyText);
  if (res?.error)
    for (const value of Object.values(res.error)) if (typeof value === 'string') data.push(value);
  if (transportError) data.push(transportError.message);
  const own = secretsOfRequest(req.headers, req.query);
  const clean = !req.rawHeaderLines && !mayHoldSecrets(data, credentials, known, own);
  // A clean exchange searches no secret below (the list is only built when something must be scrubbed).
  const secrets = clean ? known : [...known, ...own];
  const scrub = clean ? keepValue : (value: string) => redactData(value, secrets);
  if (!clean) {
    query = redactQuery(req.query, secrets);
    headers = redactHeaders(req.headers, secrets);
    if (res) responseHeaders = redactHeaders(res.headers, secrets);
  }
  // Copies, then fields set in place: the same fields in the same order as `{ ...req, url, … }` gives, without
  // the cost of a literal that redefines what it spreads.
  const request = { ...req };
  request.url = scrub(req.url);
  request.path = scrub(req.path);
  request.query = query;
  request.headers = headers;
  if (req.rawHeaderLines)
    request.rawHeaderLines = req.rawHeaderLines.map((line) => redactHeaderLine(line, secrets));
  let response: ExchangeResponse | undefined;
  if (res) {
    response = { ...res };
    response.headers = responseHeaders!;
    if (response.bodyText !== undefined && !clean) response.bodyText = redactBody(response.bodyText, secrets);
    if (response.error) {
      const error = { ...response.error };
      for (const field of Object.keys(error) as Array<keyof typeof error>) {
        const value = error[field];
        if (typeof value === 'string') error[field] = scrub(value);
      }
      response.error = error;
    }
  }
  const out: E = { ...ex };
  out.request = request;
  if (response) out.response = response;
  else delete out.response;
  if (transportError) {
    const message = clean ? transportError.message : redact(transportError.message, secrets);
    out.transportError = { ...transportError, message };
  }
  return out;
}

function keepValue(value: string): string {
  return value;
}

/**
 * History lines are gathered and appended at most every {@link HISTORY_BATCH_MS} (or at once past
 * {@link HISTORY_BATCH_BYTES}): one file write per request cost the client more CPU than the rest of recording
 * (npm run bench, small parts). The timer is not unref'd, so a process that ends by itself still writes the last lines.
 *
 * The gathered lines go to the file in one synchronous vectored write: a write stream hands each batch to libuv's
 * thread pool, whose hand-over cost the process about three times the CPU of the write itself (a 200 KB batch:
 * ~0.3 ms against ~0.1 ms). A batch is about {@link HISTORY_BATCH_BYTES} at most, so the event loop waits on a local
 * file write of at most that much once per batch; what was drained is in the file (the kernel's page cache) when
 * the drain returns, so a run that crashes later still leaves it.
 */
const HISTORY_BATCH_MS = 50;
/** Bytes of gathered lines that are written at once, without waiting for the timer. */
const HISTORY_BATCH_BYTES = 1 << 20;
/**
 * Lines are encoded straight into buffers of this size as they are recorded. Joining the batch's strings and
 * encoding the result at the drain cost several times the JSON.stringify of a line (npm run bench, small parts).
 */
const HISTORY_CHUNK_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** UTF-8 bytes a string of n UTF-16 code units may take at most. */
const MAX_UTF8_PER_UNIT = 3;

/** Collects exchanges. One per run (or per test file); shared by the client and the raw path. */
export class Recorder {
  readonly #keep: boolean;
  readonly #secrets = new Set<string>();
  /** {@link #secrets} as a list, rebuilt when one is added: redaction caches the forms it builds per list. */
  #secretList: readonly string[] = [];
  readonly #kept: Exchange[] = [];
  readonly #listeners = new Set<ExchangeListener>();
  #seq = 0;
  /** The history file's descriptor (open for appending) until {@link close}. */
  #fd: number | undefined;
  #closed = false;
  #writeError: Error | undefined;
  /** Encoded history lines not yet handed to the file, and their total size. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The free part of the buffer lines are encoded into, and how much of it holds lines already. */
  #chunk: Buffer = EMPTY;
  #chunkUsed = 0;
  /**
   * The buffers lines are encoded into, in the order they are filled; {@link #chunk} is the free end of the one at
   * {@link #buffer} (-1: none yet). A drain writes them synchronously, so the next batch fills them again: the
   * recorder keeps as many as its biggest batch took (about {@link HISTORY_BATCH_BYTES} at most).
   */
  readonly #buffers: Buffer[] = [];
  #buffer = -1;
  #drainTimer: NodeJS.Timeout | undefined;

  constructor(options: RecorderOptions = {}) {
    this.#keep = options.keep ?? true;
    for (const input of options.secrets ?? []) this.addSecrets(input);
    if (options.ndjsonPath !== undefined) {
      // A file that cannot be opened is reported by flush() and close(), as a failed write is: recording goes on.
      try {
        this.#fd = openSync(options.ndjsonPath, 'a');
      } catch (err) {
        this.#writeError = err as Error;
      }
    }
  }

  /** Registers strings that must never appear in a record (the client adds its SecretKey and token). */
  addSecrets(...secrets: ReadonlyArray<string | undefined>): void {
    for (const text of secrets) if (text !== undefined && text !== '') this.#secrets.add(text);
    this.#secretList = [...this.#secrets];
  }

  /** Sequence number of the last recorded exchange (0 before any). Pass to {@link since} to get a step's exchanges. */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Redacts an exchange with this recorder's secrets without recording it (for provisional views). */
  redact<E extends UnrecordedExchange>(ex: E): E {
    return redactExchange(ex, this.#secretList);
  }

  /** Numbers, redacts, stores, appends and announces one exchange; returns the stored form. */
  record(ex: UnrecordedExchange | Exchange): Exchange {
    const seq = ++this.#seq;
    // redactExchange returns a fresh object: numbering it in place gives the same fields, in the same order, as a copy.
    const stored = redactExchange(ex as UnrecordedExchange, this.#secretList) as Exchange;
    stored.seq = seq;
    if (this.#keep) this.#kept.push(stored);
    if (this.#fd !== undefined && !this.#writeError) this.#append(JSON.stringify(stored));
    for (const listener of this.#listeners) {
      try {
        listener(stored);
      } catch (err) {
        process.emitWarning(`recorder listener failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return stored;
  }

  /** Encodes `line` and a newline behind the lines gathered so far. */
  #append(line: string): void {
    const room = line.length * MAX_UTF8_PER_UNIT + 1;
    if (this.#chunkUsed + room > this.#chunk.length) {
      this.#seal();
      if (room > HISTORY_CHUNK_BYTES) {
        this.#gather(Buffer.from(`${line}\n`, 'utf8'));
        return;
      }
      if (room > this.#chunk.length) this.#chunk = this.#nextBuffer();
    }
    this.#chunkUsed += this.#chunk.write(line, this.#chunkUsed, 'utf8');
    this.#chunk[this.#chunkUsed++] = 0x0a;
    this.#schedule();
  }

  /** The next buffer of {@link #buffers} to fill, made the first time a batch needs it. */
  #nextBuffer(): Buffer {
    this.#buffer += 1;
    if (this.#buffer === this.#buffers.length) this.#buffers.push(Buffer.allocUnsafe(HISTORY_CHUNK_BYTES));
    return this.#buffers[this.#buffer]!;
  }

  /** Moves the encoded lines of the current buffer to {@link #pending}; later lines go after them. */
  #seal(): void {
    if (this.#chunkUsed === 0) return;
    const used = this.#chunkUsed;
    this.#pending.push(this.#chunk.subarray(0, used));
    this.#pendingBytes += used;
    this.#chunk = this.#chunk.subarray(used);
    this.#chunkUsed = 0;
  }

  #gather(bytes: Buffer): void {
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#pendingBytes + this.#chunkUsed >= HISTORY_BATCH_BYTES) this.#drain();
    else this.#drainTimer ??= setTimeout(() => this.#drain(), HISTORY_BATCH_MS);
  }

  /** Appends the gathered lines to the file (one vectored write, continued if the kernel took only part of it). */
  #drain(): void {
    clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
    this.#seal();
    if (this.#pending.length === 0) return;
    let chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    // The write below is synchronous: once it returns, the buffers take the next batch's lines.
    this.#chunk = EMPTY;
    this.#buffer = -1;
    const fd = this.#fd;
    if (fd === undefined || this.#writeError) return;
    try {
      while (chunks.length > 0) chunks = unwritten(chunks, writevSync(fd, chunks));
    } catch (err) {
      this.#writeError = err as Error;
    }
  }

  /** Every kept exchange, oldest first. */
  exchanges(): Exchange[] {
    return [...this.#kept];
  }

  /** Kept exchanges with `seq > seq`: `const mark = rec.lastSeq; …; rec.since(mark)`. */
  since(seq: number): Exchange[] {
    return this.#kept.filter((exchange) => exchange.seq > seq);
  }

  /** Subscribes to new exchanges; returns the unsubscribe function. */
  onExchange(listener: ExchangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves when everything recorded so far is in the file; rejects if the file could not be written. */
  flush(): Promise<void> {
    this.#drain();
    return this.#writeError ? Promise.reject(this.#writeError) : Promise.resolve();
  }

  /** Flushes and closes the NDJSON file; rejects if the file could not be written. Later records stay in memory. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#drain();
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) closeSync(fd);
    if (this.#writeError) throw this.#writeError;
  }
}

/** What is left of `chunks` after the first `written` bytes of them. */
function unwritten(chunks: Buffer[], written: number): Buffer[] {
  let rest = written;
  let index = 0;
  while (index < chunks.length && rest >= chunks[index]!.length) rest -= chunks[index++]!.length;
  if (index === chunks.length) return [];
  const left = chunks.slice(index);
  left[0] = left[0]!.subarray(rest);
  return left;
}
