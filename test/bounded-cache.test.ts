/**
 * The bounded cache behind the signing, addressing and redaction memos: it never holds more than its limit, a hit
 * is the value last set for that key, and it forgets only when a new key arrives at the limit.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BoundedCache } from '../src/bounded-cache.ts';

describe('BoundedCache', () => {
  test('holds at most its limit and answers as a map that empties when a new key meets a full cache', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 }), fc.option(fc.integer())), {
          maxLength: 80,
        }),
        (limit, steps) => {
          const cache = new BoundedCache<number, number | null>(limit);
          const model = new Map<number, number | null>();
          for (const [isSet, key, value] of steps) {
            if (isSet) {
              if (model.size >= limit && !model.has(key)) model.clear();
              model.set(key, value);
              cache.set(key, value);
            }
            expect(cache.get(key)).toBe(model.get(key));
            expect(cache.has(key)).toBe(model.has(key));
            expect(cache.size).toBe(model.size);
            expect(cache.size).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });

  test('setting a key it holds never empties a full cache; a new key does', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([3, 2, 2]);
    cache.set('c', 4);
    expect([cache.has('a'), cache.has('b'), cache.get('c'), cache.size]).toEqual([false, false, 4, 1]);
  });

  test('remembers an undefined value as known', () => {
    const cache = new BoundedCache<string, string | undefined>(4);
    cache.set('path-style', undefined);
    expect(cache.has('path-style')).toBe(true);
    expect(cache.has('other')).toBe(false);
  });
});
