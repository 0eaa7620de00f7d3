/**
 * The WebAssembly generator (generate-wasm.ts) makes exactly the bytes of the JavaScript loop `fillChunk`, and
 * both keep the digests of bodies generated before the kernel existed; where WebAssembly is missing the
 * JavaScript loop takes over with the same bytes.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BodySpec,
  CHUNK_SIZE,
  fillChunk,
  fillChunks,
  fillChunksJs,
  GENERATOR,
  type PreparedBody,
  prepareBody,
} from '../../src/body/generate.ts';
import { createWasmFill } from '../../src/body/generate-wasm.ts';
import { createPartBody, digestOf } from '../../src/body/part-body.ts';
import { PROJECT_ROOT } from '../../src/runner/run-suite.ts';

const run = promisify(execFile);
const MiB = 1024 * 1024;

/**
 * MD5 and CRC-64 of bodies as the JavaScript generator made them before the WebAssembly one was written
 * (computed with `digestOf` at commit 27098a7): plain and stamped, empty, shorter than a block, ending inside a
 * block, one chunk, several chunks, a 1 MiB send piece and a bit more, extreme seeds and stamps.
 */
const PINNED: Array<{ spec: BodySpec; md5Hex: string; crc64: string }> = [
  { spec: { seed: 0, size: 0 }, md5Hex: 'd41d8cd98f00b204e9800998ecf8427e', crc64: '0' },
  { spec: { seed: 1, size: 3 }, md5Hex: '1f46b321d4f9cd43743183daaa14d155', crc64: '9864214766724187042' },
  { spec: { seed: 7, size: 1000 }, md5Hex: 'cdec8443493a693c60da8c1b5ad4cb85', crc64: '5593911488534152760' },
  {
    spec: { seed: 7, size: 65536, stamp: { upload: 1, part: 1 } },
    md5Hex: '9fa035e1dd2cd6f983707b3c84e68b3b',
    crc64: '6281367292611230571',
  },
  {
    spec: { seed: -123456789012, size: 3 * 65536 + 17, stamp: { upload: 4294967295, part: 10000 } },
    md5Hex: '837ae3f76e720b70aa4fc2f288a4054d',
    crc64: '8324420940601604300',
  },
  {
    spec: { seed: 2 ** 40 + 5, size: MiB + 64, stamp: { upload: 3, part: 2 } },
    md5Hex: '7a3af0b294c1e06f5ad4195eba791e75',
    crc64: '18187267538927388643',
  },
  {
    spec: { seed: 3, size: 16 * MiB + 1 },
    md5Hex: 'd7ab57a47b7addf2d4922b81c266ae1d',
    crc64: '10654132493835256976',
  },
];

/** The definition: chunk after chunk through `fillChunk`, in a buffer with room for whole blocks. */
function oracle(body: PreparedBody, firstChunk: number, length: number): Buffer {
  const out = Buffer.alloc(Math.ceil(length / 64) * 64);
  for (let at = 0, chunk = firstChunk; at < length; at += CHUNK_SIZE, chunk++) {
    const blocks = Math.ceil(Math.min(CHUNK_SIZE, length - at) / 64);
    fillChunk(body, chunk, new Int32Array(out.buffer, out.byteOffset + at, blocks * 16), blocks);
  }
  return out.subarray(0, length);
}

/** `length` bytes at byte offset `shift` of a buffer pre-filled with `fill`, and the bytes around them. */
function target(length: number, shift: number, fill: number): { out: Uint8Array; backing: Buffer } {
  const backing = Buffer.alloc(length + shift + 300, fill);
  return { out: backing.subarray(shift, shift + length), backing };
}

const specArb = fc.record({
  seed: fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 52), max: 2 ** 52 })),
  // The last chunk of the largest body is chunk 2^22 - 1 (block index 2^32 - 1).
  firstChunk: fc.oneof(fc.nat(40), fc.integer({ min: 0, max: 2 ** 22 - 4 })),
  length: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 3 * CHUNK_SIZE + 200 })),
  stamp: fc.option(fc.record({ upload: fc.nat({ max: 0xffffffff }), part: fc.nat({ max: 0xffffffff }) }), {
    nil: undefined,
  }),
  shift: fc.nat(7),
});

