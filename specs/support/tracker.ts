/**
 * Safety on a real account (docs/architecture.md "Safety on a real account"): every upload a spec file starts and every object it creates is
 * tracked, and `cleanup` aborts what is still open and deletes what was created, at teardown and after each
 * generated run. Cleanup answers are not judged (an upload may already be finished).
 */
import type { CosClient } from '../../src/client/cos-client.ts';

export class Tracker {
  readonly #uploads = new Map<string, { key: string; uploadId: string }>();
  readonly #objects = new Set<string>();

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

  /** Aborts the given (or all tracked) uploads and deletes the given (or all tracked) objects. */
  async cleanup(
    client: CosClient,
    only?: { uploads: ReadonlyArray<{ key: string; uploadId: string }>; objects: readonly string[] },
  ): Promise<void> {
    const uploads = (only ? only.uploads : [...this.#uploads.values()]).filter((u) =>
      this.#uploads.has(u.uploadId),
    );
    const objects = only ? only.objects : [...this.#objects];
    await Promise.all(
      uploads.map(async (u) => {
        await client.abortMultipartUpload(u.key, u.uploadId);
        this.#uploads.delete(u.uploadId);
      }),
    );
    await Promise.all(
      objects.map(async (k) => {
        await client.deleteObject(k);
        this.#objects.delete(k);
      }),
    );
  }
}
