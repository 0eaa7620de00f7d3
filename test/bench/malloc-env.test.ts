/**
 * The bench's allocator setting: applied to the servers when unset, a user's value (even empty) kept; the clients
 * run with glibc's defaults unless the user set a value, which they then get too.
 */
import { describe, expect, it } from 'vitest';
import {
  applyMallocTunables,
  BENCH_GLIBC_TUNABLES,
  clientEnv,
  clientTunables,
} from '../../scripts/bench/malloc-env.ts';
import { SEND_PIECE } from '../../src/client/part-body-input.ts';

describe('applyMallocTunables', () => {
  it('sets the bench value where none is set, for the servers to inherit; the clients get none', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/bin' };
    expect(applyMallocTunables(env)).toBe(BENCH_GLIBC_TUNABLES);
    expect(env.GLIBC_TUNABLES).toBe(BENCH_GLIBC_TUNABLES);
    expect(clientTunables()).toBeUndefined();
    expect(clientEnv(env)).toEqual({ PATH: '/bin' });
  });

  it("keeps the user's value, and an empty one (to measure without), for servers and clients alike", () => {
    const env: NodeJS.ProcessEnv = { GLIBC_TUNABLES: 'glibc.malloc.arena_max=1' };
    expect(applyMallocTunables(env)).toBe('glibc.malloc.arena_max=1');
    expect(clientTunables()).toBe('glibc.malloc.arena_max=1');
    expect(clientEnv(env).GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=1');
    const empty: NodeJS.ProcessEnv = { GLIBC_TUNABLES: '' };
    expect(applyMallocTunables(empty)).toBe('');
    expect(clientEnv(empty)).toEqual({ GLIBC_TUNABLES: '' });
  });
});

describe('BENCH_GLIBC_TUNABLES', () => {
  it('fixes the mmap threshold at the ceiling glibc raises it to (a fixed threshold is not raised), above any big buffer', () => {
    const mmap = /glibc\.malloc\.mmap_threshold=(\d+)/.exec(BENCH_GLIBC_TUNABLES)?.[1];
    expect(Number(mmap)).toBe(32 * 1024 * 1024);
    expect(Number(mmap)).toBeGreaterThan(SEND_PIECE);
  });
});
