import type { Encryption } from '../state/encryption.ts';

/**
 * What the durable metadata files hold (src/server/storage/journal.ts): plain JSON shapes of buckets, uploads,
 * parts and objects. Files are named by path relative to the data directory, dates are ISO strings, so a data
 * directory can be moved whole.
 */

export interface BucketMeta {
  name: string;
  created: string;
}

export interface UploadMeta {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  attributes: {
    contentType: string;
    userMetadata: Record<string, string>;
    serverSideEncryption?: string;
    encryption?: Encryption;
    storageClass: string;
  };
}

export interface PartMeta {
  partNumber: number;
  /** Data file, relative to the data directory (`parts/<name>`). */
  file: string;
  size: number;
  md5Hex: string;
  etag: string;
  crc64: string;
  lastModified: string;
  sequence: number;
  listedEtag?: string;
}

export interface ObjectMeta {
  bucket: string;
  key: string;
  /** Data file, relative to the data directory (`objects/<name>`). */
  file: string;
  size: number;
  etag: string;
  crc64: string;
  contentType: string;
  lastModified: string;
  userMetadata: Record<string, string>;
  serverSideEncryption?: string;
  encryption?: Encryption;
  /**
   * The upload a Complete made this object from. Writing this file is the moment a Complete takes effect: an
   * upload still on disk whose id an object names was completed before a crash, and is dropped at start.
   */
  fromUpload?: string;
}

/** An upload read back at start, with its parts. */
export interface RecoveredUpload {
  meta: UploadMeta;
  parts: PartMeta[];
}

/** Everything read back from a data directory at start. */
export interface RecoveredState {
  buckets: BucketMeta[];
  uploads: RecoveredUpload[];
  objects: ObjectMeta[];
  /** What recovery cleaned up: leftovers of interrupted writes, not losses. */
  cleaned: { tempFiles: number; orphanDataFiles: number; completedUploads: number; trash: number };
}
