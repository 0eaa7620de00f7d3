import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import {
  type BodySpec,
  BodySpecError,
  bodyBytes,
  bodySlice,
  CHUNK_SIZE,
  createPartBody,
  digestOf,
  locate,
  MIN_LOCATE_WINDOW,
  MIN_SIZE_WITH_SPECIAL_BYTES,
  seedTagOf,
} from '../../src/body/part-body.ts';

async function streamed(
  spec: BodySpec,
  options: { piece?: number } = {},
): Promise<{ bytes: Buffer; chunkSizes: number[] }> {
  const parts: Buffer[] = [];
  for await (const chunk of createPartBody(spec, options)) parts.push(chunk as Buffer);
  return { bytes: Buffer.concat(parts), chunkSizes: parts.map((p) => p.length) };
}

const SIZES = [
  0,
  1,
  2,
  3,
  4,
  27,
  63,
  64,
  65,
  127,
  128,
  1000,
  CHUNK_SIZE - 1,
  CHUNK_SIZE,
  CHUNK_SIZE + 1,
  3 * CHUNK_SIZE + 17,
];

const specArb = fc.record({
  seed: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
  size: fc.integer({ min: 0, max: 3 * CHUNK_SIZE + 100 }),
  stamp: fc.option(fc.record({ upload: fc.nat(), part: fc.integer({ min: 0, max: 10_001 }) }), {
    nil: undefined,
  }),
});

describe('createPartBody', () => {
  it.each(SIZES)('yields exactly %i bytes, in chunks of at most 64 KiB, equal to bodyBytes', async (size) => {
    const spec = { seed: 7, size, stamp: { upload: 3, part: 2 } };
    const { bytes, chunkSizes } = await streamed(spec);
    expect(bytes.length).toBe(size);
    expect(chunkSizes.every((n) => n > 0 && n <= CHUNK_SIZE)).toBe(true);
    expect(bytes.equals(bodyBytes(spec))).toBe(true);
  });

  it.each([
    ...SIZES,
    16 * CHUNK_SIZE,
    40 * CHUNK_SIZE + 5,
  ])('with a piece of 16 chunks yields the same %i bytes, in pieces of at most 16 chunks', async (size) => {
    const spec = { seed: 8, size, stamp: { upload: 4, part: 9 } };
    const { bytes, chunkSizes } = await streamed(spec, { piece: 16 * CHUNK_SIZE });
    expect(chunkSizes.every((n) => n > 0 && n <= 16 * CHUNK_SIZE)).toBe(true);
    expect(chunkSizes.slice(0, -1).every((n) => n === 16 * CHUNK_SIZE)).toBe(true);
    expect(bytes.equals(bodyBytes(spec))).toBe(true);
  });

  it('is deterministic and depends on seed, upload and part', () => {
    const base = { seed: 99, size: 4096, stamp: { upload: 1, part: 1 } };
    expect(bodyBytes(base).equals(bodyBytes({ ...base, stamp: { upload: 1, part: 1 } }))).toBe(true);
    const variants = [
      { ...base, seed: 100 },
      { ...base, seed: 99 + 2 ** 32 }, // same low 32 bits
      { ...base, stamp: { upload: 2, part: 1 } },
      { ...base, stamp: { upload: 1, part: 2 } },
      { seed: 99, size: 4096 },
    ];
    const digests = new Set(
      [base, ...variants].map((s) => createHash('md5').update(bodyBytes(s)).digest('hex')),
    );
    expect(digests.size).toBe(variants.length + 1);
  });

  it('holds 0x00, 0xFF and CRLF from 4 bytes on, and a prefix of them below', () => {
    expect(MIN_SIZE_WITH_SPECIAL_BYTES).toBe(4);
    for (const size of [4, 5, 64, 1000]) {
      const b = bodyBytes({ seed: size, size });
      expect(b.includes(0x00)).toBe(true);
      expect(b.includes(0xff)).toBe(true);
      expect(b.includes('\r\n')).toBe(true);
    }
    expect([...bodyBytes({ seed: 1, size: 3 })]).toEqual([0x00, 0xff, 0x0d]);
    expect([...bodyBytes({ seed: 1, size: 1 })]).toEqual([0x00]);
  });

  it('has the special bytes in every 64-byte block, not only at the start', () => {
    const b = bodyBytes({ seed: 5, size: 10 * 64, stamp: { upload: 1, part: 1 } });
    for (let block = 0; block < 10; block++) {
      expect([...b.subarray(block * 64, block * 64 + 4)]).toEqual([0x00, 0xff, 0x0d, 0x0a]);
    }
  });

  it('filler is not constant (PRNG bytes after each stamp)', () => {
    const b = bodyBytes({ seed: 5, size: 64 * 64 });
    const fillers = new Set<string>();
    for (let block = 0; block < 64; block++)
      fillers.add(b.subarray(block * 64 + 28, block * 64 + 64).toString('hex'));
    expect(fillers.size).toBe(64);
  });

  it('stays lazy on a 5 GiB body: reading a few chunks does not generate the rest', async () => {
    const stream = createPartBody({ seed: 1, size: 5 * 1024 ** 3, stamp: { upload: 1, part: 1 } });
    let seen = 0;
    for await (const chunk of stream) {
      seen += (chunk as Buffer).length;
      expect(stream.readableLength).toBeLessThanOrEqual(2 * CHUNK_SIZE);
      if (seen >= 8 * CHUNK_SIZE) break;
    }
    expect(seen).toBe(8 * CHUNK_SIZE);
    expect(stream.destroyed).toBe(true);
  });

  it('rejects invalid specs with code BODY_SPEC', () => {
    const bad: BodySpec[] = [
      { seed: 1.5, size: 1 },
      { seed: 1, size: -1 },
      { seed: 1, size: 2 ** 60 },
      { seed: 1, size: 1, stamp: { upload: -1, part: 1 } },
      { seed: 1, size: 1, stamp: { upload: 1, part: 2 ** 32 } },
    ];
    for (const spec of bad) {
      expect(() => createPartBody(spec)).toThrow(BodySpecError);
      expect(() => bodyBytes(spec)).toThrow(expect.objectContaining({ code: 'BODY_SPEC' }));
    }
  });
});

