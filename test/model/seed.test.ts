import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deriveSeed, newRunSeed, subSeed } from '../../src/model/seed.ts';

describe('deriveSeed', () => {
  test('is stable across runs, hosts and versions (known values)', () => {
    expect(deriveSeed(12345, 'overwrite.upload-part.last-wins')).toBe(742788748);
    expect(deriveSeed(0, 'a')).toBe(-1644968454);
    expect(subSeed(1, 'x')).toBe(3475694106);
  });

  test('a renamed check keeps its inputs: its seed is derived from the id it had first', () => {
    // 742788748 is the value of the old id, from before the rename to <family>.<operation>.<case>.
    expect(deriveSeed(12345, 'upload-part.overwrite.last-wins')).toBe(742788748);
    expect(deriveSeed(12345, 'overwrite.upload-part.last-wins')).toBe(742788748);
    // a check never renamed hashes its own id
    expect(deriveSeed(12345, 'sse.complete.echo')).not.toBe(deriveSeed(12345, 'sse.upload-part.echo'));
  });

  test('depends on both the run seed and the test id, and is a 32-bit integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string({ minLength: 1 }), (run, id) => {
        const s = deriveSeed(run, id);
        expect(Number.isInteger(s) && s >= -(2 ** 31) && s < 2 ** 31).toBe(true);
        expect(deriveSeed(run, id)).toBe(s);
      }),
    );
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(2, 'a'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
  });

  test('run seeds are non-negative 31-bit integers', () => {
    for (let i = 0; i < 50; i++) {
      const s = newRunSeed();
      expect(s >= 0 && s < 2 ** 31 && Number.isInteger(s)).toBe(true);
    }
  });
});
