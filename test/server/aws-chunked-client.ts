/**
 * The client side of SigV4 streaming uploads, for tests: a request signed with `x-amz-content-sha256:
 * STREAMING-…` (src/sign sigv4SignHeaders) and its aws-chunked body, with chunk and trailer signatures chained from
 * the request's signature (src/sign/sigv4-chunk.ts, checked against the AWS documentation example in
 * test/sign/sigv4-chunk.test.ts).
 */
import { createHash } from 'node:crypto';
import { getSigningKey } from '@smithy/signature-v4';
import { type SigV4Credentials, sha256Constructor, sigv4SignHeaders } from '../../src/sign/sigv4.ts';
import { chunkSignature, trailerSignature } from '../../src/sign/sigv4-chunk.ts';
import { parseSigV4Authorization } from '../../src/sign/sigv4-verify.ts';
import type { ChunkSigningContext } from '../../src/sign/verify-result.ts';

export type StreamingMode =
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'
  | 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'
  | 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export interface StreamingUpload {
  url: URL;
  method?: string;
  data: Buffer;
  chunkSize: number;
  mode: StreamingMode;
  credentials: SigV4Credentials;
  /** Trailers to send (names lower-case), declared in `x-amz-trailer`. */
  trailers?: Array<[string, string]>;
  /** Extra headers, signed. */
  headers?: Record<string, string>;
  /** Damage the body after signing (tests of refusals). */
  tamper?: (chunks: string[], body: Buffer) => Buffer;
}

/** The headers and encoded body of a streaming upload. */
export async function streamingRequest(
  u: StreamingUpload,
): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const trailers = u.trailers ?? [];
  const chunks: Buffer[] = [];
  for (let at = 0; at < u.data.length; at += u.chunkSize) chunks.push(u.data.subarray(at, at + u.chunkSize));
  const frameOverhead = (size: number, signed: boolean) =>
    size.toString(16).length + (signed ? 17 + 64 : 0) + 2 + size + 2;
  const signed = u.mode !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const trailerText = trailers.map(([n, v]) => `${n}:${v}\r\n`).join('');
  const trailerSigLine = signed && trailers.length > 0 ? `x-amz-trailer-signature:${'0'.repeat(64)}\r\n` : '';
  const encodedLength =
    chunks.reduce((sum, c) => sum + frameOverhead(c.length, signed), 0) +
    1 +
    (signed ? 17 + 64 : 0) +
    2 +
    trailerText.length +
    trailerSigLine.length +
    2;
  const headers = await sigv4SignHeaders({
    method: u.method ?? 'PUT',
    url: u.url,
    headers: {
      'content-encoding': 'aws-chunked',
      'content-length': String(encodedLength),
      'x-amz-decoded-content-length': String(u.data.length),
      ...(trailers.length > 0 ? { 'x-amz-trailer': trailers.map(([n]) => n).join(',') } : {}),
      ...(u.headers ?? {}),
    },
    region: 'ap-guangzhou',
    credentials: u.credentials,
    payloadHash: u.mode,
  });
  const auth = parseSigV4Authorization(headers.authorization ?? '');
  if (!auth) throw new Error('no SigV4 authorization');
  const ctx: ChunkSigningContext = {
    signingKey: await getSigningKey(sha256Constructor, u.credentials, auth.date, auth.region, auth.service),
    longDate: headers['x-amz-date'] ?? '',
    scope: `${auth.date}/${auth.region}/${auth.service}/aws4_request`,
    seedSignature: auth.signature,
  };
  const parts: string[] = [];
  const out: Buffer[] = [];
  let previous = ctx.seedSignature;
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    let head = chunk.length.toString(16);
    if (signed) {
      previous = chunkSignature(ctx, previous, createHash('sha256').update(chunk).digest('hex'));
      head += `;chunk-signature=${previous}`;
    }
    parts.push(head);
    out.push(Buffer.from(`${head}\r\n`, 'latin1'), chunk);
    if (chunk.length > 0) out.push(Buffer.from('\r\n'));
  }
  out.push(Buffer.from(trailerText, 'latin1'));
  if (trailerSigLine) {
    out.push(
      Buffer.from(`x-amz-trailer-signature:${trailerSignature(ctx, previous, trailers)}\r\n`, 'latin1'),
    );
  }
  out.push(Buffer.from('\r\n'));
  const body = Buffer.concat(out);
  if (body.length !== encodedLength) throw new Error(`encoded ${body.length}, expected ${encodedLength}`);
  return { headers, body: u.tamper ? u.tamper(parts, body) : body };
}