describe('bodySlice', () => {
  it('equals the same range of the whole body, without generating what precedes it', () => {
    fc.assert(
      fc.property(specArb, fc.nat(), fc.nat(), (spec, a, b) => {
        const whole = bodyBytes(spec);
        const start = a % (spec.size + 1);
        const end = start + (b % (spec.size - start + 1));
        expect(bodySlice(spec, start, end).equals(whole.subarray(start, end))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('clamps to the body', () => {
    expect(bodySlice({ seed: 1, size: 10 }, 5, 100).length).toBe(5);
    expect(bodySlice({ seed: 1, size: 10 }, 20, 30).length).toBe(0);
  });
});

describe('digestOf', () => {
  it('equals the MD5 and CRC-64 of the generated bytes', async () => {
    await fc.assert(
      fc.asyncProperty(specArb, async (spec) => {
        const bytes = bodyBytes(spec);
        const md5 = createHash('md5').update(bytes).digest();
        expect(await digestOf(spec)).toEqual({
          size: spec.size,
          md5Hex: md5.toString('hex'),
          md5Base64: md5.toString('base64'),
          crc64: crc64(bytes).toString(),
        });
      }),
      { numRuns: 20 },
    );
  });

  it('returns a fresh object each time (the memo cannot be corrupted by callers)', async () => {
    const spec = { seed: 3, size: 100 };
    const first = await digestOf(spec);
    first.md5Hex = 'tampered';
    expect((await digestOf(spec)).md5Hex).not.toBe('tampered');
  });

  it('rejects an invalid spec', async () => {
    await expect(digestOf({ seed: 1, size: -5 })).rejects.toBeInstanceOf(BodySpecError);
  });
});

describe('locate', () => {
  it('names the upload, part and offset of any byte from a window of ≥ 128 bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.nat(),
        fc.integer({ min: 1, max: 10_000 }),
        fc.nat(),
        fc.integer({ min: 128, max: 400 }),
        fc.nat(),
        (seed, upload, part, startSeed, windowSize, atSeed) => {
          const size = 3 * CHUNK_SIZE + 1000;
          const spec = { seed, size, stamp: { upload, part } };
          const start = startSeed % (size - windowSize);
          const window = bodySlice(spec, start, start + windowSize);
          const at = atSeed % windowSize;
          expect(locate(window, at)).toEqual({
            stamped: true,
            upload,
            part,
            seedTag: seedTagOf(seed),
            offset: start + at,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('says a plain body is not stamped', () => {
    const window = bodySlice({ seed: 4, size: 1000 }, 300, 300 + MIN_LOCATE_WINDOW);
    expect(locate(window)).toEqual({
      stamped: false,
      upload: 0,
      part: 0,
      seedTag: seedTagOf(4),
      offset: 300,
    });
  });

  it('finds nothing in zeros, random bytes or a stamp with one bit flipped', () => {
    expect(locate(new Uint8Array(1024))).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 128, maxLength: 512 }), (bytes) => {
        expect(locate(bytes)).toBeUndefined();
      }),
      { numRuns: 100 },
    );
    const block = bodySlice({ seed: 8, size: 64, stamp: { upload: 1, part: 1 } }, 0, 64);
    for (let byte = 0; byte < 28; byte++) {
      const broken = Buffer.from(block);
      broken[byte] ^= 0x10;
      expect(locate(broken)).toBeUndefined();
    }
  });

  it('works on a window taken across the boundary of two parts', () => {
    const a = { seed: 1, size: 1000, stamp: { upload: 9, part: 1 } };
    const b = { seed: 2, size: 1000, stamp: { upload: 9, part: 2 } };
    const joined = Buffer.concat([bodyBytes(a), bodyBytes(b)]);
    // Byte 1010 of the object is byte 10 of part 2; its own block starts at 1000 (part 2 offset 0).
    expect(locate(joined.subarray(900, 1200), 110)).toMatchObject({ part: 2, offset: 10 });
    // Byte 990 is in part 1's last (short) block, which starts at 960.
    expect(locate(joined.subarray(900, 1200), 90)).toMatchObject({ part: 1, offset: 990 });
  });
});
