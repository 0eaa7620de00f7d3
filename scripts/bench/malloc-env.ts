/**
 * glibc's allocator settings for the servers the bench starts. On this kind of VM a page fault is expensive, and
 * glibc hands freed memory back to the kernel as soon as the top of its heap is 128 KiB free: Node's HTTP parser
 * allocates a fresh buffer for each socket read of a big part, V8 frees them in bulk, and the server faults them
 * back in (10,000–64,000 faults per GiB, moving its CPU by a second from run to run). A 128 MiB trim threshold
 * keeps that memory (about 15 MB more RSS) and the figures steady.
 *
 * Setting any threshold turns off glibc's dynamic mmap threshold (mallopt(3)), which would otherwise rise past a
 * process's large buffers after the first is freed; left at its 128 KiB start, each such buffer is a fresh mmap
 * (the harness client's CPU per GiB went from 2.3–2.7 s to 6.8–7.1 s when it ran so). So the mmap threshold is set
 * to 32 MiB, the ceiling the dynamic threshold reaches on 64-bit glibc.
 *
 * Every server gets the setting (the reference server, s3rver, Ceph RGW alike). The clients (the harness, the
 * bare undici loop, the SDKs) run with glibc's defaults, as a user runs them: the harness's peak RSS is a target,
 * and the trim threshold would add the memory it keeps (about 20 MB on a 1 GiB part) to a figure no user sees.
 * A value the user set (even empty, to measure without) is kept, for servers and clients alike.
 */
export const BENCH_GLIBC_TUNABLES =
  'glibc.malloc.trim_threshold=134217728:glibc.malloc.mmap_threshold=33554432';

/** `GLIBC_TUNABLES` as the user started the bench (undefined: not set), once {@link applyMallocTunables} ran. */
let userTunables: string | undefined;

/**
 * Sets `GLIBC_TUNABLES` in `env` (inherited by the servers the bench starts) unless it is set; returns the value
 * the servers get.
 */
export function applyMallocTunables(env: NodeJS.ProcessEnv = process.env): string {
  userTunables = env.GLIBC_TUNABLES;
  env.GLIBC_TUNABLES ??= BENCH_GLIBC_TUNABLES;
  return env.GLIBC_TUNABLES;
}

/** The `GLIBC_TUNABLES` a client process gets: the user's value, or none (glibc's defaults). */
export function clientTunables(): string | undefined {
  return userTunables;
}

/** The environment of a client process: `env` with the user's `GLIBC_TUNABLES` only (see the module comment). */
export function clientEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { GLIBC_TUNABLES: _serverValue, ...rest } = env;
  return userTunables === undefined ? rest : { ...rest, GLIBC_TUNABLES: userTunables };
}
