/**
 * Request bodies as the client sends them: always with a known size, opened as a fresh stream per send, never
 * buffered whole (docs/architecture.md "Big parts stream": a 5 GiB part keeps memory flat).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type BodySpec, createPartBody, digestOf } from '../body/part-body.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/**
 * Bytes per buffer of a generated body handed to the socket: 16 chunks, so a 1 GiB part takes 1,024 socket
 * writes and stream steps instead of 16,384.
 */
export const SEND_PIECE = 1024 * 1024;

/**
 * What an upload accepts: bytes in memory, a deterministic generated body (`spec`), or any stream factory of a
 * known size (called once per send, and once more when `Content-MD5: 'auto'` has to hash it first).
 */
export type PartBodyInput =
  | Buffer
  | Uint8Array
  | { spec: BodySpec }
  | { size: number; stream: () => Readable };

/** A body ready to send. `bytes` is set for in-memory bodies (sent as one buffer, hashed cheaply). */
export interface OutgoingBody {
  readonly size: number;
  readonly bytes?: Buffer;
  readonly spec?: BodySpec;
  /** A fresh stream of exactly `size` bytes (for in-memory bodies, a stream over `bytes`). */
  open(): Readable;
}

/** Thrown for a body input that is not one of the {@link PartBodyInput} forms. */
export class BodyInputError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.client.bodyInput, message);
  }
}

/**
 * Bytes in memory as a body. A class, not a literal with an `open` closure: the TypeScript loader names every
 * such closure at run time (tsx keeps names), a cost paid on each small part sent.
 */
class BytesBody implements OutgoingBody {
  readonly size: number;
  readonly bytes: Buffer;

  constructor(bytes: Buffer) {
    this.size = bytes.length;
    this.bytes = bytes;
  }

  open(): Readable {
    return Readable.from([this.bytes], { objectMode: false });
  }
}

/** Normalises a {@link PartBodyInput}. */
export function toOutgoingBody(input: PartBodyInput): OutgoingBody {
  if (input instanceof Uint8Array) {
    const bytes = Buffer.isBuffer(input)
      ? input
      : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    return new BytesBody(bytes);
  }
  if ('spec' in input) {
    const spec = input.spec;
    return { size: spec.size, spec, open: () => createPartBody(spec, { piece: SEND_PIECE }) };
  }
  if (typeof input.size === 'number' && typeof input.stream === 'function') {
    if (!Number.isSafeInteger(input.size) || input.size < 0) {
      throw new BodyInputError(`body size must be a non-negative integer, got ${input.size}`);
    }
    return { size: input.size, open: input.stream };
  }
  throw new BodyInputError('body must be a Buffer, a Uint8Array, { spec } or { size, stream }');
}

/** Base64 MD5 of a body (the `Content-MD5` value, spec §1.2): from the bytes, the spec's digest, or one pass over the stream. */
export async function md5Base64Of(body: OutgoingBody): Promise<string> {
  if (body.bytes) return createHash('md5').update(body.bytes).digest('base64');
  if (body.spec) return (await digestOf(body.spec)).md5Base64;
  const hash = createHash('md5');
  for await (const chunk of body.open()) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
