/**
 * glibc's allocator settings for every process the bench starts. On this kind of VM a page fault is expensive,
 * and glibc hands freed memory back to the kernel as soon as the top of its heap is 128 KiB free: Node's HTTP
 * parser allocates a fresh buffer for each socket read of a big part, V8 frees them in bulk, and the server
 * faults them back in (10,000–64,000 faults per GiB, moving its CPU by a second from run to run). A 128 MiB trim
 * threshold keeps that memory (about 15 MB more RSS) and the figures steady.
 *
 * Setting any threshold turns off glibc's dynamic mmap threshold (mallopt(3)), which would otherwise rise past the
 * client's 1 MiB send pieces after the first is freed; left at its 128 KiB start, every piece is a fresh mmap and
 * the harness client's CPU per GiB went from 2.3–2.7 s to 6.8–7.1 s. So the mmap threshold is set to 32 MiB, the
 * ceiling the dynamic threshold reaches on 64-bit glibc. Every server and client process the bench starts gets the
 * same setting, so no side of a ratio is favoured; a value the user set (even empty, to measure without it) is
 * kept.
 */
export const BENCH_GLIBC_TUNABLES =
  'glibc.malloc.trim_threshold=134217728:glibc.malloc.mmap_threshold=33554432';

/** Sets `GLIBC_TUNABLES` in `env` (inherited by child processes) unless it is set; returns the value in effect. */
export function applyMallocTunables(env: NodeJS.ProcessEnv = process.env): string {
  env.GLIBC_TUNABLES ??= BENCH_GLIBC_TUNABLES;
  return env.GLIBC_TUNABLES;
}
