/** The bench's allocator setting: applied when unset, a user's value (even empty) kept. */
import { describe, expect, it } from 'vitest';
import { applyMallocTunables, BENCH_GLIBC_TUNABLES } from '../../scripts/bench/malloc-env.ts';
import { SEND_PIECE } from '../../src/client/part-body-input.ts';

describe('applyMallocTunables', () => {
  it('sets the bench value where none is set, for child processes to inherit', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(applyMallocTunables(env)).toBe(BENCH_GLIBC_TUNABLES);
    expect(env.GLIBC_TUNABLES).toBe(BENCH_GLIBC_TUNABLES);
  });

  it("keeps the user's value, and an empty one (to measure without)", () => {
    expect(applyMallocTunables({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' })).toBe(
      'glibc.malloc.arena_max=1',
    );
    expect(applyMallocTunables({ GLIBC_TUNABLES: '' })).toBe('');
  });
});

describe('BENCH_GLIBC_TUNABLES', () => {
  it("keeps the client's send pieces below the mmap threshold (a fixed threshold is not raised by glibc)", () => {
    const mmap = /glibc\.malloc\.mmap_threshold=(\d+)/.exec(BENCH_GLIBC_TUNABLES)?.[1];
    expect(mmap).toBeDefined();
    expect(Number(mmap)).toBeGreaterThan(SEND_PIECE);
  });
});
