/**
 * CRC-64/XZ, the checksum COS returns as `x-cos-hash-crc64ecma` (spec §5.3 [D40334]): reflected polynomial
 * 0xC96C5795D7870F42 (normal form 0x42F0E1EBA9EA3693, ECMA-182), register initialised to all ones, result
 * xored with all ones; check("123456789") = 11051210869376104954. COS prints it as a decimal uint64.
 *
 * Why hand-written: it runs over every byte the harness sends and the reference server stores (parts up to
 * 5 GiB), so it must be fast and streaming, and the server must derive a whole-object CRC from part CRCs.
 * What npm offered when this was written (checked with `npm view` / `npm pack`):
 * - `crc64-ecma182.js` 2.0.2 (the one the COS Node SDK demo uses): an emscripten build of C (a 900 KB
 *   `dist/crc.js`, CommonJS, postinstall runs `make` if it is missing); every call mallocs and copies the chunk
 *   into the emscripten heap and passes the running CRC as a decimal string; no combine.
 * - `crc64-ecma` 3.0.1: BigInt slicing-by-8 over a *string* argument (UTF-8 encoded first); no bytes, no
 *   streaming state, no combine.
 * - `crc64-ecma182` 1.0.0: a native addon built with node-gyp/nan.
 * None is both well kept and a fast streaming byte API, so this is a table method (slicing-by-N). Chunks of
 * {@link WASM_MIN_BYTES} or more go through slicing-by-16 in WebAssembly (crc64-wasm.ts, about 2.1 GiB/s on the
 * 2-core development machine); shorter ones, and every chunk where WebAssembly is missing (`node --jitless`), go
 * through slicing-by-8 in JavaScript over two 32-bit halves: each 8-byte step does 8 table lookups per half in
 * Int32Array tables, with no BigInt in the loop (about 1.4 GiB/s). Both share the tables built here.
 * `node --import tsx test/body/bench-generation.ts` measures them.
 * The combine function is the GF(2) method of zlib's `crc32_combine`, done with BigInt (it is O(log n)).
 */
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';
import { createWasmUpdate, type RegisterHalves } from './crc64-wasm.ts';

/** Low and high 32 bits of the reflected polynomial 0xC96C5795D7870F42. */
const POLY_LO = 0xd7870f42 | 0;
const POLY_HI = 0xc96c5795 | 0;
const POLY = 0xc96c5795d7870f42n;
const MASK64 = 0xffffffffffffffffn;

/**
 * Slicing tables: `LO[t * 256 + b]`/`HI[...]` = CRC register after byte `b` followed by `t` zero bytes. The
 * JavaScript loop reads the first 8, the WebAssembly one all 16.
 */
const SLICES = 16;
const LO = new Int32Array(256 * SLICES);
const HI = new Int32Array(256 * SLICES);

