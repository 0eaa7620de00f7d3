/**
 * Deterministic, position-stamped part bodies (docs/architecture.md "Big parts stream"): the same {@link BodySpec} gives
 * the same bytes on every run and host, generated 64 KiB at a time so that a 5 GiB part streams with flat
 * memory. Every 64-byte block carries a stamp (upload, part, offset; layout in `stamp.ts`) so that bytes
 * found in the wrong place can be traced to where they came from, and 0x00, 0xFF and CRLF bytes (bodies of
 * at least {@link MIN_SIZE_WITH_SPECIAL_BYTES} bytes).
 */
import { Readable } from 'node:stream';
import {
  allocChunk,
  type BodySpec,
  CHUNK_SIZE,
  chunkCount,
  fillChunks,
  generateChunk,
  generateChunkInto,
  prepareBody,
} from './generate.ts';
import { type BodyDigest, BodyHasher } from './hashing.ts';
import { BodyLayout } from './layout.ts';

export {
  type BodySpec,
  BodySpecError,
  CHUNK_SIZE,
  MAX_BODY_SIZE,
  UnsupportedPlatformError,
} from './generate.ts';
export { describeMismatch, type Mismatch } from './mismatch.ts';
export {
  type BodyOrigin,
  describeOrigin,
  locate,
  MIN_LOCATE_WINDOW,
  MIN_SIZE_WITH_SPECIAL_BYTES,
  seedTagOf,
} from './stamp.ts';

/**
 * A readable stream of exactly `spec.size` bytes of the body, one fresh buffer per push: 64 KiB by default, or
 * `piece` bytes (a multiple of {@link CHUNK_SIZE}) for a consumer that writes each push to a socket, where
 * bigger writes cost less per byte.
 */
export function createPartBody(spec: BodySpec, options: { piece?: number } = {}): Readable {
  const body = prepareBody(spec);
  const chunks = chunkCount(body);
  const perPush = Math.max(1, Math.floor((options.piece ?? CHUNK_SIZE) / CHUNK_SIZE));
  let next = 0;
  return new Readable({
    // One push at a time: consumers that read() everything buffered get pieces, not merged ones.
    highWaterMark: perPush * CHUNK_SIZE,
    read(): void {
      while (next < chunks) {
        const more = this.push(perPush === 1 ? generateChunk(body, next++) : generatePiece(perPush));
        if (!more) return;
      }
      this.push(null);
    },
  });

  /** The next `count` chunks (fewer at the end of the body) in one buffer. */
  function generatePiece(count: number): Buffer {
    const last = Math.min(chunks, next + count);
    const length = Math.min(body.size, last * CHUNK_SIZE) - next * CHUNK_SIZE;
    const out = allocChunk(length);
    fillChunks(body, next, out);
    next = last;
    return out;
  }
}

/** Refuse {@link bodyBytes} above this: bigger bodies should be streamed. */
export const BODY_BYTES_MAX = 128 * 1024 * 1024;

/** The bytes [start, end) of the body, generated without the bytes before `start`. */
export function bodySlice(spec: BodySpec, start: number, end: number): Buffer {
  const layout = new BodyLayout(spec);
  const from = Math.max(0, Math.min(start, layout.size));
  const to = Math.max(from, Math.min(end, layout.size));
  if (to - from > BODY_BYTES_MAX) {
    throw new RangeError(`bodySlice of ${to - from} bytes exceeds ${BODY_BYTES_MAX}; stream it instead`);
  }
  return layout.read(from, to - from);
}

/** The whole body in memory: for small bodies (tests, fixtures); at most {@link BODY_BYTES_MAX} bytes. */
export function bodyBytes(spec: BodySpec): Buffer {
  return bodySlice(spec, 0, spec.size);
}

const DIGEST_CACHE_LIMIT = 256;
const digestCache = new Map<string, Promise<BodyDigest>>();
/** Chunks hashed between yields to the event loop (4 MiB), so a 5 GiB digest does not stall a server. */
const CHUNKS_PER_YIELD = 64;

async function computeDigest(spec: BodySpec): Promise<BodyDigest> {
  const body = prepareBody(spec);
  const hasher = new BodyHasher();
  const scratch = allocChunk(CHUNK_SIZE);
  const chunks = chunkCount(body);
  for (let index = 0; index < chunks; index++) {
    hasher.update(generateChunkInto(body, index, scratch));
    if (index % CHUNKS_PER_YIELD === CHUNKS_PER_YIELD - 1) await new Promise<void>((r) => setImmediate(r));
  }
  return hasher.digest();
}

/**
 * Size, MD5 and CRC-64 of the body, by generating it once without keeping it. Results are memoised (the
 * last {@link DIGEST_CACHE_LIMIT} specs): the suite asks for the same part's digest several times.
 */
export function digestOf(spec: BodySpec): Promise<BodyDigest> {
  try {
    prepareBody(spec);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = `${spec.seed}:${spec.size}:${spec.stamp ? `${spec.stamp.upload}:${spec.stamp.part}` : '-'}`;
  const hit = digestCache.get(key);
  if (hit) return hit.then((d) => ({ ...d }));
  const pending = computeDigest(spec);
  digestCache.set(key, pending);
  pending.catch(() => digestCache.delete(key));
  if (digestCache.size > DIGEST_CACHE_LIMIT) {
    const oldest = digestCache.keys().next().value;
    if (oldest !== undefined) digestCache.delete(oldest);
  }
  return pending.then((digest) => ({ ...digest }));
}
