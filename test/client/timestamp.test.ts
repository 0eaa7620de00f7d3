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

  it('follows the real clock', () => {
    const before = Date.now();
    const stamp = Date.parse(isoNow());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
