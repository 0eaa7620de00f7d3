/**
 * Safety on a real account (docs/architecture.md "Safety on a real account"): every upload a spec file starts and every object it creates is
 * tracked, and `cleanup` aborts what is still open and deletes what was created, at teardown and after each
 * generated run. Cleanup answers are not judged (an upload may already be finished) and never decide a check:
 * its exchanges are marked (so no check counts them as its scenario's), and what it could not remove (an
 * endpoint without Abort, a 5xx) is kept as a leftover, reported apart from the verdicts.
 */
import type { Leftover as LeftoverRecord } from '../../src/checks/types.ts';
import type { CosClient } from '../../src/client/cos-client.ts';
import type { Exchange } from '../../src/client/exchange.ts';

/** Something cleanup could not remove: an upload left open or an object left behind, and the answer. */
export type Leftover = Omit<LeftoverRecord, 'family'>;

/** Whether a cleanup answer removed the thing (2xx) or found it gone already (404). */
function removed(ex: Exchange): boolean {
  const status = ex.response?.status;
  return status !== undefined && ((status >= 200 && status < 300) || status === 404);
}

function answerOf(ex: Exchange): string {
  if (ex.transportError) return `${ex.op} → transport ${ex.transportError.code}`;
  const response = ex.response;
  return `${ex.op} → ${response ? `${response.status}${response.error?.code ? ` ${response.error.code}` : ''}` : 'no response'}`;
}

export class Tracker {
  readonly #uploads = new Map<string, { key: string; uploadId: string }>();
  readonly #objects = new Set<string>();
  readonly #cleanupSeqs = new Set<number>();
  readonly #leftovers = new Map<string, Leftover>();

  uploadStarted(key: string, uploadId: string): void {
    this.#uploads.set(uploadId, { key, uploadId });
  }

  /** The upload is finished (completed or aborted): nothing to abort. */
  uploadFinished(uploadId: string): void {
    this.#uploads.delete(uploadId);
  }

  objectCreated(key: string): void {
    this.#objects.add(key);
  }

  /** Uploads still tracked as open. */
  openUploads(): Array<{ key: string; uploadId: string }> {
    return [...this.#uploads.values()];
  }

  /** Whether the exchange numbered `seq` was sent by cleanup (not by a check's scenario). */
  isCleanup(seq: number): boolean {
    return this.#cleanupSeqs.has(seq);
  }

  /** What cleanup could not remove so far (each upload or object once, with the last answer). */
  leftovers(): Leftover[] {
    return [...this.#leftovers.values()];
  }

  /**
   * Aborts the given (or all tracked) uploads and deletes the given (or all tracked) objects. Never throws for
   * an answer: what stays is recorded as a leftover.
   */
  async cleanup(
    client: CosClient,
    only?: { uploads: ReadonlyArray<{ key: string; uploadId: string }>; objects: readonly string[] },
  ): Promise<void> {
    const uploads = (only ? only.uploads : [...this.#uploads.values()]).filter((upload) =>
      this.#uploads.has(upload.uploadId),
    );
    const objects = only ? only.objects : [...this.#objects];
    await Promise.all(
      uploads.map(async (upload) => {
        const answer = await client.abortMultipartUpload(upload.key, upload.uploadId);
        this.#cleanupSeqs.add(answer.exchange.seq);
        this.#uploads.delete(upload.uploadId);
        const id = `upload ${upload.uploadId}`;
        if (removed(answer.exchange)) this.#leftovers.delete(id);
        else this.#leftovers.set(id, { kind: 'upload', ...upload, answer: answerOf(answer.exchange) });
      }),
    );
    await Promise.all(
      objects.map(async (key) => {
        const answer = await client.deleteObject(key);
        this.#cleanupSeqs.add(answer.exchange.seq);
        this.#objects.delete(key);
        const id = `object ${key}`;
        if (removed(answer.exchange)) this.#leftovers.delete(id);
        else this.#leftovers.set(id, { kind: 'object', key, answer: answerOf(answer.exchange) });
      }),
    );
  }
}
