/**
 * Decoding of an `aws-chunked` request body (SigV4 streaming uploads; AWS S3 "Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks"), one pass, nothing buffered but a header line:
 *
 *     <hex size>[;chunk-signature=<64 hex>]\r\n <size bytes> \r\n   … repeated …
 *     0[;chunk-signature=<64 hex>]\r\n
 *     [<name>:<value>\r\n …]  [x-amz-trailer-signature:<64 hex>\r\n]
 *     \r\n
 *
 * The data bytes are passed on (the framing never reaches the stored file); chunk and trailer signatures are checked
 * when a signing context is given. A failure destroys the stream with an {@link AwsChunkedError} (its code says which
 * COS/S3 error to answer); the bytes already passed on belong to a refused body and are discarded by the caller.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { CosConformanceError } from '../../errors.ts';
import { chunkSignature, trailerSignature } from '../../sign/sigv4-chunk.ts';
import { signaturesEqual } from '../../sign/timing-safe.ts';
import type { ChunkSigningContext } from '../../sign/verify-result.ts';
import type { ErrorCode } from '../../spec/error-codes.ts';

/** Why an aws-chunked body was refused: the error code to answer and a message without any secret. */
export class AwsChunkedError extends CosConformanceError<ErrorCode> {}

export interface AwsChunkedOptions {
  /** Verify `chunk-signature` and `x-amz-trailer-signature` with this context; absent: unsigned chunks. */
  signing?: ChunkSigningContext;
  /** Lower-case trailer names the request declared in `x-amz-trailer` (empty: no trailer allowed). */
  trailerNames: readonly string[];
  /** `x-amz-decoded-content-length`: the exact number of data bytes. */
  decodedLength: number;
}

/** Longest chunk-header or trailer line accepted (a signed header line is about 90 bytes). */
const MAX_LINE = 4096;
const SIGNED_HEADER = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-fA-F]{64})$/;
const UNSIGNED_HEADER = /^([0-9a-fA-F]{1,16})$/;
const TRAILER_SIGNATURE = 'x-amz-trailer-signature';

