/**
 * The recorder: every exchange the client makes, numbered, redacted, kept in memory for the checks of a step and
 * optionally appended as NDJSON to the run's history file (docs/architecture.md "Reports are artifacts").
 */
import { createWriteStream, type WriteStream } from 'node:fs';
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
 */
const HISTORY_BATCH_MS = 50;
/** Bytes of gathered lines that are written at once, without waiting for the timer. */
const HISTORY_BATCH_BYTES = 1 << 20;
/**
 * Lines are encoded straight into buffers of this size as they are recorded. Joining the batch's strings and
 * encoding the result at the drain cost several times the JSON.stringify of a line (npm run bench, small parts).
 */
const HISTORY_CHUNK_BYTES = 64 * 1024;
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
  #out: WriteStream | undefined;
  #writeError: Error | undefined;
  /** Encoded history lines not yet handed to the file, and their total size. */
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The free part of the buffer lines are encoded into, and how much of it holds lines already. */
  #chunk: Buffer = Buffer.alloc(0);
  #chunkUsed = 0;
  #drainTimer: NodeJS.Timeout | undefined;

  constructor(options: RecorderOptions = {}) {
    this.#keep = options.keep ?? true;
    for (const input of options.secrets ?? []) this.addSecrets(input);
    if (options.ndjsonPath !== undefined) {
      this.#out = createWriteStream(options.ndjsonPath, { flags: 'a', encoding: 'utf8' });
      this.#out.on('error', (err) => {
        this.#writeError = err;
      });
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
    if (this.#out && !this.#writeError) this.#append(JSON.stringify(stored));
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
      if (room > this.#chunk.length) this.#chunk = Buffer.allocUnsafe(HISTORY_CHUNK_BYTES);
    }
    this.#chunkUsed += this.#chunk.write(line, this.#chunkUsed, 'utf8');
    this.#chunk[this.#chunkUsed++] = 0x0a;
    this.#schedule();
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

  /** Hands the gathered lines to the file (one vectored write). */
  #drain(): void {
    clearTimeout(this.#drainTimer);
    this.#drainTimer = undefined;
    this.#seal();
    if (this.#pending.length === 0) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    const out = this.#out;
    if (!out || this.#writeError || out.destroyed) return;
    out.cork();
    for (const chunk of chunks) out.write(chunk);
    out.uncork();
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

  /** Resolves when everything written so far reached the file; rejects if the file could not be written. */
  flush(): Promise<void> {
    this.#drain();
    const out = this.#out;
    if (!out) return this.#writeError ? Promise.reject(this.#writeError) : Promise.resolve();
    if (this.#writeError || out.destroyed)
      return Promise.reject(this.#writeError ?? new Error('history file closed'));
    return new Promise((resolve, reject) => {
      out.write('', (err) => {
        const failure = err ?? this.#writeError;
        if (failure) reject(failure);
        else resolve();
      });
    });
  }

  /** Flushes and closes the NDJSON file; rejects if the file could not be written. Later records stay in memory. */
  async close(): Promise<void> {
    this.#drain();
    const out = this.#out;
    if (!out) return;
    this.#out = undefined;
    await new Promise<void>((resolve, reject) => {
      const settle = () => (this.#writeError ? reject(this.#writeError) : resolve());
      if (out.destroyed) return settle();
      out.once('close', settle);
      out.end();
    });
  }
}
