import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoNow } from '../../src/client/timestamp.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('isoNow', () => {
  it('is new Date().toISOString() of the current millisecond, also when the clock moves back', () => {
    vi.useFakeTimers();
    for (const ms of [Date.UTC(2026, 0, 2, 3, 4, 5, 6), Date.UTC(2026, 0, 2, 3, 4, 5, 7), 0, 1]) {
      vi.setSystemTime(ms);
      expect(isoNow()).toBe(new Date(ms).toISOString());
      expect(isoNow()).toBe(new Date(ms).toISOString());
    }
  });

  it('is new Date().toISOString() across second, day and year boundaries, before 1970 and after 9999', () => {
    vi.useFakeTimers();
    const starts = [
      Date.UTC(2026, 11, 31, 23, 59, 59, 990),
      Date.UTC(2026, 5, 1, 12, 0, 0, 0) - 5,
      -1_500,
      Date.UTC(9999, 11, 31, 23, 59, 59, 995),
    ];
    for (const start of starts) {
      for (let ms = start; ms < start + 25; ms++) {
        vi.setSystemTime(ms);
        expect(isoNow()).toBe(new Date(ms).toISOString());
      }
    }
    // Back to a second seen before, and to an earlier millisecond of the current second.
    for (const ms of [Date.UTC(2026, 11, 31, 23, 59, 59, 995), Date.UTC(2026, 11, 31, 23, 59, 59, 991)]) {
      vi.setSystemTime(ms);
      expect(isoNow()).toBe(new Date(ms).toISOString());
    }
  });

  it('follows the real clock', () => {
    const before = Date.now();
    const stamp = Date.parse(isoNow());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
