/**
 * Body generation as a small WebAssembly function: the same bytes as the JavaScript loop `fillChunk` of
 * generate.ts (which stays as the fallback where WebAssembly is missing, `node --jitless`, and as the oracle the
 * tests hold this one to), 2 to 4 times as fast in CPU time: 7–10 GB/s against 2–4.6 GB/s on the 2-core
 * development machine (`node --import tsx test/body/bench-generation.ts`; the JavaScript loop's speed varies
 * with how V8 compiles it in a process). The harness generates every byte it sends, so this was a share of the
 * client's CPU on a big part second only to the MD5.
 *
 * What it does differently: the xorshift128 state lives in four locals used as a ring (step `n` overwrites local
 * `n mod 4`, so no value is moved), the block loop is unrolled four blocks deep so the ring comes back to its
 * start, the stamp's first four words are two 64-bit stores, and its stores need no bounds checks. The stamp's
 * check word (one fmix32 per block) is about 4 % of the kernel's time. Hand-assembled like crc64-wasm.ts (see
 * wasm-assembly.ts): one function of a few hundred instructions, no toolchain. It fills its own memory, and the
 * caller copies the bytes out (a buffer handed to a socket cannot be a view of memory the next call overwrites);
 * one chunk per call measured as fast as sixteen, and keeps the window in the cache.
 *
 * `fill(ptr, chunk, blocks, magic, upload, part, seedTag, base, key)` writes chunk `chunk` onwards from `ptr`:
 * `blocks` 64-byte blocks rounded up to a multiple of 4 (up to 3 blocks past the end, into the window's slack),
 * reseeding the filler at every chunk boundary exactly as `fillChunk` seeds it. Memory: the window at 0, then
 * one page of slack.
 */
import {
  ALIGN4,
  ALIGN8,
  get,
  I32,
  I64,
  i32,
  i64,
  instantiate,
  type KernelModule,
  OP,
  PAGE_BYTES,
  set,
  tee,
  uleb,
  whileNot,
} from './wasm-assembly.ts';

/** The per-body words a fill needs (all int32), as generate.ts's `PreparedBody` holds them. */
export interface BodyWords {
  readonly magic: number;
  readonly upload: number;
  readonly part: number;
  readonly seedTag: number;
  /** `stampBase(...)`: the check word of block `i` is `fmix32(base ^ i)`. */
  readonly base: number;
  /** The filler of chunk `c` is seeded from `fmix32(key ^ c)`. */
  readonly key: number;
}

/** Fills `out` with the body's bytes from the start of chunk `firstChunk` on (`out.length` bytes). */
export type WasmFill = (body: BodyWords, firstChunk: number, out: Uint8Array) => void;

/** Parameters, then locals, of `fill`. */
const PTR = 0;
const CHUNK = 1;
const BLOCKS = 2;
const MAGIC = 3;
const UPLOAD = 4;
const PART = 5;
const SEED_TAG = 6;
const BASE = 7;
const KEY = 8;
const END = 9;
const CHUNK_END = 10;
const BLOCK_INDEX = 11;
/** The xorshift128 state, a ring of four locals. */
const RING = 12;
const T = 16;
const H = 17;
const WORDS_01 = 18;
const WORDS_23 = 19;

const BLOCK = 64;
const GROUP = 4;
/** The stamp's first word (`00 FF 0D 0A`, stamp.ts `WORD_SPECIAL`) and the seeding constant of `fillChunk`. */
const WORD_SPECIAL = 0x0a0dff00;
const SEED_STEP = 0x6c078965;
const STAMP_WORDS = 7;
const FILLER_WORDS = BLOCK / 4 - STAMP_WORDS;

/** `h ^= h >>> shift` on the value on the stack, through local `H`. */
const xorShiftRight = (shift: number): number[] => [
  ...tee(H),
  ...get(H),
  ...i32(shift),
  OP.i32ShrU,
  OP.i32Xor,
];

/** murmur3's fmix32 of the i32 `value` pushes (stamp.ts `fmix32`), leaving the result on the stack. */
function fmix(value: number[]): number[] {
  return [
    ...value,
    ...xorShiftRight(16),
    ...i32(0x85ebca6b | 0),
    OP.i32Mul,
    ...xorShiftRight(13),
    ...i32(0xc2b2ae35 | 0),
    OP.i32Mul,
    ...xorShiftRight(16),
  ];
}

/** `mem[ptr + offset] = value` (4 bytes). */
const store32 = (offset: number, value: number[]): number[] => [
  ...get(PTR),
  ...value,
  OP.i32Store,
  ALIGN4,
  ...uleb(offset),
];