describe('the WebAssembly generator', () => {
  it('is the one in use here (else the tests below would not exercise it through fillChunks)', () => {
    expect(GENERATOR).toBe('webassembly');
  });

  it('writes the bytes of the JavaScript loop, and nothing outside its target, for any body, chunk, length and alignment', () => {
    const windowed = createWasmFill(CHUNK_SIZE, 2 * CHUNK_SIZE);
    expect(windowed).toBeDefined();
    fc.assert(
      fc.property(specArb, ({ seed, firstChunk, length, stamp, shift }) => {
        const body = prepareBody({ seed, size: (firstChunk + 4) * CHUNK_SIZE, stamp });
        const expected = oracle(body, firstChunk, length);
        for (const fill of [fillChunks, fillChunksJs, windowed!]) {
          const { out, backing } = target(length, shift, 0xa5);
          fill(body, firstChunk, out);
          expect(Buffer.from(out).equals(expected)).toBe(true);
          // The bytes before and after the target are untouched (the kernel's rounding stays in its own memory).
          expect(backing.subarray(0, shift).every((b) => b === 0xa5)).toBe(true);
          expect(backing.subarray(shift + length).every((b) => b === 0xa5)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reseeds at every chunk boundary inside one call (a window of several chunks)', () => {
    const body = prepareBody({ seed: 11, size: 8 * CHUNK_SIZE, stamp: { upload: 2, part: 5 } });
    const out = new Uint8Array(5 * CHUNK_SIZE + 100);
    createWasmFill(CHUNK_SIZE, 4 * CHUNK_SIZE)!(body, 2, out);
    expect(Buffer.from(out).equals(oracle(body, 2, out.length))).toBe(true);
    // And the chunks differ from one another (a filler not reseeded, or seeded from the wrong index, would show).
    const chunk = (i: number): Buffer => Buffer.from(out.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
    expect(chunk(0).equals(oracle(body, 3, CHUNK_SIZE))).toBe(false);
    expect(chunk(1).equals(oracle(body, 3, CHUNK_SIZE))).toBe(true);
  });
});

describe('generated bodies keep their digests', () => {
  it.each(PINNED)('$spec.size bytes, seed $spec.seed: digestOf', async ({ spec, md5Hex, crc64 }) => {
    const digest = await digestOf(spec);
    expect({ md5Hex: digest.md5Hex, crc64: digest.crc64 }).toEqual({ md5Hex, crc64 });
  });

  it.each(PINNED)('$spec.size bytes, seed $spec.seed: streamed in 1 MiB pieces', async ({ spec, md5Hex }) => {
    const md5 = createHash('md5');
    for await (const piece of createPartBody(spec, { piece: MiB })) md5.update(piece as Buffer);
    expect(md5.digest('hex')).toBe(md5Hex);
  });
});

describe('without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to the JavaScript loop, with the same digests', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const generate = await import('../../src/body/generate.ts');
    const partBody = await import('../../src/body/part-body.ts');
    expect(generate.GENERATOR).toBe('javascript');
    for (const { spec, md5Hex, crc64 } of PINNED) {
      const digest = await partBody.digestOf(spec);
      expect({ md5Hex: digest.md5Hex, crc64: digest.crc64 }).toEqual({ md5Hex, crc64 });
      const md5 = createHash('md5');
      for await (const piece of partBody.createPartBody(spec, { piece: MiB })) md5.update(piece as Buffer);
      expect(md5.digest('hex')).toBe(md5Hex);
    }
  });

  it('under `node --jitless` (no WebAssembly at all) generates the same bytes', {
    timeout: 60_000,
  }, async () => {
    const script = [
      "const g = await import('./src/body/generate.ts');",
      "const p = await import('./src/body/part-body.ts');",
      `const specs = ${JSON.stringify(PINNED.map((p) => p.spec))};`,
      'const digests = [];',
      'for (const spec of specs) digests.push((await p.digestOf(spec)).md5Hex);',
      'console.log(JSON.stringify({ generator: g.GENERATOR, wasm: typeof WebAssembly, digests }));',
    ].join('\n');
    const { stdout } = await run(
      process.execPath,
      ['--jitless', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: PROJECT_ROOT },
    );
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      generator: 'javascript',
      wasm: 'undefined',
      digests: PINNED.map((p) => p.md5Hex),
    });
  });
});
