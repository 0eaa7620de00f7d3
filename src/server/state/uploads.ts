/**
 * Multipart uploads and their parts (spec §2.1-§2.7). Metadata in memory; part bytes in {@link StoredFile}s. With a
 * durable {@link Journal} (a data directory given), Initiate, each part commit and the end of an upload (Abort,
 * Complete) are on disk before they take effect in memory; the changes of one upload are written one at a time
 * ({@link SerialQueue}), so the part that wins in memory is the part on disk.
 *
 * Concurrency rule (two uploads of one part number at once): each body is received into its own temp file and
 * renamed to its own final file; the part record (file, ETag, size, CRC) is then swapped in one synchronous step
 * ({@link Upload.commitPart}), so the last commit wins and the record always describes the file it points to,
 * never a mix of two bodies. The replaced file is retired (unlinked once unread).
 */
import { randomBytes } from 'node:crypto';
import { type Journal, NO_JOURNAL } from '../storage/journal.ts';
import type { PartMeta, UploadMeta } from '../storage/journal-records.ts';
import type { StoredFile } from '../storage/stored-file.ts';
import { type EncryptionFields, encryptionFieldsOf } from './encryption.ts';
import { SerialQueue } from './serial.ts';

/** `open` accepts parts; `completing` is assembling the object; the two terminal states drop the upload. */
export type UploadStatus = 'open' | 'completing' | 'completed' | 'aborted';

export interface PartRecord {
  partNumber: number;
  file: StoredFile;
  size: number;
  md5Hex: string;
  /** The ETag header value, quotes included. */
  etag: string;
  /** CRC-64/XZ decimal (spec §5.3). */
  crc64: string;
  lastModified: Date;
  /** Commit sequence within the upload (upload-time order). */
  sequence: number;
  /** The ETag List Parts shows when it is not `etag` (mutant `listPartsShowsLatestUpload: false`). */
  listedEtag?: string;
}

/** What Initiate recorded for the object-to-be (spec §2.1). */
export interface UploadAttributes extends EncryptionFields {
  contentType: string;
  userMetadata: Readonly<Record<string, string>>;
  storageClass: string;
}

/** What a successful Complete answered, kept for a repeated Complete when the behaviour allows it. */
export interface Completion {
  /** The listed `partNumber:ETag` pairs, quotes stripped, in order. */
  readonly list: string;
  readonly resultXml: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

export class Upload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly initiated: Date;
  readonly attributes: UploadAttributes;
  status: UploadStatus = 'open';
  /** Set when a completed upload is kept for a repeated Complete or Abort (S3 semantics variants). */
  completion?: Completion;
  readonly #parts = new Map<number, PartRecord>();
  #sequence = 0;
  readonly #journal: Journal;
  readonly #changes = new SerialQueue();
  /** Part commits waiting for their turn in {@link #changes}: they go to disk together (see commitPart). */
  #waitingParts: { records: PartRecord[]; saved: Promise<boolean> } | undefined;

  constructor(
    uploadId: string,
    bucket: string,
    key: string,
    attributes: UploadAttributes,
    initiated = new Date(),
    journal: Journal = NO_JOURNAL,
  ) {
    this.uploadId = uploadId;
    this.bucket = bucket;
    this.key = key;
    this.attributes = attributes;
    this.initiated = initiated;
    this.#journal = journal;
  }

  /** The record Initiate writes. */
  meta(): UploadMeta {
    const { contentType, userMetadata, storageClass } = this.attributes;
    return {
      uploadId: this.uploadId,
      bucket: this.bucket,
      key: this.key,
      initiated: this.initiated.toISOString(),
      attributes: {
        contentType,
        userMetadata: { ...userMetadata },
        storageClass,
        ...encryptionFieldsOf(this.attributes),
      },
    };
  }

  /** The next commit sequence number. */
  nextSequence(): number {
    return ++this.#sequence;
  }

  part(partNumber: number): PartRecord | undefined {
    return this.#parts.get(partNumber);
  }

  /** Parts in ascending part-number order. */
  parts(): PartRecord[] {
    return [...this.#parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  /**
   * Makes `record` the part for its number: the swap itself is synchronous (atomic with respect to other
   * commits). Durable: its record is on disk first; resolves false, changing nothing, when the upload ended
   * meanwhile (the caller retires the file and answers NoSuchUpload).
   */
  async commitPart(record: PartRecord): Promise<boolean> {
    if (!this.#journal.durable) {
      this.#swapPart(record);
      return true;
    }
    // Group commit: commits that arrive while earlier changes are being written wait together and go to disk in
    // one step (one directory flush), in arrival order, so the last of two commits of one part number wins both
    // on disk and in memory. Any other change queued meanwhile closes the group (see #change).
    const waiting = this.#waitingParts;
    if (waiting) {
      waiting.records.push(record);
      return waiting.saved;
    }
    const records = [record];
    const saved = this.#changes.run(async () => {
      // From here on the group is closed: later commits form the next one.
      if (this.#waitingParts?.records === records) this.#waitingParts = undefined;
      if (this.status !== 'open') return false;
      if (
        !(await this.#journal.saveParts(
          this.uploadId,
          records.map((r) => this.#partMeta(r)),
        ))
      )
        return false;
      for (const r of records) this.#swapPart(r);
      return true;
    });
    this.#waitingParts = { records, saved };
    return saved;
  }

  /** Queues a change; a group of part commits still waiting is closed first, so it keeps its place in the order. */
  #change<T>(task: () => Promise<T>): Promise<T> {
    this.#waitingParts = undefined;
    return this.#changes.run(task);
  }