for (let b = 0; b < 256; b++) {
  let lo = b;
  let hi = 0;
  for (let k = 0; k < 8; k++) {
    const mask = -(lo & 1);
    lo = ((lo >>> 1) | (hi << 31)) ^ (POLY_LO & mask);
    hi = (hi >>> 1) ^ (POLY_HI & mask);
  }
  LO[b] = lo;
  HI[b] = hi;
}
for (let t = 1; t < SLICES; t++) {
  for (let b = 0; b < 256; b++) {
    const lo = LO[(t - 1) * 256 + b];
    const hi = HI[(t - 1) * 256 + b];
    const idx = lo & 0xff;
    LO[t * 256 + b] = ((lo >>> 8) | (hi << 24)) ^ LO[idx];
    HI[t * 256 + b] = (hi >>> 8) ^ HI[idx];
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A register as two signed 32-bit halves (kept in int32 so V8 never boxes them). */
type Register = RegisterHalves;

/** Shortest chunk handed to WebAssembly: below it, copying into its memory and the call cost more than they save. */
export const WASM_MIN_BYTES = 256;

/** Slicing-by-16 in WebAssembly, or undefined where there is none. */
const wasmUpdate = createWasmUpdate(LO, HI);

function updateRegister(reg: Register, data: Uint8Array): void {
  if (wasmUpdate !== undefined && data.length >= WASM_MIN_BYTES) wasmUpdate(reg, data);
  else updateRegisterJs(reg, data);
}

/** Slicing-by-8 in JavaScript (exported for the test that holds both loops to the same answers). */
export function updateRegisterJs(reg: Register, data: Uint8Array): void {
  let lo = reg.lo;
  let hi = reg.hi;
  const n = data.length;
  let i = 0;
  // Bytewise until the data is 4-byte aligned, so it can be read as little-endian int32 words.
  while (i < n && ((data.byteOffset + i) & 3) !== 0) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ LO[idx];
    hi = (hi >>> 8) ^ HI[idx];
    i++;
  }
  const words = n - i >= 8 && LITTLE_ENDIAN ? Math.floor((n - i) / 8) * 2 : 0;
  if (words > 0) {
    const w = new Int32Array(data.buffer, data.byteOffset + i, words);
    for (let j = 0; j < words; j += 2) {
      const a = lo ^ w[j];
      const b = hi ^ w[j + 1];
      const a0 = 1792 + (a & 0xff);
      const a1 = 1536 + ((a >>> 8) & 0xff);
      const a2 = 1280 + ((a >>> 16) & 0xff);
      const a3 = 1024 + (a >>> 24);
      const b0 = 768 + (b & 0xff);
      const b1 = 512 + ((b >>> 8) & 0xff);
      const b2 = 256 + ((b >>> 16) & 0xff);
      const b3 = b >>> 24;
      lo = LO[a0] ^ LO[a1] ^ LO[a2] ^ LO[a3] ^ LO[b0] ^ LO[b1] ^ LO[b2] ^ LO[b3];
      hi = HI[a0] ^ HI[a1] ^ HI[a2] ^ HI[a3] ^ HI[b0] ^ HI[b1] ^ HI[b2] ^ HI[b3];
    }
    i += words * 4;
  }
  for (; i < n; i++) {
    const idx = (lo ^ data[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ LO[idx];
    hi = (hi >>> 8) ^ HI[idx];
  }
  reg.lo = lo;
  reg.hi = hi;
}

/** Streaming CRC-64/XZ. `digest()` does not end the computation: more `update`s may follow. */
export class Crc64 {
  readonly #reg: Register = { lo: -1, hi: -1 };
  #length = 0;

  /** Feeds bytes; returns `this` for chaining. */
  update(chunk: Uint8Array): this {
    updateRegister(this.#reg, chunk);
    this.#length += chunk.length;
    return this;
  }

  /** Number of bytes fed so far (needed by {@link crc64Combine}). */
  get length(): number {
    return this.#length;
  }

  /** The CRC of everything fed so far, as an unsigned 64-bit integer. */
  digest(): bigint {
    return (BigInt(~this.#reg.hi >>> 0) << 32n) | BigInt(~this.#reg.lo >>> 0);
  }

  /** The CRC in COS's wire form: a decimal unsigned 64-bit integer (spec §5.3). */
  toDecimal(): string {
    return this.digest().toString();
  }
}

/** CRC-64/XZ of one buffer. */
export function crc64(data: Uint8Array): bigint {
  return new Crc64().update(data).digest();
}

/** Product of two polynomials modulo the CRC polynomial, both in reflected form (bit 63 = x^0). */
function multModP(a: bigint, b: bigint): bigint {
  let m = 1n << 63n;
  let p = 0n;
  let bb = b;
  for (;;) {
    if ((a & m) !== 0n) {
      p ^= bb;
      if ((a & (m - 1n)) === 0n) break;
    }
    m >>= 1n;
    bb = (bb & 1n) !== 0n ? (bb >> 1n) ^ POLY : bb >> 1n;
  }
  return p;
}

/** `X2N[k]` = x^(2^k) mod P, reflected. */
const X2N: bigint[] = [];
{
  let p = 1n << 62n; // x^1
  X2N.push(p);
  for (let k = 1; k < 64; k++) {
    p = multModP(p, p);
    X2N.push(p);
  }
}

/** x^(n * 2^k) mod P for a non-negative safe integer n. */
function x2nModP(n: number, k: number): bigint {
  let p = 1n << 63n; // x^0
  let rest = n;
  let kk = k;
  while (rest > 0) {
    if (rest % 2 === 1) p = multModP(X2N[kk & 63], p);
    rest = Math.floor(rest / 2);
    kk++;
  }
  return p;
}

/** A bad argument to {@link crc64Combine}. */
export class Crc64ArgumentError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.body.crc64Argument, message);
  }
}

/**
 * The CRC of `A + B` from `crc(A)`, `crc(B)` and `B`'s length, without the bytes (GF(2) combination as in
 * zlib). This is how a whole-object `x-cos-hash-crc64ecma` follows from the part CRCs in part-number order
 * (spec §5.3, [GO] `helper.go` `CRC64Combine`).
 */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (!Number.isSafeInteger(lengthB) || lengthB < 0) {
    throw new Crc64ArgumentError(`lengthB must be a non-negative safe integer, got ${lengthB}`);
  }
  if (crcA < 0n || crcA > MASK64 || crcB < 0n || crcB > MASK64) {
    throw new Crc64ArgumentError('CRC values must be unsigned 64-bit integers');
  }
  // Appending lengthB bytes multiplies crcA by x^(8 * lengthB); 8 = 2^3.
  return multModP(x2nModP(lengthB, 3), crcA) ^ crcB;
}