type State = 'header' | 'data' | 'data-crlf' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  readonly #opts: AwsChunkedOptions;
  #state: State = 'header';
  #line: Buffer[] = [];
  #lineLength = 0;
  #remaining = 0;
  #decoded = 0;
  #chunkHash: Hash | undefined;
  #chunkSig = '';
  #previous: string;
  #crlf = 0;
  readonly #trailers: Array<[string, string]> = [];
  #trailerSigned = false;

  constructor(opts: AwsChunkedOptions) {
    super();
    this.#opts = opts;
    this.#previous = opts.signing?.seedSignature ?? '';
  }

  /** The trailer values received, by lower-case name (complete once the stream has ended). */
  get trailers(): ReadonlyMap<string, string> {
    return new Map(this.#trailers);
  }

  /** Data bytes passed on so far. */
  get decodedBytes(): number {
    return this.#decoded;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#state !== 'done') {
      callback(
        new AwsChunkedError(
          'IncompleteBody',
          `The aws-chunked body ended before its final chunk (${this.#decoded} of ${this.#opts.decodedLength} decoded bytes).`,
        ),
      );
      return;
    }
    callback();
  }

  #consume(buf: Buffer): void {
    let at = 0;
    while (at < buf.length) {
      switch (this.#state) {
        case 'header':
        case 'trailer': {
          const end = buf.indexOf(0x0a, at);
          const piece = buf.subarray(at, end === -1 ? buf.length : end + 1);
          this.#lineLength += piece.length;
          if (this.#lineLength > MAX_LINE) throw malformed('a chunk header or trailer line is too long');
          this.#line.push(piece);
          at += piece.length;
          if (end !== -1) this.#endOfLine();
          break;
        }
        case 'data': {
          const take = Math.min(this.#remaining, buf.length - at);
          const data = buf.subarray(at, at + take);
          this.#chunkHash?.update(data);
          this.#remaining -= take;
          this.#decoded += take;
          at += take;
          this.push(data);
          if (this.#remaining === 0) this.#state = 'data-crlf';
          break;
        }
        case 'data-crlf': {
          const expected = this.#crlf === 0 ? 0x0d : 0x0a;
          if (buf[at] !== expected) throw malformed('a chunk is not followed by CRLF (its size is wrong)');
          at++;
          if (++this.#crlf === 2) {
            this.#crlf = 0;
            this.#verifyChunk(this.#chunkHash?.digest('hex'));
            this.#state = 'header';
          }
          break;
        }
        case 'done':
          throw malformed('bytes follow the end of the aws-chunked body');
      }
    }
  }

  #endOfLine(): void {
    const raw = Buffer.concat(this.#line).toString('latin1');
    this.#line = [];
    this.#lineLength = 0;
    if (!raw.endsWith('\r\n')) throw malformed('a chunk header or trailer line does not end with CRLF');
    const line = raw.slice(0, -2);
    if (this.#state === 'header') this.#chunkHeader(line);
    else this.#trailerLine(line);
  }

  #chunkHeader(line: string): void {
    const m = (this.#opts.signing ? SIGNED_HEADER : UNSIGNED_HEADER).exec(line);
    if (!m) {
      throw malformed(
        this.#opts.signing
          ? 'a chunk header is not "<hex size>;chunk-signature=<64 hex>"'
          : 'a chunk header is not "<hex size>" (unsigned chunks carry no signature)',
      );
    }
    const size = Number.parseInt(m[1], 16);
    if (this.#decoded + size > this.#opts.decodedLength) {
      throw malformed(
        `the chunks hold more than x-amz-decoded-content-length (${this.#opts.decodedLength}) bytes`,
      );
    }
    this.#chunkSig = m[2] ?? '';
    this.#chunkHash = this.#opts.signing ? createHash('sha256') : undefined;
    if (size === 0) {
      this.#verifyChunk(this.#chunkHash?.digest('hex'));
      if (this.#decoded !== this.#opts.decodedLength) {
        throw new AwsChunkedError(
          'IncompleteBody',
          `The chunks hold ${this.#decoded} bytes, x-amz-decoded-content-length says ${this.#opts.decodedLength}.`,
        );
      }
      this.#state = 'trailer';
      return;
    }
    this.#remaining = size;
    this.#state = 'data';
  }

  #verifyChunk(dataSha256Hex: string | undefined): void {
    const { signing } = this.#opts;
    if (!signing || dataSha256Hex === undefined) return;
    const expected = chunkSignature(signing, this.#previous, dataSha256Hex);
    if (!signaturesEqual(this.#chunkSig, expected)) {
      throw new AwsChunkedError(
        'SignatureDoesNotMatch',
        `The chunk signature ending at decoded byte ${this.#decoded} does not match.`,
      );
    }
    this.#previous = expected;
  }

  #trailerLine(line: string): void {
    if (line === '') {
      const missing = this.#opts.trailerNames.filter((n) => !this.#trailers.some(([t]) => t === n));
      if (missing.length > 0) throw malformed(`the declared trailer ${missing.join(', ')} was not sent`);
      if (this.#opts.signing && this.#trailers.length > 0 && !this.#trailerSigned) {
        throw malformed('the trailer has no x-amz-trailer-signature');
      }
      this.#state = 'done';
      return;
    }
    if (this.#trailerSigned) throw malformed('a line follows x-amz-trailer-signature');
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed('a trailer line is not "name:value"');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === TRAILER_SIGNATURE && this.#opts.signing) {
      const expected = trailerSignature(this.#opts.signing, this.#previous, this.#trailers);
      if (!signaturesEqual(value, expected)) {
        throw new AwsChunkedError('SignatureDoesNotMatch', 'The trailer signature does not match.');
      }
      this.#trailerSigned = true;
      return;
    }
    if (!this.#opts.trailerNames.includes(name)) {
      throw malformed(`the trailer "${name.slice(0, 64)}" was not declared in x-amz-trailer`);
    }
    if (this.#trailers.some(([n]) => n === name)) throw malformed(`the trailer "${name}" is repeated`);
    this.#trailers.push([name, value]);
  }
}

function malformed(why: string): AwsChunkedError {
  return new AwsChunkedError('InvalidRequest', `Malformed aws-chunked body: ${why}.`);
}
