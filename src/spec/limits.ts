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
  /** §2.2 [D7750]: `x-cos-traffic-limit` in bit/s, 819200 (100 KB/s) to 838860800 (100 MB/s). */
  minTrafficLimit: 819_200,
  maxTrafficLimit: 838_860_800,
  /** §2.4 [D7747]: max-parts default. */
  listPartsDefaultMax: 1000,
  /** §2.7 [D7736]: max-uploads 1–1000, default 1000. */
  listUploadsDefaultMax: 1000,
} as const;

export type Limits = typeof LIMITS;

/**
 * The reference server's own limits on what a client sends (src/server). COS documents none of these numbers;
 * each says what it follows and which COS error answers it (docs/spec.md §4.2 codes).
 */
export const SERVER_LIMITS = {
  /** Object keys longer than this many UTF-8 bytes are 400 KeyTooLong (AWS S3's documented maximum). */
  maxKeyBytes: 1024,
  /** Complete bodies larger than this are 400 XMLSizeLimit; 10000 parts take about 1 MB of XML (§2.5). */
  maxCompleteBodyBytes: 4 * 1024 * 1024,
  /**
   * Elements in a Complete body (start tags): 3 per Part (Part, PartNumber, ETag) for 10000 parts, with room for
   * extra elements a reader must ignore. More is 400 MalformedXML before any parsing: parsing is synchronous and
   * takes about a second per 10,000 Parts on a small machine, so 4 MiB of empty elements would stall every client
   * for several seconds.
   */
  maxCompleteElements: 50_000,
  /** Complete lists at most this many Part entries (one per part number, §2.2); more is 400 MalformedXML. */
  maxCompleteParts: 10_000,
  /**
   * Request line and headers together; more is 400 RequestHeaderSectionTooLarge (the code of AWS S3; COS has
   * none in §4.2) and the connection is closed. Node's own default, stated here so that it is a documented limit.
   */
  maxHeaderBytes: 16 * 1024,
  /** A client that has not sent its whole request head by then gets 400 RequestTimeout (§4.2: 400, not 408). */
  headersTimeoutMs: 20_000,
  /** A connection with no byte read or written for this long is closed (a body sent byte by byte, slow loris). */
  idleTimeoutMs: 60_000,
} as const;
