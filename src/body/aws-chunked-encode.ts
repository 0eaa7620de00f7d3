/**
 * The client side of an unsigned aws-chunked body (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`, what
 * the AWS SDKs send by default for a streamed upload; docs/spec.md §6.7): the payload cut into chunks, each
 * `<hex size>\r\n<bytes>\r\n`, then `0\r\n`, the trailers `<name>:<value>\r\n` and a blank line. Unsigned chunks
 * carry no signature, so the request itself may be signed either way (q-sign or SigV4). Written here rather than
 * taken from the AWS SDK, whose encoder is internal to its HTTP handler and streams only.
 */

/** The `x-amz-content-sha256` of an unsigned aws-chunked body with trailers. */
export const UNSIGNED_TRAILER_PAYLOAD = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

/** An encoded body and the headers that announce it. */
export interface AwsChunkedBody {
  /** The framed bytes to send (their length is the Content-Length). */
  body: Buffer;
  /** `content-encoding`, `x-amz-decoded-content-length`, `x-amz-trailer` (when trailers are given). */
  headers: Record<string, string>;
}

/** Frames `payload` in chunks of `chunkSize` bytes, followed by `trailers` (lower-case names). */
export function encodeAwsChunked(
  payload: Buffer,
  chunkSize: number,
  trailers: ReadonlyArray<readonly [string, string]> = [],
): AwsChunkedBody {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError('chunkSize must be positive');
  const pieces: Buffer[] = [];
  for (let at = 0; at < payload.length; at += chunkSize) {
    const chunk = payload.subarray(at, at + chunkSize);
    pieces.push(Buffer.from(`${chunk.length.toString(16)}\r\n`, 'latin1'), chunk, Buffer.from('\r\n'));
  }
  const trailerText = trailers.map(([name, value]) => `${name}:${value}\r\n`).join('');
  pieces.push(Buffer.from(`0\r\n${trailerText}\r\n`, 'latin1'));
  const headers: Record<string, string> = {
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(payload.length),
  };
  if (trailers.length > 0) headers['x-amz-trailer'] = trailers.map(([name]) => name).join(',');
  return { body: Buffer.concat(pieces), headers };
}
