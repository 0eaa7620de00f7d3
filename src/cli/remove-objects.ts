/**
 * The object half of the harness's cleanup guarantee (README "Cleanup guarantees"): delete every object under a
 * harness prefix. `run` calls it for its own prefix after the suite (what a test's teardown missed: a stopped
 * worker, a Complete that succeeded as the run was interrupted); `sweep` for the whole harness prefix.
 */
import type { CosClient } from '../client/cos-client.ts';

export interface ObjectSweepResult {
  /** Objects listed under the prefix. */
  found: number;
  deleted: number;
  /** Objects whose delete failed (left for `sweep` later). */
  failed: Array<{ key: string; why: string }>;
  /** The listing itself failed, so nothing is known. */
  listError?: string;
}

/** Pages listed at most (1000 keys each): a bound, not a limit a run should reach. */
const MAX_PAGES = 50;

/** Deletes (or, with `dryRun`, counts) the objects whose key starts with `prefix`; never throws for an answer. */
export async function deleteObjectsUnder(
  client: CosClient,
  prefix: string,
  dryRun = false,
): Promise<ObjectSweepResult> {
  const out: ObjectSweepResult = { found: 0, deleted: 0, failed: [] };
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await client.listObjects({ prefix, ...(marker !== undefined ? { marker } : {}) });
    if (!listed.data) {
      out.listError =
        listed.transportError?.code ??
        listed.protocolError?.code ??
        `${listed.status ?? '?'}${listed.error?.code ? ` ${listed.error.code}` : ''}`;
      return out;
    }
    const keys = listed.data.keys.filter((k) => k.startsWith(prefix));
    out.found += keys.length;
    if (!dryRun) {
      for (const key of keys) {
        const res = await client.deleteObject(key);
        const status = res.status ?? 0;
        // 404: gone meanwhile; nothing is left.
        if ((status >= 200 && status < 300) || status === 404) out.deleted += 1;
        else out.failed.push({ key, why: res.transportError?.code ?? String(status) });
      }
    }
    const next = listed.data.nextMarker ?? listed.data.keys.at(-1);
    if (!listed.data.isTruncated || next === undefined || next === marker) return out;
    marker = next;
  }
  return out;
}