  /** Drops a part (mutant "a failed upload deletes the previous part"). */
  async dropPart(partNumber: number): Promise<void> {
    const drop = (): void => {
      const previous = this.#parts.get(partNumber);
      if (!previous) return;
      this.#parts.delete(partNumber);
      previous.file.retire();
    };
    if (!this.#journal.durable) return drop();
    await this.#change(async () => {
      await this.#journal.deletePart(this.uploadId, partNumber);
      drop();
    });
  }

  /**
   * Ends the upload (Abort, Complete): `status` at once, so no other request finds it open; then (durable) its
   * records are removed from disk in one step, after any part commit under way; then its part files are retired.
   */
  async end(status: 'completed' | 'aborted'): Promise<void> {
    this.status = status;
    if (this.#journal.durable) await this.#change(() => this.#journal.dropUpload(this.uploadId));
    this.discardParts();
  }

  /** Puts back a part read from disk at start. */
  restorePart(record: PartRecord): void {
    this.#parts.set(record.partNumber, record);
    this.#sequence = Math.max(this.#sequence, record.sequence);
  }

  #swapPart(record: PartRecord): void {
    const previous = this.#parts.get(record.partNumber);
    this.#parts.set(record.partNumber, record);
    if (previous && previous.file !== record.file) previous.file.retire();
  }

  #partMeta(record: PartRecord): PartMeta {
    return {
      partNumber: record.partNumber,
      file: this.#journal.nameOf(record.file.pathOnDisk()),
      size: record.size,
      md5Hex: record.md5Hex,
      etag: record.etag,
      crc64: record.crc64,
      lastModified: record.lastModified.toISOString(),
      sequence: record.sequence,
      ...(record.listedEtag !== undefined ? { listedEtag: record.listedEtag } : {}),
    };
  }

  /** Retires every part file (after Abort or Complete). */
  discardParts(): void {
    for (const part of this.#parts.values()) part.file.retire();
    this.#parts.clear();
  }
}

/**
 * A new upload id in the shape of the doc examples (spec §1.4, an observation): 10 decimal digits of Unix seconds
 * followed by 64 lower-case hex digits.
 */
export function newUploadId(nowMs: number = Date.now()): string {
  const secs = String(Math.floor(nowMs / 1000)).padStart(10, '0');
  return `${secs}${randomBytes(32).toString('hex')}`;
}

export class UploadRegistry {
  readonly #uploads = new Map<string, Upload>();
  readonly #journal: Journal;

  constructor(journal: Journal = NO_JOURNAL) {
    this.#journal = journal;
  }

  /** A new open upload; durable: on disk when this resolves. */
  async create(bucket: string, key: string, attributes: UploadAttributes): Promise<Upload> {
    let id = newUploadId();
    while (this.#uploads.has(id)) id = newUploadId();
    const upload = new Upload(id, bucket, key, attributes, new Date(), this.#journal);
    this.#uploads.set(id, upload);
    try {
      await this.#journal.saveUpload(upload.meta());
    } catch (err) {
      this.#uploads.delete(id);
      throw err;
    }
    return upload;
  }

  /** Puts back an open upload read from disk at start, with its parts (`fileOf`: the file a record names). */
  restore(meta: UploadMeta, parts: readonly PartMeta[], fileOf: (name: string) => StoredFile): Upload {
    const { attributes } = meta;
    const upload = new Upload(
      meta.uploadId,
      meta.bucket,
      meta.key,
      {
        contentType: attributes.contentType,
        userMetadata: attributes.userMetadata,
        storageClass: attributes.storageClass,
        ...encryptionFieldsOf(attributes),
      },
      new Date(meta.initiated),
      this.#journal,
    );
    for (const part of parts) {
      upload.restorePart({
        partNumber: part.partNumber,
        file: fileOf(part.file),
        size: part.size,
        md5Hex: part.md5Hex,
        etag: part.etag,
        crc64: part.crc64,
        lastModified: new Date(part.lastModified),
        sequence: part.sequence,
        ...(part.listedEtag !== undefined ? { listedEtag: part.listedEtag } : {}),
      });
    }
    this.#uploads.set(upload.uploadId, upload);
    return upload;
  }

  get(uploadId: string): Upload | undefined {
    return this.#uploads.get(uploadId);
  }

  /** Forgets an upload (after Abort or Complete). */
  remove(uploadId: string): void {
    this.#uploads.delete(uploadId);
  }

  /** Uploads of a bucket in one of `statuses` (default: not finished), in insertion order. */
  inBucket(bucket: string, statuses: readonly UploadStatus[] = ['open', 'completing']): Upload[] {
    return [...this.#uploads.values()].filter((u) => u.bucket === bucket && statuses.includes(u.status));
  }
}
