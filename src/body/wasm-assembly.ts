/**
 * The few pieces of the WebAssembly binary format the body kernels (crc64-wasm.ts, generate-wasm.ts) are written
 * with: LEB128 numbers, named opcodes, a one-function module, and instantiation that says "none" where
 * WebAssembly is missing (`node --jitless`), so each caller keeps its JavaScript loop. Core spec, binary format
 * (https://webassembly.github.io/spec/core/binary/); no toolchain is needed to read or change the kernels.
 */

/** WebAssembly opcodes used by the kernels (core spec, binary format). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrU: 0x88,
  i32WrapI64: 0xa7,
  i64ExtendI32U: 0xad,
} as const;
/** Block type of a block or loop that leaves nothing on the stack. */
export const VOID = 0x40;
/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
/** Alignment hints of memory accesses (log2 of the byte alignment). */
export const ALIGN4 = 2;
export const ALIGN8 = 3;
/** Bytes in one page of linear memory. */
export const PAGE_BYTES = 65536;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 (of a 32-bit integer; the kernels' i64 constants fit in 32 bits too). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

export const get = (local: number): number[] => [OP.localGet, local];
export const set = (local: number): number[] => [OP.localSet, local];
export const tee = (local: number): number[] => [OP.localTee, local];
export const i32 = (n: number): number[] => [OP.i32Const, ...sleb(n)];
export const i64 = (n: number): number[] => [OP.i64Const, ...sleb(n)];

/** `block { loop { if (cond) break; ...step; continue } }`: `cond` pushes an i32, non-zero ends the loop. */
export function whileNot(cond: number[], step: number[]): number[] {
  return [OP.block, VOID, OP.loop, VOID, ...cond, OP.brIf, 1, ...step, OP.br, 0, OP.end, OP.end];
}

/** A module of one function, exported as `exportName`, and one exported linear memory `memory`. */
export interface KernelModule {
  exportName: string;
  /** Parameter types (the function returns nothing). */
  params: number[];
  /** Further locals, as runs of [count, type]. */
  locals: Array<[number, number]>;
  /** The function's instructions, without the final `end`. */
  body: number[];
  /** Pages of linear memory (no maximum: it never grows). */
  pages: number;
}

/** The binary module of {@link KernelModule}. */
export function assemble(kernel: KernelModule): Uint8Array {
  const func = [...vec(kernel.locals.map(([count, type]) => [...uleb(count), type])), ...kernel.body, OP.end];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(kernel.params.map((t) => [t])), 0]])), // type 0: (params) -> ()
    ...section(3, vec([[0]])), // function 0 has type 0
    ...section(5, vec([[0, ...uleb(kernel.pages)]])), // one memory, no maximum
    ...section(
      7,
      vec([
        [...name(kernel.exportName), 0, 0],
        [...name('memory'), 2, 0],
      ]),
    ), // exports
    ...section(10, vec([[...uleb(func.length), ...func]])), // code
  ]);
}

/** What this file uses of the `WebAssembly` global (the Node 20 type definitions do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** An instantiated kernel: its function and its memory. */
export interface Kernel<F> {
  run: F;
  memory: ArrayBuffer;
}

/** Instantiates {@link assemble}'s module; undefined where WebAssembly is not available (`node --jitless`). */
export function instantiate<F>(kernel: KernelModule): Kernel<F> | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  const { exports } = new wasm.Instance(new wasm.Module(assemble(kernel)));
  return { run: exports[kernel.exportName] as F, memory: (exports.memory as { buffer: ArrayBuffer }).buffer };
}
