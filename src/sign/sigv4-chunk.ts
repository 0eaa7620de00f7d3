/**
 * Signatures of the chunks and the trailer of a SigV4 streaming body (`x-amz-content-sha256:
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`; AWS S3 "Signature Calculations for the Authorization Header:
 * Transferring Payload in Multiple Chunks" and "…including trailing headers"). Each signature chains from the previous
 * one, the first from the request's own signature (the seed):
 *
 * - chunk: HMAC-SHA256(signingKey, `AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous>\n<sha256("")>\n<sha256(data)>`)
 * - trailer: HMAC-SHA256(signingKey, `AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<previous>\n<sha256(trailer lines)>`),
 *   each trailer line `name:value\n`.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ChunkSigningContext } from './verify-result.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The signature of one chunk whose data hashes to `dataSha256Hex`, following `previous`. */
export function chunkSignature(ctx: ChunkSigningContext, previous: string, dataSha256Hex: string): string {
  const stringToSign = [
    'AWS4-HMAC-SHA256-PAYLOAD',
    ctx.longDate,
    ctx.scope,
    previous,
    EMPTY_SHA256,
    dataSha256Hex,
  ].join('\n');
  return createHmac('sha256', ctx.signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** The signature of the trailer lines (`[name, value]`, in the order sent), following the final chunk's `previous`. */
export function trailerSignature(
  ctx: ChunkSigningContext,
  previous: string,
  trailers: ReadonlyArray<readonly [string, string]>,
): string {
  const canonical = trailers.map(([name, value]) => `${name}:${value}\n`).join('');
  const digest = createHash('sha256').update(canonical, 'utf8').digest('hex');
  const stringToSign = ['AWS4-HMAC-SHA256-TRAILER', ctx.longDate, ctx.scope, previous, digest].join('\n');
  return createHmac('sha256', ctx.signingKey).update(stringToSign, 'utf8').digest('hex');
}
