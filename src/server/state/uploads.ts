/**
 * Multipart uploads and their parts (spec §2.1-§2.7). Metadata in memory; part bytes in {@link StoredFile}s.
 *
 * Concurrency rule (two uploads of one part number at once): each body is received into its own temp file and
 * renamed to its own final file; the part record (file, ETag, size, CRC) is then swapped in one synchronous step
 * ({@link Upload.commitPart}), so the last commit wins and the record always describes the file it points to,
 * never a mix of two bodies. The replaced file is retired (unlinked once unread).
 */
import { randomBytes } from 'node:crypto';
import type { StoredFile } from '../storage/stored-file.ts';

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
export interface UploadAttributes {
  contentType: string;
  userMetadata: Readonly<Record<string, string>>;
  serverSideEncryption?: string;
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

  constructor(
    uploadId: string,
    bucket: string,
    key: string,
    attributes: UploadAttributes,
    initiated = new Date(),
  ) {
    this.uploadId = uploadId;
    this.bucket = bucket;
    this.key = key;
    this.attributes = attributes;
    this.initiated = initiated;
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

  /** Makes `record` the part for its number (synchronous: atomic with respect to other commits). */
  commitPart(record: PartRecord): void {
    const previous = this.#parts.get(record.partNumber);
    this.#parts.set(record.partNumber, record);
    if (previous && previous.file !== record.file) previous.file.retire();
  }

  /** Drops a part (mutant "a failed upload deletes the previous part"). */
  dropPart(partNumber: number): void {
    const previous = this.#parts.get(partNumber);
    if (!previous) return;
    this.#parts.delete(partNumber);
    previous.file.retire();
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

  create(bucket: string, key: string, attributes: UploadAttributes): Upload {
    let id = newUploadId();
    while (this.#uploads.has(id)) id = newUploadId();
    const upload = new Upload(id, bucket, key, attributes);
    this.#uploads.set(id, upload);
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
