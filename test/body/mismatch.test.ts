import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyBytes, describeMismatch, seedTagOf } from '../../src/body/part-body.ts';

const MiB = 1024 * 1024;
const part1 = { seed: 11, size: MiB, stamp: { upload: 3, part: 1 } };
const part2 = { seed: 12, size: MiB, stamp: { upload: 3, part: 2 } };
const part3 = { seed: 13, size: 1000, stamp: { upload: 3, part: 3 } };
const layout = [part1, part2, part3];
const good = (): Buffer => Buffer.concat(layout.map(bodyBytes));

describe('describeMismatch', () => {
  it('is undefined when the bytes are right, whole or in a window', () => {
    const object = good();
    expect(describeMismatch(layout, object)).toBeUndefined();
    expect(describeMismatch(layout, object.subarray(MiB - 100, MiB + 5000), MiB - 100)).toBeUndefined();
    expect(describeMismatch(part2, bodyBytes(part2))).toBeUndefined();
  });

  it('names the part whose bytes are where another part should be', () => {
    // The server stored part 1's bytes twice, in place of part 2.
    const object = Buffer.concat([bodyBytes(part1), bodyBytes(part1), bodyBytes(part3)]);
    const m = describeMismatch(layout, object);
    expect(m?.message).toBe(
      'byte 1048576: expected upload 3 part 2 offset 0, found upload 3 part 1 offset 0',
    );
    expect(m?.position).toBe(MiB);
    expect(m?.expected).toMatchObject({ upload: 3, part: 2, offset: 0 });
    expect(m?.found).toMatchObject({ upload: 3, part: 1, offset: 0 });
  });

  it('names the offset of bytes shifted within the object', () => {
    // 4096 bytes of part 1 were dropped: from byte 8192 on, everything comes from 4096 bytes later.
    const object = good();
    const shifted = Buffer.concat([object.subarray(0, 8192), object.subarray(8192 + 4096)]);
    const m = describeMismatch(layout, shifted);
    expect(m?.message).toBe(
      'byte 8192: expected upload 3 part 1 offset 8192, found upload 3 part 1 offset 12288',
    );
  });

  it('tells an older upload of the same part by its seed tag', () => {
    const stale = { ...part2, seed: 99 };
    const object = Buffer.concat([bodyBytes(part1), bodyBytes(stale), bodyBytes(part3)]);
    const m = describeMismatch(layout, object);
    expect(m?.found).toMatchObject({ upload: 3, part: 2, offset: 0, seedTag: seedTagOf(99) });
    expect(m?.message).toMatch(
      /^byte 1048576: expected upload 3 part 2 offset 0, found upload 3 part 2 offset 0 of another body/,
    );
  });

  it('says when bytes were altered in place (the stamps around are right)', () => {
    const object = good();
    object[MiB + 5000] ^= 0x40;
    const m = describeMismatch(layout, object);
    expect(m?.position).toBe(MiB + 5000);
    expect(m?.message).toMatch(
      /^byte 1053576: expected upload 3 part 2 offset 5000, found 0x.. instead of 0x..; .*altered in place/,
    );
  });

  it('says when the bytes carry no stamp (zeros)', () => {
    const object = good();
    object.fill(0, 2 * MiB, 2 * MiB + 500);
    const m = describeMismatch(layout, object);
    expect(m?.found).toBeUndefined();
    expect(m?.message).toMatch(/expected upload 3 part 3 offset \d+, found bytes that carry no stamp/);
  });

  it('reports bytes past the end of the expected body', () => {
    const extra = Buffer.concat([bodyBytes(part3), bodyBytes(part1).subarray(0, 200)]);
    const m = describeMismatch(part3, extra);
    expect(m?.position).toBe(1000);
    expect(m?.expected).toBeUndefined();
    expect(m?.message).toBe(
      'byte 1000: expected end of body, found extra bytes from upload 3 part 1 offset 0',
    );
  });

  it('handles a window that starts inside the object', () => {
    const object = Buffer.concat([bodyBytes(part1), bodyBytes(part1), bodyBytes(part3)]);
    const window = object.subarray(MiB - 300, MiB + 300);
    expect(describeMismatch(layout, window, MiB - 300)?.message).toBe(
      'byte 1048576: expected upload 3 part 2 offset 0, found upload 3 part 1 offset 0',
    );
  });

  it('always points at or before the first differing byte, never at a right byte past it', () => {
    const object = good();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: object.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (at, flip) => {
          const copy = Buffer.from(object);
          copy[at] ^= flip;
          const m = describeMismatch(layout, copy);
          expect(m).toBeDefined();
          expect(m!.position).toBeLessThanOrEqual(at);
          expect(at - m!.position).toBeLessThan(28);
        },
      ),
      { numRuns: 100 },
    );
  });
});
