/**
 * The CRC-64/XZ inner loop as a small WebAssembly function: slicing-by-16 over 64-bit words. The same table
 * method as the JavaScript loop of crc64.ts, but WebAssembly has 64-bit integers (one table load per byte
 * instead of two 32-bit halves) and its memory reads need no bounds checks, so it runs about 1.5 times as fast
 * (2.1 against 1.4 GiB/s on the 2-core development machine, 64 KiB chunks). The reference server computes the
 * CRC-64 of every byte it receives and the client of every byte it sends, so this is a large share of their CPU.
 *
 * Why hand-assembled: the module is one function of about forty instructions; assembling it here from named
 * opcodes keeps it readable and reviewable and needs no compiler toolchain. The WebAssembly CRC-64s on npm were
 * no faster than the JavaScript loop: `hash-wasm`'s crc64 measured 1.29 GB/s (README, Benchmarks), and
 * `crc64-ecma182.js` passes its state as a decimal string on every call (crc64.ts). Module layout (one linear memory of 2 pages, little-endian as WebAssembly always is):
 *
 * | bytes            | holds                                                                  |
 * | ---------------- | ---------------------------------------------------------------------- |
 * | 0–7              | the CRC register, read at the start of a call and written at its end   |
 * | 1024–33791       | 16 tables × 256 × u64: `T[t][b]` = register after byte `b` then `t` zeros |
 * | 65536–131071     | the data window: a caller copies up to 64 KiB there per call            |
 *
 * `update(ptr, len)`: for each 16-byte block, `x0 = reg ^ u64(ptr)`, `x1 = u64(ptr + 8)`, and the new register
 * is the XOR of `T[15 - k][byte k]` over the block's 16 bytes; the last `len % 16` bytes go one at a time.
 */

import {
  ALIGN8,
  get,
  I32,
  I64,
  i32,
  i64,
  instantiate,
  OP,
  set,
  type KernelModule,
  uleb,
  whileNot,
} from './wasm-assembly.ts';

/** Bytes of the register, the tables, the data window (see the table above). */
const REGISTER_AT = 0;
const TABLES_AT = 1024;
const SLICES = 16;
/** Where a caller copies the bytes to hash, and how many fit. */
export const WINDOW_AT = 65536;
export const WINDOW_BYTES = 65536;
const PAGES = 2;

/** Locals of `update`: the two parameters, then the register, the loop's end, the block's two words. */
const PTR = 0;
const LEN = 1;
const REG = 2;
const END = 3;
const X0 = 4;

/** Pushes `T[table][byte k of word]`: the byte index scaled by 8 is `(word >> (8k - 3)) & 0x7f8`. */
function lookup(word: number, k: number, table: number): number[] {
  const scaled =
    k === 0
      ? [...get(word), OP.i32WrapI64, ...i32(3), OP.i32Shl, ...i32(0x7f8), OP.i32And]
      : [...get(word), ...i64(8 * k - 3), OP.i64ShrU, OP.i32WrapI64, ...i32(0x7f8), OP.i32And];
  return [...scaled, OP.i64Load, ALIGN8, ...uleb(TABLES_AT + table * 256 * 8)];
}

/** `reg = XOR of the 16 lookups of the block at ptr; ptr += 16`. */
function block16(): number[] {
  const code = [
    ...get(PTR),
    OP.i64Load,
    ALIGN8,
    0,
    ...get(REG),
    OP.i64Xor,
    ...set(X0),
    ...get(PTR),
    OP.i64Load,
    ALIGN8,
    8,
    ...set(X0 + 1),
  ];
  for (let k = 0; k < SLICES; k++) {
    code.push(...lookup(X0 + (k >> 3), k & 7, SLICES - 1 - k));
    if (k > 0) code.push(OP.i64Xor);
  }
  return [...code, ...set(REG), ...get(PTR), ...i32(SLICES), OP.i32Add, ...set(PTR)];
}

/** `reg = T[0][(reg ^ byte(ptr)) & 0xff] ^ (reg >> 8); ptr += 1`. */
function byte1(): number[] {
  return [
    ...get(REG),
    OP.i32WrapI64,
    ...get(PTR),
    OP.i32Load8U,
    0,
    0,
    OP.i32Xor,
    ...i32(0xff),
    OP.i32And,
    ...i32(3),
    OP.i32Shl,
    OP.i64Load,
    ALIGN8,
    ...uleb(TABLES_AT),
    ...get(REG),
    ...i64(8),
    OP.i64ShrU,
    OP.i64Xor,
    ...set(REG),
    ...get(PTR),
    ...i32(1),
    OP.i32Add,
    ...set(PTR),
  ];
}

/** `end = ptr + (len & mask); while (ptr < end) step` */
function loopTo(mask: number, step: number[]): number[] {
  return [
    ...get(PTR),
    ...get(LEN),
    ...i32(mask),
    OP.i32And,
    OP.i32Add,
    ...set(END),
    ...whileNot([...get(PTR), ...get(END), OP.i32GeU], step),
  ];
}

/** The kernel, `update(ptr, len)`; its locals after the parameters: the register, the loop's end, the block's two words. */
const KERNEL: KernelModule = {
  exportName: 'update',
  params: [I32, I32],
  locals: [
    [1, I64],
    [1, I32],
    [2, I64],
  ],
  body: [
    ...i32(REGISTER_AT),
    OP.i64Load,
    ALIGN8,
    0,
    ...set(REG),
    ...loopTo(-SLICES, block16()),
    ...loopTo(SLICES - 1, byte1()),
    ...i32(REGISTER_AT),
    ...get(REG),
    OP.i64Store,
    ALIGN8,
    0,
  ],
  pages: PAGES,
};

/** A CRC register as two signed 32-bit halves, as crc64.ts keeps it. */
export interface RegisterHalves {
  lo: number;
  hi: number;
}

/** Feeds `data` into `reg` (any length: copied through the window 64 KiB at a time). */
export type RegisterUpdate = (reg: RegisterHalves, data: Uint8Array) => void;

/**
 * Instantiates the kernel with the slicing tables of crc64.ts (`lo[t * 256 + b]`, `hi[...]`, at least 16
 * tables); undefined where WebAssembly is not available (`node --jitless`), so the caller keeps its own loop.
 */
export function createWasmUpdate(lo: Int32Array, hi: Int32Array): RegisterUpdate | undefined {
  const kernel = instantiate<(ptr: number, len: number) => void>(KERNEL);
  if (kernel === undefined) return undefined;
  const update = kernel.run;
  const view = new DataView(kernel.memory);
  const bytes = new Uint8Array(kernel.memory);
  for (let i = 0; i < 256 * SLICES; i++) {
    view.setInt32(TABLES_AT + i * 8, lo[i]!, true);
    view.setInt32(TABLES_AT + i * 8 + 4, hi[i]!, true);
  }
  return (reg, data) => {
    view.setInt32(REGISTER_AT, reg.lo, true);
    view.setInt32(REGISTER_AT + 4, reg.hi, true);
    for (let at = 0; at < data.length; at += WINDOW_BYTES) {
      const piece = data.subarray(at, at + WINDOW_BYTES);
      bytes.set(piece, WINDOW_AT);
      update(WINDOW_AT, piece.length);
    }
    reg.lo = view.getInt32(REGISTER_AT, true);
    reg.hi = view.getInt32(REGISTER_AT + 4, true);
  };
}
