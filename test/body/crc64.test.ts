import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Crc64,
  Crc64ArgumentError,
  crc64,
  crc64Combine,
  updateRegisterJs,
  WASM_MIN_BYTES,
} from '../../src/body/crc64.ts';
import { WINDOW_BYTES } from '../../src/body/crc64-wasm.ts';
import { naiveCrc64 } from './crc64-reference.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const MiB = 1024 * 1024;

/** Test values of spec §5.3 (decimal, as COS prints them). */
const SPEC_VALUES: Array<[string, Uint8Array, string]> = [
  ['""', new Uint8Array(0), '0'],
  ['"123456789"', text('123456789'), '11051210869376104954'],
  ['"hello"', text('hello'), '11177612005948864433'],
  ['"hello world"', text('hello world'), '5981764153023615706'],
  ['1 MiB of a', new Uint8Array(MiB).fill(0x61), '6701094182323390671'],
  [
    '1 MiB of a + "hello"',
    Buffer.concat([new Uint8Array(MiB).fill(0x61), text('hello')]),
    '2346259260961131276',
  ],
];

/** Splits `data` at the given cut points (sorted, deduplicated, clamped). */
function chunked(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    out.push(data.subarray(from, p));
    from = p;
  }
  return out;
}

describe('crc64 (CRC-64/XZ, spec §5.3)', () => {
  it.each(SPEC_VALUES)('%s → %s', (_name, data, expected) => {
    expect(crc64(data).toString()).toBe(expected);
    expect(new Crc64().update(data).toDecimal()).toBe(expected);
  });

  it('the naive reference agrees with the spec check value', () => {
    expect(naiveCrc64(text('123456789'))).toBe(11051210869376104954n);
  });

  it('streams: the 1 MiB + "hello" value from two updates, and digest does not end the stream', () => {
    const crc = new Crc64().update(new Uint8Array(MiB).fill(0x61));
    expect(crc.toDecimal()).toBe('6701094182323390671');
    expect(crc.update(text('hello')).toDecimal()).toBe('2346259260961131276');
    expect(crc.length).toBe(MiB + 5);
  });

  it('matches the bitwise reference on random buffers, any chunking and any alignment', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.nat(7),
        (data, cuts, shift) => {
          // Copy at an odd byte offset so the aligned and unaligned paths are both exercised.
          const backing = new Uint8Array(data.length + shift);
          backing.set(data, shift);
          const view = backing.subarray(shift);
          const crc = new Crc64();
          for (const piece of chunked(view, cuts)) crc.update(piece);
          expect(crc.digest()).toBe(naiveCrc64(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the WebAssembly loop (long chunks) and the JavaScript loop agree on big, unaligned, window-crossing chunks', () => {
    // Else the loop under test would not run at all.
    expect(typeof (globalThis as { WebAssembly?: unknown }).WebAssembly).toBe('object');
    fc.assert(
      fc.property(
        fc.integer({ min: WASM_MIN_BYTES, max: 2 * WINDOW_BYTES + 40 }),
        fc.integer(),
        fc.nat(15),
        (size, seed, shift) => {
          const backing = new Uint8Array(size + shift);
          let x = seed | 1;
          for (let i = 0; i < backing.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            backing[i] = x & 0xff;
          }
          const data = backing.subarray(shift);
          const js = { lo: -1, hi: -1 };
          updateRegisterJs(js, data);
          const expected = (BigInt(~js.hi >>> 0) << 32n) | BigInt(~js.lo >>> 0);
          expect(new Crc64().update(data).digest()).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
    // And the WebAssembly loop against the bitwise reference, from a register that is not the initial one.
    const data = Uint8Array.from({ length: WINDOW_BYTES + 77 }, (_, i) => (i * 131 + 7) & 0xff);
    const head = text('a register that is not all ones');
    expect(new Crc64().update(head).update(data).digest()).toBe(naiveCrc64(Buffer.concat([head, data])));
  });

  it('is a 64-bit value: high bits set as well as low bits', () => {
    const values = Array.from({ length: 32 }, (_, i) => crc64(Uint8Array.of(i, i * 7, 255 - i)));
    expect(values.some((v) => v >= 1n << 63n)).toBe(true);
    expect(values.every((v) => v >= 0n && v < 1n << 64n)).toBe(true);
  });
});

describe('crc64Combine', () => {
  it('combine(crc(a), crc(b), len b) == crc(a + b)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(crc64(Buffer.concat([a, b])));
      }),
      { numRuns: 200 },
    );
  });

  it('derives the spec §5.3 whole value from 1 MiB of a and "hello"', () => {
    const a = crc64(new Uint8Array(MiB).fill(0x61));
    expect(crc64Combine(a, crc64(text('hello')), 5).toString()).toBe('2346259260961131276');
  });

  it('folds many parts in order, like a whole-object CRC from part CRCs', () => {
    const parts = [text('part one, '), new Uint8Array(4099).fill(7), text(''), text('the end')];
    const whole = parts.slice(1).reduce((acc, p) => crc64Combine(acc, crc64(p), p.length), crc64(parts[0]));
    expect(whole).toBe(crc64(Buffer.concat(parts)));
  });

  it('handles lengths beyond 2^32 (no 32-bit arithmetic on the length)', () => {
    // Z(n) = CRC of n zero bytes, built by doubling: Z(2n) = combine(Z(n), Z(n), n).
    const zeros: bigint[] = [crc64(new Uint8Array(1))]; // zeros[k] = Z(2^k)
    for (let k = 1; k <= 33; k++) zeros.push(crc64Combine(zeros[k - 1], zeros[k - 1], 2 ** (k - 1)));
    expect(zeros[20]).toBe(crc64(new Uint8Array(MiB)));
    // Zero strings commute: Z(2^33) + Z(5) and Z(5) + Z(2^33) are both Z(2^33 + 5).
    const z5 = crc64(new Uint8Array(5));
    expect(crc64Combine(zeros[33], z5, 5)).toBe(crc64Combine(z5, zeros[33], 2 ** 33));
    expect(crc64Combine(zeros[32], z5, 5)).toBe(crc64Combine(z5, zeros[32], 2 ** 32));
  });

  it('rejects bad arguments with a stable code', () => {
    expect(() => crc64Combine(0n, 0n, -1)).toThrow(Crc64ArgumentError);
    expect(() => crc64Combine(-1n, 0n, 1)).toThrow(expect.objectContaining({ code: 'CRC64_ARGUMENT' }));
    expect(() => crc64Combine(1n << 64n, 0n, 1)).toThrow(Crc64ArgumentError);
  });
});
