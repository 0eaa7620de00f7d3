/**
 * Sharding a selection of checks (the vitest pattern itself comes from `testNamePatternFor` in
 * src/checks/select.ts). Sharding is by check id, not by spec file as vitest's own `--shard` does: ids are
 * many and stable, so shards are balanced (sizes differ by at most one) and, for a given selection, a check
 * lands in the same shard on every run, host and vendor.
 */
import { createHash } from 'node:crypto';

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * The ids of shard `index` (1-based) of `count`: ids ordered by a stable hash, then dealt round-robin. Every id
 * is in exactly one shard; the shards of one selection partition it.
 */
export function partitionIds(ids: readonly string[], index: number, count: number): string[] {
  const unique = [...new Set(ids)];
  const order = unique
    .map((id) => ({ id, h: hashOf(id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : 1))
    .map((x) => x.id);
  const mine = new Set(order.filter((_, i) => (i % count) + 1 === index));
  return unique.filter((id) => mine.has(id));
}
