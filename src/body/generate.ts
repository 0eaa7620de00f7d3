/**
 * The generator behind part bodies: validates a {@link BodySpec} and fills 64 KiB chunks of it.
 *
 * Each chunk is independent: its xorshift128 filler is seeded from (seed, upload, part, chunk index), so any
 * range can be produced without generating what precedes it. The stamp words (see `stamp.ts`) are written
 * as whole int32 words, which is why generation only runs on little-endian hosts (every Node target the
 * project supports). The bytes are made by a WebAssembly kernel (generate-wasm.ts, 2 to 4 times as fast);
 * {@link fillChunk} is the same generator in JavaScript, used where WebAssembly is missing (`node --jitless`)
 * and as the definition the kernel is tested against.
 */
import {
  BLOCK_SIZE,
  fmix32,
  MAGIC_PLAIN,
  MAGIC_STAMPED,
  seedTagOf,
  stampBase,
  stampCheck,
  WORD_SPECIAL,
} from './stamp.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';
import { type BodyWords, createWasmFill } from './generate-wasm.ts';

/** What a body is: who it belongs to and how big it is. Same spec, same bytes, on every run and host. */
export interface BodySpec {
  /** Any safe integer; different seeds give different bytes. */
  seed: number;
  /** Length in bytes. */
  size: number;
  /** Position stamp: the upload and part number this body is meant for (uint32 each). */
  stamp?: { upload: number; part: number };
}

/** Generation granularity: bodies are produced and hashed in chunks of this many bytes. */
export const CHUNK_SIZE = 64 * 1024;
const WORDS_PER_BLOCK = BLOCK_SIZE / 4;
const BLOCKS_PER_CHUNK = CHUNK_SIZE / BLOCK_SIZE;

/** Largest body: the block index in each stamp is a uint32. */
export const MAX_BODY_SIZE = 2 ** 32 * BLOCK_SIZE;

/** An invalid {@link BodySpec}. */
export class BodySpecError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.body.spec, message);
  }
}

/** Generation needs a little-endian host (the stamp is written as native int32 words). */
export class UnsupportedPlatformError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.body.bigEndian, message);
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** Everything fill needs about one body, computed once. */
export interface PreparedBody extends BodyWords {
  readonly spec: BodySpec;
  readonly size: number;
}

/** Validates a spec and precomputes its stamp words. */
export function prepareBody(spec: BodySpec): PreparedBody {
  if (!LITTLE_ENDIAN) throw new UnsupportedPlatformError('body generation needs a little-endian host');
  if (!Number.isSafeInteger(spec.seed))
    throw new BodySpecError(`seed must be a safe integer, got ${spec.seed}`);
  if (!Number.isSafeInteger(spec.size) || spec.size < 0 || spec.size > MAX_BODY_SIZE) {
    throw new BodySpecError(`size must be an integer in 0..${MAX_BODY_SIZE}, got ${spec.size}`);
  }
  if (spec.stamp && (!isUint32(spec.stamp.upload) || !isUint32(spec.stamp.part))) {
    throw new BodySpecError(
      `stamp upload and part must be uint32, got ${spec.stamp.upload}/${spec.stamp.part}`,
    );
  }
  const magic = spec.stamp ? MAGIC_STAMPED : MAGIC_PLAIN;
  const upload = spec.stamp ? spec.stamp.upload | 0 : 0;
  const part = spec.stamp ? spec.stamp.part | 0 : 0;
  const seedTag = seedTagOf(spec.seed) | 0;
  const base = stampBase(magic, upload, part, seedTag);
  return { spec, size: spec.size, magic, upload, part, seedTag, base, key: fmix32(base ^ 0x2545f491) };
}

/**
 * The generator in JavaScript: writes chunk `chunkIndex` of the body into `out` (an Int32Array over the chunk's
 * bytes), `blocks` blocks of it (the last chunk of a body needs fewer than {@link BLOCKS_PER_CHUNK}). It defines
 * the bytes: the WebAssembly kernel must produce exactly these (test/body/generate-wasm.test.ts).
 */
