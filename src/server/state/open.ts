/**
 * The stores of a starting server. Ephemeral (the server's own temp directory): empty, in memory. Durable (a data
 * directory given): what an earlier server left there, read back by src/server/storage/recover.ts, and a journal
 * that writes every later change to disk before it is answered.
 */
import { DiskStore } from '../storage/disk-store.ts';
import { DurableJournal, type Journal, NO_JOURNAL } from '../storage/journal.ts';
import type { RecoveredState } from '../storage/journal-records.ts';
import { recoverState } from '../storage/recover.ts';
import { BucketRegistry } from './buckets.ts';
import { encryptionFieldsOf } from './encryption.ts';
import { UploadRegistry } from './uploads.ts';

export interface OpenedState {
  store: DiskStore;
  journal: Journal;
  buckets: BucketRegistry;
  uploads: UploadRegistry;
  /** What was read back (durable only). */
  recovered?: RecoveredState;
}

/** Opens the stores under `dataDir`; `bucketNames` exist afterwards (created when new). */
export async function openState(
  dataDir: string,
  durable: boolean,
  bucketNames: readonly string[],
  log?: (line: string) => void,
  memoryBudget?: number,
): Promise<OpenedState> {
  const store = await DiskStore.open(dataDir, {
    durable,
    ...(memoryBudget !== undefined ? { memoryBudget } : {}),
  });
  const journal = durable ? await DurableJournal.open(dataDir) : NO_JOURNAL;
  const buckets = new BucketRegistry(journal);
  const uploads = new UploadRegistry(journal);
  const recovered = durable ? await recoverState(dataDir, log) : undefined;
  for (const bucket of recovered?.buckets ?? []) buckets.restore(bucket.name, new Date(bucket.created));
  for (const name of bucketNames) await buckets.create(name);
  for (const object of recovered?.objects ?? []) {
    // A record of a bucket that is gone cannot occur (a bucket is deleted empty); kept out if it does.
    buckets.get(object.bucket)?.objects.restore({
      key: object.key,
      file: store.fileOf(object.file),
      size: object.size,
      etag: object.etag,
      crc64: object.crc64,
      contentType: object.contentType,
      lastModified: new Date(object.lastModified),
      userMetadata: object.userMetadata,
      ...encryptionFieldsOf(object),
    });
  }
  for (const upload of recovered?.uploads ?? []) {
    uploads.restore(upload.meta, upload.parts, (name) => store.fileOf(name));
  }
  return { store, journal, buckets, uploads, ...(recovered ? { recovered } : {}) };
}