/** Block `p` of a group of four at `ptr`: the stamp, then nine filler words (steps `9p..9p+8` of the ring). */
function block(p: number): number[] {
  const at = p * BLOCK;
  const index = p === 0 ? get(BLOCK_INDEX) : [...get(BLOCK_INDEX), ...i32(p), OP.i32Add];
  const code = [
    ...[...get(PTR), ...get(WORDS_01), OP.i64Store, ALIGN8, ...uleb(at)],
    ...[...get(PTR), ...get(WORDS_23), OP.i64Store, ALIGN8, ...uleb(at + 8)],
    ...store32(at + 16, get(SEED_TAG)),
    ...store32(at + 20, index),
    ...store32(at + 24, fmix([...get(BASE), ...index, OP.i32Xor])),
  ];
  for (let j = 0; j < FILLER_WORDS; j++) {
    // Step 9p + j: x is ring[(p + j) % 4] (9 ≡ 1 mod 4), w the one before it; the new w replaces x.
    const x = RING + ((p + j) % 4);
    const w = RING + ((p + j + 3) % 4);
    code.push(...get(x), ...get(x), ...i32(11), OP.i32Shl, OP.i32Xor, ...set(T));
    // w ^ (w >>> 19) ^ t ^ (t >>> 8), with the t terms first so w's own chain is two operations long.
    const next = [
      ...[...get(T), ...get(T), ...i32(8), OP.i32ShrU, OP.i32Xor],
      ...[...get(w), OP.i32Xor, ...get(w), ...i32(19), OP.i32ShrU, OP.i32Xor],
      ...tee(x),
    ];
    code.push(...store32(at + 4 * (STAMP_WORDS + j), next));
  }
  return code;
}

/** `fillChunk`'s seeding of chunk `CHUNK`: four fmix32 steps, and never the all-zero state. */
function seed(): number[] {
  const code = fmix([...get(KEY), ...get(CHUNK), OP.i32Xor]);
  code.push(...set(RING));
  for (let k = 1; k < 4; k++)
    code.push(...fmix([...get(RING + k - 1), ...i32(SEED_STEP), OP.i32Add]), ...set(RING + k));
  const anySet = [
    ...get(RING),
    ...get(RING + 1),
    OP.i32Or,
    ...get(RING + 2),
    OP.i32Or,
    ...get(RING + 3),
    OP.i32Or,
  ];
  code.push(...i32(1), ...get(RING), ...anySet, OP.i32Eqz, OP.select, ...set(RING));
  return code;
}

function kernel(chunkBytes: number, windowBytes: number): KernelModule {
  const chunkShift = Math.log2(chunkBytes / BLOCK);
  const addTo = (local: number, n: number): number[] => [...get(local), ...i32(n), OP.i32Add, ...set(local)];
  const groups = whileNot(
    [...get(PTR), ...get(CHUNK_END), OP.i32GeU],
    [0, 1, 2, 3].flatMap(block).concat(addTo(PTR, GROUP * BLOCK), addTo(BLOCK_INDEX, GROUP)),
  );
  const chunks = whileNot(
    [...get(PTR), ...get(END), OP.i32GeU],
    [
      ...seed(),
      // chunkEnd = min(ptr + chunkBytes, end)
      ...[...get(PTR), ...i32(chunkBytes), OP.i32Add, ...set(CHUNK_END)],
      ...[...get(CHUNK_END), ...get(END), ...get(CHUNK_END), ...get(END), OP.i32LtU, OP.select],
      ...set(CHUNK_END),
      ...groups,
      ...addTo(CHUNK, 1),
    ],
  );
  const u64 = (local: number): number[] => [...get(local), OP.i64ExtendI32U];
  const pair = (lo: number[], hi: number): number[] => [...u64(hi), ...i64(32), OP.i64Shl, ...lo, OP.i64Or];
  return {
    exportName: 'fill',
    params: Array<number>(KEY + 1).fill(I32),
    locals: [
      [H - END + 1, I32],
      [2, I64],
    ],
    body: [
      // end = ptr + round4(blocks) * 64
      ...[...get(PTR), ...get(BLOCKS), ...i32(GROUP - 1), OP.i32Add, ...i32(-GROUP), OP.i32And],
      ...[...i32(6), OP.i32Shl, OP.i32Add, ...set(END)],
      ...[...get(CHUNK), ...i32(chunkShift), OP.i32Shl, ...set(BLOCK_INDEX)],
      ...pair(i64(WORD_SPECIAL), MAGIC),
      ...set(WORDS_01),
      ...pair(u64(UPLOAD), PART),
      ...set(WORDS_23),
      ...chunks,
    ],
    pages: windowBytes / PAGE_BYTES + 1,
  };
}

/**
 * The WebAssembly fill for chunks of `chunkBytes` (a power of two, at least 256), through a window of
 * `windowBytes` (a multiple of `chunkBytes` and of 64 KiB); undefined where WebAssembly is not available.
 */
export function createWasmFill(chunkBytes: number, windowBytes: number): WasmFill | undefined {
  type Fill = (...args: number[]) => void;
  const instance = instantiate<Fill>(kernel(chunkBytes, windowBytes));
  if (instance === undefined) return undefined;
  const run = instance.run;
  const memory = new Uint8Array(instance.memory);
  const chunksPerWindow = windowBytes / chunkBytes;
  return (body, firstChunk, out) => {
    let chunk = firstChunk;
    for (let at = 0; at < out.length; at += windowBytes, chunk += chunksPerWindow) {
      const length = Math.min(windowBytes, out.length - at);
      const { magic, upload, part, seedTag, base, key } = body;
      run(0, chunk, Math.ceil(length / BLOCK), magic, upload, part, seedTag, base, key);
      out.set(memory.subarray(0, length), at);
    }
  };
}