export function fillChunk(body: PreparedBody, chunkIndex: number, out: Int32Array, blocks: number): void {
  const { magic, upload, part, seedTag, base } = body;
  let x = fmix32(body.key ^ chunkIndex);
  let y = fmix32(x + 0x6c078965);
  let z = fmix32(y + 0x6c078965);
  let w = fmix32(z + 0x6c078965);
  if ((x | y | z | w) === 0) x = 1;
  let blockIndex = chunkIndex * BLOCKS_PER_CHUNK;
  const end = blocks * WORDS_PER_BLOCK;
  for (let o = 0; o < end; o += WORDS_PER_BLOCK, blockIndex++) {
    out[o] = WORD_SPECIAL;
    out[o + 1] = magic;
    out[o + 2] = upload;
    out[o + 3] = part;
    out[o + 4] = seedTag;
    out[o + 5] = blockIndex;
    out[o + 6] = stampCheck(base, blockIndex);
    for (let j = 7; j < WORDS_PER_BLOCK; j++) {
      const t = x ^ (x << 11);
      x = y;
      y = z;
      z = w;
      w = w ^ (w >>> 19) ^ t ^ (t >>> 8);
      out[o + j] = w;
    }
  }
}

/** Bytes of chunk `chunkIndex` that belong to the body (CHUNK_SIZE except for the last chunk). */
export function chunkLength(body: PreparedBody, chunkIndex: number): number {
  return Math.max(0, Math.min(CHUNK_SIZE, body.size - chunkIndex * CHUNK_SIZE));
}

/** Number of chunks in the body. */
export function chunkCount(body: PreparedBody): number {
  return Math.ceil(body.size / CHUNK_SIZE);
}

/** The WebAssembly kernel, one chunk per call (measured as fast as sixteen per call, in an eighth of the memory: 128 KiB). */
const wasmFill = createWasmFill(CHUNK_SIZE, CHUNK_SIZE);

/** Which generator this process uses: the WebAssembly kernel, or the JavaScript loop where there is none. */
export const GENERATOR: 'webassembly' | 'javascript' = wasmFill === undefined ? 'javascript' : 'webassembly';

/** Where the JavaScript loop fills a chunk it cannot write in place (see {@link fillChunksJs}). */
let jsScratch: Int32Array | undefined;

/**
 * The JavaScript loop over consecutive chunks (the fallback of {@link fillChunks}). A chunk is written in place
 * when `out` holds all of its blocks 4-byte aligned; a chunk that ends inside a block, or a misaligned `out`, is
 * generated in a scratch chunk and copied, so nothing is ever written past `out`.
 */
export function fillChunksJs(body: PreparedBody, firstChunk: number, out: Uint8Array): void {
  for (let at = 0, chunk = firstChunk; at < out.length; at += CHUNK_SIZE, chunk++) {
    const length = Math.min(CHUNK_SIZE, out.length - at);
    const blocks = Math.ceil(length / BLOCK_SIZE);
    if (length % BLOCK_SIZE === 0 && (out.byteOffset + at) % 4 === 0) {
      fillChunk(
        body,
        chunk,
        new Int32Array(out.buffer, out.byteOffset + at, blocks * WORDS_PER_BLOCK),
        blocks,
      );
    } else {
      jsScratch ??= new Int32Array(CHUNK_SIZE / 4);
      fillChunk(body, chunk, jsScratch, blocks);
      out.set(new Uint8Array(jsScratch.buffer, 0, length), at);
    }
  }
}

/**
 * Writes the body's bytes from the start of chunk `firstChunk` into `out` (`out.length` bytes, at most what is
 * left of the body from there; any alignment): through the WebAssembly kernel, or the JavaScript loop where
 * WebAssembly is missing.
 */
export function fillChunks(body: PreparedBody, firstChunk: number, out: Uint8Array): void {
  if (wasmFill === undefined) fillChunksJs(body, firstChunk, out);
  else wasmFill(body, firstChunk, out);
}

/**
 * Generates chunk `chunkIndex` into `scratch` (at least the chunk's length) and returns the view of its body
 * bytes (valid until the next call with the same scratch).
 */
export function generateChunkInto(body: PreparedBody, chunkIndex: number, scratch: Uint8Array): Uint8Array {
  const bytes = scratch.subarray(0, chunkLength(body, chunkIndex));
  fillChunks(body, chunkIndex, bytes);
  return bytes;
}

/** A fresh buffer for generated bytes, of its own (not a slice of Buffer's shared pool) and 4-byte aligned. */
export function allocChunk(length = CHUNK_SIZE): Buffer {
  // allocUnsafeSlow: not from the shared pool, so byteOffset is 0; every byte is overwritten by fillChunks.
  return Buffer.allocUnsafeSlow(length);
}

/** A generated chunk in a buffer of its own (safe to hand to a stream). */
export function generateChunk(body: PreparedBody, chunkIndex: number): Buffer {
  const buf = allocChunk(chunkLength(body, chunkIndex));
  fillChunks(body, chunkIndex, buf);
  return buf;
}
