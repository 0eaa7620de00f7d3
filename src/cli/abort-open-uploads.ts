/**
 * The safety net of a run on a real account (docs/architecture.md "Safety on a real account"): after the suite, abort every multipart upload
 * still open under the run's key prefix. The suite aborts its own uploads in `finally`; this catches what a
 * crash, a killed worker or Ctrl-C left behind.
 */
import type { CosClient } from '../client/cos-client.ts';

export interface SweepResult {
  /** Uploads found open under the prefix. */
  found: number;
  aborted: number;
  /** Uploads whose abort failed (left for `sweep` later). */
  failed: Array<{ key: string; uploadId: string; why: string }>;
  /** The listing itself failed, so nothing is known. */
  listError?: string;
}

/** Pages listed at most (1000 uploads each): a bound, not a limit a run should reach. */
const MAX_PAGES = 50;

export async function abortOpenUploads(
  client: CosClient,
  prefix: string,
  signal?: AbortSignal,
  dryRun = false,
): Promise<SweepResult> {
  const out: SweepResult = { found: 0, aborted: 0, failed: [] };
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await client.listMultipartUploads({
      prefix,
      ...(keyMarker !== undefined ? { keyMarker } : {}),
      ...(uploadIdMarker !== undefined ? { uploadIdMarker } : {}),
      ...(signal ? { signal } : {}),
    });
    if (!listed.data) {
      out.listError =
        listed.transportError?.code ??
        `${listed.status ?? '?'}${listed.error?.code ? ` ${listed.error.code}` : ''}`;
      return out;
    }
    for (const upload of listed.data.uploads) {
      if (!upload.key.startsWith(prefix)) continue;
      out.found += 1;
      if (dryRun) continue;
      const res = await client.abortMultipartUpload(upload.key, upload.uploadId, signal ? { signal } : {});
      const status = res.status ?? 0;
      // 404 NoSuchUpload: it finished meanwhile; nothing is left open.
      if ((status >= 200 && status < 300) || status === 404) out.aborted += 1;
      else
        out.failed.push({
          key: upload.key,
          uploadId: upload.uploadId,
          why: res.transportError?.code ?? String(status),
        });
    }
    if (!listed.data.isTruncated) return out;
    const nextKey = listed.data.nextKeyMarker;
    const nextId = listed.data.nextUploadIdMarker;
    if (nextKey === keyMarker && nextId === uploadIdMarker) return out;
    keyMarker = nextKey;
    uploadIdMarker = nextId;
  }
  return out;
}
