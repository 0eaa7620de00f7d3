/**
 * Numeric limits of the COS multipart API, as data. Each carries the section of
 * `docs/spec.md` it comes from.
 */
export const LIMITS = {
  /** §2.2 [D7750]: partNumber "范围在1 - 10000". */
  minPartNumber: 1,
  maxPartNumber: 10_000,
  /** §2.2/§3 [D7750]: each part 1MB–5GB, the last part may be smaller. Whether "1 MB" is 10^6 or 2^20 is unconfirmed (§3). */
  cosMinPartSizeCandidates: [1_000_000, 1_048_576] as const,
  /** The reference server's choice for COS "1 MB" (§8 item 5 says 1 MiB). */
  cosMinPartSize: 1_048_576,
  /** AWS S3: 5 MiB minimum non-last part. */
  s3MinPartSize: 5 * 1_048_576,
  /** §2.2 [D7750]: 5 GB maximum part size, read as 5 GiB. */
  maxPartSize: 5 * 1024 ** 3,
  /** §2.4 [D7747]: max-parts default. */
  listPartsDefaultMax: 1000,
  /** §2.7 [D7736]: max-uploads 1–1000, default 1000. */
  listUploadsDefaultMax: 1000,
} as const;

export type Limits = typeof LIMITS;
