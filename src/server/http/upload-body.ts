/**
 * The body-decoding layer of uploads (Put Object, Upload Part): what the headers say about the body's encoding and
 * integrity, checked before any byte is read, and the stream of payload bytes with its verdict after.
 *
 * - SigV4 streaming (`x-amz-content-sha256: STREAMING-…`, spec §6.5 S3-compatible profile): the aws-chunked framing
 *   is decoded (src/server/storage/aws-chunked.ts), with chunk signatures checked for
 *   `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`; `x-amz-decoded-content-length` is required (411
 *   MissingContentLength) and is the size limits' length.
 * - Additional checksums (`x-amz-checksum-crc32|crc32c|crc64nvme|sha1|sha256`, as a header or a trailer named in
 *   `x-amz-trailer`): computed over the payload while it streams; a mismatch is 400 BadDigest
 *   ("The CRC32 you specified did not match the calculated checksum.", AWS S3's wording), a malformed value or more
 *   than one checksum 400 InvalidRequest. The accepted value is echoed in the response (docs/spec.md §6.7).
 */
import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumAlgorithmOfHeader,
  createChecksum,
  isChecksumValue,
} from '../../body/flexible-checksums.ts';
import { SIGNED_STREAMING_PREFIX } from '../../sign/sigv4-verify.ts';
import { AwsChunkedDecoder, AwsChunkedError } from '../storage/aws-chunked.ts';
import type { RequestContext } from './context.ts';
import { CosError, cosError } from './cos-error.ts';

/** The `x-amz-content-sha256` values of a streaming body this server decodes. */
export const STREAMING_PAYLOADS = {
  signed: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  signedTrailer: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  unsignedTrailer: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
} as const;

/** What the headers say about an upload's body. */
export interface UploadBodyPlan {
  /** aws-chunked framing to decode, when the body is a SigV4 streaming one. */
  chunked?: { signed: boolean; trailerNames: string[]; decodedLength: number };
  /** The checksum to verify: its algorithm and the header value, or `trailer` when it comes after the body. */
  checksum?: { algorithm: ChecksumAlgorithm; expected: string | 'trailer' };
}

