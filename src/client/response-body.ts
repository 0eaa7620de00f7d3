/**
 * Reading response bodies with bounded memory: everything is hashed (size, MD5, optionally CRC-64), only a
 * bounded prefix is kept. COS Complete may stream whitespace for minutes before its XML (spec §2.5 [D7742]), so
 * leading whitespace can be counted without being kept.
 */
import { createHash, type Hash } from 'node:crypto';
import { BodyHasher, type BodyDigest } from '../body/hashing.ts';

/** ExchangeResponse.bodyText is kept only for bodies up to this size (exchange.ts). */
export const RECORD_TEXT_LIMIT = 64 * 1024;
/** MD5 (hex) of the empty body: most answers to an upload have none, and a hash object per answer is not free. */
export const EMPTY_MD5_HEX = createHash('md5').digest('hex');

/** Default bound on bytes kept for parsing an XML answer (1000 parts of List Parts are ~250 KB). */
export const PARSE_LIMIT = 16 * 1024 * 1024;

export interface ReadBodyOptions {
  /** Keep at most this many bytes (after skipped whitespace); beyond, hashing continues and `overLimit` is set. */
  keepLimit: number;
  /** Do not keep leading ASCII whitespace (only count it). */
  skipLeadingWhitespace?: boolean;
  /** Also compute CRC-64 (costs CPU; only for object bodies). */
  crc64?: boolean;
}

export interface ReadBodyResult {
  size: number;
  md5Hex: string;
  crc64?: string;
  /** Kept bytes: the body minus skipped leading whitespace, when within `keepLimit`. */
  kept: Buffer;
  overLimit: boolean;
  /** Count of leading whitespace bytes skipped. */
  leadingWhitespace: number;
  /** The exact body as text, for the record, when the whole body is ≤ {@link RECORD_TEXT_LIMIT} and textual. */
  recordText?: string;
}

function isWs(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Incremental body sink; feed chunks, then `finish()`. Used by both the pool path and the raw path. */
export class BodySink {
  readonly #opts: ReadBodyOptions;
  /** Created on the first byte (when no {@link BodyHasher} runs): an empty body needs no hash object. */
  #md5: Hash | undefined;
  readonly #hasher: BodyHasher | undefined;
  readonly #chunks: Buffer[] = [];
  readonly #prefix: Buffer[] = [];
  #prefixSize = 0;
  #keptSize = 0;
  #size = 0;
  #overLimit = false;
  #inLeadingWs: boolean;
  #leadingWs = 0;

  constructor(opts: ReadBodyOptions) {
    this.#opts = opts;
    this.#hasher = opts.crc64 ? new BodyHasher() : undefined;
    this.#inLeadingWs = opts.skipLeadingWhitespace === true;
  }

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#size += buf.length;
    if (this.#hasher) this.#hasher.update(buf);
    else {
      this.#md5 ??= createHash('md5');
      this.#md5.update(buf);
    }
    if (this.#prefixSize <= RECORD_TEXT_LIMIT) {
      this.#prefix.push(buf);
      this.#prefixSize += buf.length;
    }
    let rest = buf;
    if (this.#inLeadingWs) {
      let index = 0;
      while (index < rest.length && isWs(rest[index]!)) index++;
      this.#leadingWs += index;
      if (index < rest.length) this.#inLeadingWs = false;
      rest = rest.subarray(index);
    }
    if (rest.length === 0 || this.#overLimit) return;
    if (this.#keptSize + rest.length > this.#opts.keepLimit) {
      this.#overLimit = true;
      return;
    }
    this.#chunks.push(rest);
    this.#keptSize += rest.length;
  }

  finish(contentType?: string): ReadBodyResult {
    let md5Hex: string;
    let crc64: string | undefined;
    if (this.#hasher) {
      const digest: BodyDigest = this.#hasher.digest();
      md5Hex = digest.md5Hex;
      crc64 = digest.crc64;
    } else {
      md5Hex = this.#md5 ? this.#md5.digest('hex') : EMPTY_MD5_HEX;
    }
    const kept = this.#overLimit ? Buffer.alloc(0) : Buffer.concat(this.#chunks, this.#keptSize);
    const result: ReadBodyResult = {
      size: this.#size,
      md5Hex,
      kept,
      overLimit: this.#overLimit,
      leadingWhitespace: this.#leadingWs,
    };
    if (crc64 !== undefined) result.crc64 = crc64;
    if (this.#size > 0 && this.#size <= RECORD_TEXT_LIMIT) {
      const whole = Buffer.concat(this.#prefix, this.#prefixSize);
      if (isTextual(whole, contentType)) result.recordText = whole.toString('utf8');
    }
    return result;
  }
}

/** Textual: a text-like content type, or valid UTF-8 without control bytes other than tab/CR/LF. */
export function isTextual(bytes: Buffer, contentType?: string): boolean {
  if (contentType && /xml|json|text|html|javascript|x-www-form-urlencoded/i.test(contentType)) return true;
  for (const byte of bytes) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Reads a whole stream into a {@link BodySink}. Rejects with the stream's error (the caller classifies it). */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  opts: ReadBodyOptions,
  contentType?: string,
): Promise<ReadBodyResult> {
  const sink = new BodySink(opts);
  for await (const chunk of body) sink.push(chunk);
  return sink.finish(contentType);
}