/** Reads and checks the encoding and checksum headers (before the body); throws a 4xx {@link CosError}. */
export function planUploadBody(ctx: RequestContext): UploadBodyPlan {
  const plan: UploadBodyPlan = {};
  // decodeAwsChunked (spec §6.7): whether the framing and its trailers are read at all.
  const decode = ctx.server.behaviour.decodeAwsChunked;
  const contentSha = decode ? ctx.headers['x-amz-content-sha256'] : undefined;
  const trailer = decode ? ctx.headers['x-amz-trailer'] : undefined;
  const trailerNames =
    trailer === undefined
      ? []
      : trailer
          .split(',')
          .map((n) => n.trim().toLowerCase())
          .filter((n) => n !== '');
  if (contentSha?.startsWith('STREAMING-')) {
    plan.chunked = chunkedPlan(ctx, contentSha, trailerNames);
  } else if (trailerNames.length > 0) {
    throw cosError('InvalidRequest', 'x-amz-trailer needs a STREAMING-…-TRAILER x-amz-content-sha256.');
  }
  const fromHeaders = checksumHeaderAlgorithms(ctx.headers);
  const fromTrailer = trailerNames.map((name) => {
    const algorithm = checksumAlgorithmOfHeader(name);
    if (!algorithm)
      throw cosError('InvalidRequest', `x-amz-trailer names an unsupported trailer "${name.slice(0, 64)}".`);
    return algorithm;
  });
  if (fromHeaders.length + fromTrailer.length > 1) {
    throw cosError(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const algorithm = fromHeaders[0] ?? fromTrailer[0];
  const declared = ctx.headers['x-amz-sdk-checksum-algorithm']?.toLowerCase();
  if (declared !== undefined && !(declared in CHECKSUM_ALGORITHMS)) {
    throw cosError('InvalidRequest', 'Value for x-amz-sdk-checksum-algorithm header is invalid.');
  }
  if (declared !== undefined && algorithm !== undefined && declared !== algorithm) {
    throw cosError(
      'InvalidRequest',
      'x-amz-sdk-checksum-algorithm names another algorithm than the checksum sent.',
    );
  }
  if (algorithm !== undefined) {
    const header = ctx.headers[CHECKSUM_ALGORITHMS[algorithm].header];
    if (header !== undefined && !isChecksumValue(algorithm, header)) {
      throw cosError(
        'InvalidRequest',
        `Value for ${CHECKSUM_ALGORITHMS[algorithm].header} header is invalid.`,
      );
    }
    plan.checksum = { algorithm, expected: header ?? 'trailer' };
  }
  return plan;
}

/** Every header name starting so may name a checksum (CHECKSUM_ALGORITHMS); others are not looked up. */
const CHECKSUM_HEADER_PREFIX = 'x-amz-checksum-';

/** The algorithms of the `x-amz-checksum-*` headers sent (lower-case names). */
function checksumHeaderAlgorithms(headers: Readonly<Record<string, string>>): ChecksumAlgorithm[] {
  const found: ChecksumAlgorithm[] = [];
  for (const name in headers) {
    if (!name.startsWith(CHECKSUM_HEADER_PREFIX)) continue;
    const algorithm = checksumAlgorithmOfHeader(name);
    if (algorithm) found.push(algorithm);
  }
  return found;
}

function chunkedPlan(
  ctx: RequestContext,
  contentSha: string,
  trailerNames: string[],
): NonNullable<UploadBodyPlan['chunked']> {
  const known = Object.values(STREAMING_PAYLOADS) as string[];
  if (!known.includes(contentSha)) {
    throw cosError('NotImplemented', `x-amz-content-sha256 ${contentSha.slice(0, 64)} is not implemented.`);
  }
  const signed = contentSha.startsWith(SIGNED_STREAMING_PREFIX);
  if (signed && ctx.server.behaviour.checkSignature && !ctx.auth?.chunkSigning) {
    throw cosError('InvalidRequest', 'Signed chunks need a SigV4 Authorization header to chain from.');
  }
  if (!contentSha.endsWith('-TRAILER') && trailerNames.length > 0) {
    throw cosError('InvalidRequest', `x-amz-trailer is not allowed with ${contentSha}.`);
  }
  const raw = ctx.headers['x-amz-decoded-content-length'];
  if (raw === undefined) {
    throw cosError(
      'MissingContentLength',
      'Header x-amz-decoded-content-length is missing (aws-chunked body).',
    );
  }
  if (!/^\d{1,15}$/.test(raw))
    throw cosError('InvalidArgument', 'x-amz-decoded-content-length is not a number.');
  return { signed, trailerNames, decodedLength: Number(raw) };
}

/** The payload stream of an upload, and once it has ended, the verdict on it and the headers to echo. */
export interface OpenedUploadBody {
  /** The payload bytes (framing removed). */
  stream: Readable;
  /** After the stream ended or closed: the refusal of the body, if any (framing, signatures, checksum). */
  verdict(): Promise<CosError | undefined>;
  /** After an accepted verdict: response headers (the checksum, as S3 echoes it). */
  echo(): Record<string, string>;
}

/** Opens the body of an upload according to its plan (claims it: sends `100 Continue` when asked for). */
export function openUploadBody(ctx: RequestContext, plan: UploadBodyPlan): OpenedUploadBody {
  const source = ctx.body.claim();
  let stream: Readable = source;
  let decoder: AwsChunkedDecoder | undefined;
  let failure: unknown;
  if (plan.chunked) {
    decoder = new AwsChunkedDecoder({
      ...(plan.chunked.signed && ctx.auth?.chunkSigning ? { signing: ctx.auth.chunkSigning } : {}),
      trailerNames: plan.chunked.trailerNames,
      decodedLength: plan.chunked.decodedLength,
    });
    decoder.on('error', (err) => {
      failure = err;
    });
    // A client that goes away mid-body: the decoder closes too (its data is then incomplete).
    source.once('close', () => {
      if (!source.readableEnded) decoder?.destroy();
    });
    source.pipe(decoder);
    stream = decoder;
  }
  const checksum = plan.checksum ? createChecksum(plan.checksum.algorithm) : undefined;
  if (checksum) stream = stream.pipe(checksumTap((chunk) => checksum.update(chunk), stream));
  let echoed: Record<string, string> = {};
  return {
    stream,
    async verdict() {
      if (failure instanceof AwsChunkedError) return cosError(failure.code, failure.message);
      if (failure !== undefined) return new CosError('InternalError');
      if (!plan.checksum || !checksum) return undefined;
      const { algorithm } = plan.checksum;
      const fact = CHECKSUM_ALGORITHMS[algorithm];
      const expected =
        plan.checksum.expected === 'trailer' ? decoder?.trailers.get(fact.header) : plan.checksum.expected;
      if (expected === undefined)
        return cosError('InvalidRequest', `The trailer ${fact.header} was not sent.`);
      if (!isChecksumValue(algorithm, expected)) {
        return cosError('InvalidRequest', `Value for ${fact.header} trailing header is invalid.`);
      }
      const { behaviour } = ctx.server;
      const verify =
        plan.checksum.expected === 'trailer' ? behaviour.checkChecksumTrailer : behaviour.checkChecksumHeader;
      if (verify && (await checksum.digestBase64()) !== expected) {
        return cosError(
          'BadDigest',
          `The ${fact.title} you specified did not match the calculated checksum.`,
        );
      }
      echoed = { [fact.header]: expected };
      return undefined;
    },
    echo: () => (ctx.server.behaviour.echoChecksum ? echoed : {}),
  };
}

/** Passes bytes through, feeding `update`; closes without ending when `upstream` closes early. */
function checksumTap(update: (chunk: Buffer) => void, upstream: Readable): Transform {
  const tap = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
      update(chunk);
      callback(null, chunk);
    },
  });
  upstream.once('close', () => {
    if (!upstream.readableEnded) tap.destroy();
  });
  return tap;
}
