/**
 * Every value rule of the reference server (limits, codes, statuses, ETag forms, orders, which checks are made),
 * gathered in one object so that a conformant variant or a "mutant" (a server variant that breaks exactly one
 * rule, docs/architecture.md "The reference server, mutants and conformant variants") is a one-field override:
 * `startServer({ behaviour: { … } })`. Handlers never hard-code a rule that is listed here; they ask the
 * {@link Behaviour} they were given. Broken procedures (a torn overwrite, a lost update, a part stored before its
 * Content-MD5 is judged) are not rules: they are alternative handlers of the mutants (`startServer({ handlers })`,
 * src/server/mutants/handlers), so the conformant handlers hold only the conformant procedure.
 *
 * The defaults ({@link CONFORMANT_BEHAVIOUR}) follow the spec digest (`docs/spec.md`);
 * where it says UNCONFIRMED, the choice is the digest's recommendation and is marked so.
 */
import { createHash } from 'node:crypto';
import type { ErrorCode } from '../spec/error-codes.ts';
import type { Operation } from './http/route.ts';
import { LIMITS } from '../spec/limits.ts';

/** In which order Complete concatenates the parts into the object. */
export type AssembleOrder =
  /** Ascending part number (spec §5.3: the object is the parts "in part-number order"). */
  | 'part-number'
  /** The order of the Complete request body (equal to part-number order whenever ordering is enforced). */
  | 'listed'
  /** The order in which the parts were uploaded (a classic bug). */
  | 'upload-time';

/** In which order List Parts returns the parts. */
export type ListPartsOrder =
  /** Ascending part number (spec §2.4). */
  | 'ascending'
  /** Descending part number (a wrong comparator). */
  | 'descending';

/** A fault: 500 InternalError, before acting, to valid requests of one operation (spec §4.2 InternalError). */
export interface InternalErrorFault {
  /** The operation (http/route.ts) whose requests get the 500. */
  readonly op: Operation;
  /** How many of its requests get it, counted per server (absent: every one, a reproducible 500). */
  readonly times?: number;
}

/** The rule decisions of the server. All fields are required; {@link resolveBehaviour} fills them. */
export interface Behaviour {
  // --- Upload Part: request checks (spec §2.2, §4.3) ---
  /** Whether the raw `partNumber` query value (undefined = absent, or repeated) is acceptable. */
  validatePartNumber(raw: string | undefined): boolean;
  /** Largest part accepted, decided from Content-Length before the body is read (400 EntityTooLarge). */
  maxPartSize: number;
  /** Reject Upload Part / Put Object without Content-Length (chunked) with 411 MissingContentLength. */
  requireContentLength: boolean;
  /** Compare a sent Content-MD5 with the body (400 BadDigest on mismatch). */
  checkContentMd5: boolean;
  /** Whether a Content-MD5 header value is well-formed (else 400 InvalidDigest). */
  isWellFormedContentMd5(value: string): boolean;
  /** Status of NoSuchUpload (spec §2.2 [D7750]: 404). */
  noSuchUploadStatus: number;
  /** Error code answered for an unknown, foreign or finished upload id (spec §2.2 [D7750]: NoSuchUpload). */
  noSuchUploadCode: ErrorCode;
  /** Check the upload id before reading the body (true) or only after storing the body (false). */
  checkUploadBeforeBody: boolean;
  /** Answer `Expect: 100-continue` only after the request passed every header check. */
  validateBeforeContinue: boolean;
  /**
   * Upload Part looks the upload id up before it checks the part number and the headers (false: after them).
   * The spec gives no order between these refusals; a request breaking one rule gets the same answer either way.
   */
  uploadIdCheckedFirst: boolean;
  /**
   * Upload Part refuses a part under {@link Behaviour.minPartSize} with 400 EntityTooSmall when a part with a
   * higher number is already stored (so the part cannot be the last one of a contiguous list); false: the size is
   * judged at Complete only (spec §3: where EntityTooSmall is raised is UNCONFIRMED, [OBS-ckb]).
   */
  entityTooSmallAtUploadPart: boolean;
  /**
   * A body shorter than its Content-Length is answered with a bare `400 Bad Request` without a COS error document,
   * as a front proxy (nginx, a load balancer) does; false: 400 IncompleteBody (spec §4.2 [FLARE]).
   */
  bareShortBodyAnswer: boolean;

  /**
   * Whether the raw `x-cos-traffic-limit` value (undefined = absent) is acceptable (spec §2.2 [D7750]: bit/s,
   * 819200–838860800; out of range → 400 InvalidArgument).
   */
  validateTrafficLimit(raw: string | undefined): boolean;
  /** Answer `Expect: 100-continue` with `100 Continue` before reading the body (RFC 9110 §10.1.1; spec §1.2). */
  answerExpectContinue: boolean;
  // --- Upload Part: S3 body encodings and additional checksums (spec §6.7) ---
  /**
   * Decode an `aws-chunked` body (`x-amz-content-sha256: STREAMING-…`) and store only its payload (false: the body
   * is stored as it came, framing and trailer included, and `x-amz-trailer` is not read).
   */
  decodeAwsChunked: boolean;
  /** Compare an `x-amz-checksum-*` header with the payload (400 BadDigest on mismatch; false: store unverified). */
  checkChecksumHeader: boolean;
  /** Compare an `x-amz-checksum-*` aws-chunked trailer with the payload (400 BadDigest; false: the trailer is dropped). */
  checkChecksumTrailer: boolean;
  /** Echo a verified `x-amz-checksum-*` in the Upload Part / Put Object answer (AWS UploadPart response headers). */
  echoChecksum: boolean;

  // --- Upload Part: storing (spec §2.2) ---
  /** Answer a successful Upload Part with an empty body (spec §2.2 "此接口响应体为空"; false: a small XML body). */
  emptyUploadPartBody: boolean;

  // --- ETags and CRC64 (spec §5) ---
  /** The part ETag from the MD5 hex of its bytes (spec §5.1: quoted lower-case MD5). */
  partEtag(md5Hex: string): string;
  /** The completed object's ETag from the part MD5s in object order (spec §5.2: `"<md5 of binary MD5s>-N"`). */
  multipartEtag(partMd5Hexes: readonly string[]): string;
  /** The ETag of an object stored with Put Object (quoted MD5). */
  objectEtag(md5Hex: string): string;
  /**
   * The `x-cos-hash-crc64ecma` value sent for a part (Upload Part) or an object (Complete, Put/Get/Head Object);
   * undefined leaves the header out (spec §5.3).
   */
  crc64Header(crc64Decimal: string, of: 'part' | 'object'): string | undefined;
  /** Echo the server-side-encryption header of the Initiate on Initiate, Upload Part and Complete (spec §2.2). */
  echoServerSideEncryption: boolean;
  /**
   * The server-side-encryption header family of a request that names none (spec §2.1 `x-cos-…`; an S3 endpoint:
   * `x-amz-…`); a request using either family is answered in it (src/server/handlers/sse-in.ts).
   */
  sseHeader: string;
  /** Echo the SSE-KMS key id on Initiate and Upload Part of a KMS upload (spec §2.2 "cos/kms with the key id"). */
  echoKmsKeyId: boolean;
  /** Echo the SSE-C algorithm and key MD5 on Initiate, Upload Part and Get/Head Object (spec §2.2, §5.4). */
  echoCustomerKey: boolean;
  /** Every part of an SSE-C upload must carry the Initiate's key: none or another → 400 (spec §2.2, §5.4). */
  enforceCustomerKeyOnParts: boolean;
  /** The SSE-C key MD5 header must be the MD5 of the key sent (else 400 InvalidArgument, spec §5.4). */
  checkCustomerKeyMd5: boolean;
  /** SSE-C headers on a part of an upload initiated without SSE-C → 400 (spec §2.2 "not to be sent otherwise"). */
  refuseUnexpectedCustomerKey: boolean;
  /** Get/Head of an SSE-C object needs its key (without it → 400, spec §5.4). */
  requireCustomerKeyToRead: boolean;
  /** Get/Head Object show the object's server-side-encryption headers (spec §5.4 [D7745]). */
  objectShowsEncryption: boolean;
  /**
   * The part ETag of an SSE-KMS or SSE-C upload is the MD5 of the bytes, as for any part (false: an opaque
   * 32-hex value, as real COS answers; spec §5.1 allows both, so no check may judge it).
   */
  encryptedPartEtagIsMd5: boolean;

  // --- Complete (spec §2.5, §3) ---
  /** Parts of the Complete list must be strictly ascending, duplicates included (400 InvalidPartOrder). */
  requireAscendingParts: boolean;
  /** Every listed part must exist (400 InvalidPart). */
  requireListedPartsExist: boolean;
  /** Every listed ETag must match the stored part (400 InvalidPart). */
  checkCompleteEtags: boolean;
  /**
   * Complete judges the sizes (400 EntityTooSmall) before the order, existence, ETags and contiguity of the listed
   * parts (false: after them). The spec does not order these refusals.
   */
  completeSizeCheckedFirst: boolean;
  /** Listed part numbers must be exactly 1..N (spec §2.5/§3 "不连续" → 400 InvalidPart; UNCONFIRMED on real COS). */
  completeRequiresContiguous: boolean;
  /** Smallest size of every listed part except the last (400 EntityTooSmall, spec §2.5 [D7742]). */
  minPartSize: number;
  /** Order of the parts in the assembled object. */
  assembleOrder: AssembleOrder;
  /** An empty part list is 400 MalformedXML (spec §4.2; false: an empty object is made). */
  completeRequiresParts: boolean;
  /** The last listed part is exempt from {@link Behaviour.minPartSize} (spec §2.2; false: it must be as large). */
  minSizeExemptsLastPart: boolean;
  /** Root element of the Complete result (spec §2.5: `CompleteMultipartUploadResult`). */
  completeResultElement: string;
  /** Answer 200 at once with a chunked body and whitespace keep-alives (spec §2.5); false: answer when done. */
  completeStreamsWhitespace: boolean;
  /**
   * A Complete repeated after a successful one, with the same list, answers 200 and the same result (S3 retry
   * semantics); false: 404 NoSuchUpload (spec §3). Other calls on the id still get NoSuchUpload.
   */
  completeAfterCompleteSucceeds: boolean;

  // --- Abort (spec §2.6) ---
  /** Status of a successful Abort (spec §2.6 [D7740]: 204). */
  abortStatus: number;
  /**
   * Abort of an upload that was completed answers 204 and changes nothing (S3: time-dependent); false: 404
   * NoSuchUpload (spec §3).
   */
  abortAfterCompleteSucceeds: boolean;

  // --- List Parts (spec §2.4) ---
  /** Page size when `max-parts` is absent (spec §2.4: 1000). */
  listPartsDefaultMax: number;
  /** Order of the listed parts (spec §2.4: ascending part number). */
  listPartsOrder: ListPartsOrder;
  /** A page starts after `part-number-marker` (spec §2.4; false: at the marker, repeating the last part). */
  partNumberMarkerExclusive: boolean;
  /** The `ETag` List Parts shows for a part whose Upload Part ETag was `etag` (spec §2.4: the same). */
  listedPartEtag(etag: string): string;
  /** The `Size` List Parts shows for a part of `size` bytes (spec §2.4: the same). */
  listedPartSize(size: number): number;

  // --- Get Object ---
  /** `Range: bytes=a-b` includes byte b (RFC 9110 §14.1.2; false: b is left out, one byte short). */
  rangeEndInclusive: boolean;

  // --- Authentication (spec §6) ---
  /** Verify signatures (false: accept any or no signature). */
  checkSignature: boolean;
  /** Refuse a request without any signature with 403 AccessDenied (false: serve it anonymously). */
  refuseAnonymous: boolean;
  /** Code answered for a SecretId the server does not know (spec §4.2 [D40105]: InvalidAccessKeyId). */
  unknownKeyCode: ErrorCode;
  /** Refuse a signature outside its time window (spec §6.4; false: any q-sign-time / X-Amz-Date is accepted). */
  checkSignTime: boolean;
  /**
   * Accept a COS signature whose q-url-param-list leaves some query parameters out (spec §6.1: the client chooses
   * what it signs; false: every parameter must be signed, else 403 SignatureDoesNotMatch).
   */
  acceptPartialParamList: boolean;
  /** Accept a signature carried in the query string, a presigned URL (spec §6.1 "Transport", §6.5). */
  acceptQuerySignature: boolean;
  /** Hold a temporary key to its security token (spec §6.6; false: any token, or none, is accepted). */
  checkSecurityToken: boolean;
  /**
   * Read the security token of a request signed in the Authorization header from its header (spec §6.6: header
   * signature, header token; false: only a token in the query counts, so a header token is taken as missing).
   */
  readSecurityTokenHeader: boolean;

  // --- Common response headers (spec §1.3) ---
  /** Send `x-cos-request-id` on every response. */
  sendRequestId: boolean;
  /** Error documents carry `<Code>` (spec §4.1 [D7730]). */
  errorDocumentHasCode: boolean;
  /** Error answers keep `x-cos-request-id` (spec §4.4: an SDK takes an error without it for a network failure). */
  sendRequestIdOnErrors: boolean;
  /** Error documents carry `<RequestId>` (spec §4.1 [D7730]). */
  errorDocumentHasRequestId: boolean;

  // --- Faults ---
  /** Answer 500 InternalError to requests of one operation before acting (`none`: never). */
  internalErrorOn: InternalErrorFault | 'none';
}

/** The strict form of a part number: a positive decimal integer without sign, leading zeros or spaces. */
export const STRICT_PART_NUMBER = /^[1-9][0-9]*$/;

/**
 * Spec §2.2 [D7750] "范围在1 - 10000", §4.3 (UNCONFIRMED exact response; digest recommends 400 InvalidArgument).
 * Strict: anything that is not `/^[1-9][0-9]*$/` is refused, so `01`, `+1`, ` 1`, `1.0` and `1e0` are refused
 * even though a lenient integer parser would read them as 1. An absent or repeated parameter is refused.
 */
export function isValidPartNumber(raw: string | undefined): boolean {
  if (raw === undefined || !STRICT_PART_NUMBER.test(raw)) return false;
  const n = Number(raw);
  return n >= LIMITS.minPartNumber && n <= LIMITS.maxPartNumber;
}

/** Content-MD5 is the base64 of a 16-byte digest (RFC 1864, spec §1.2 [D7728]): 22 characters and `==`. */
export function isBase64Md5(value: string): boolean {
  return /^[A-Za-z0-9+/]{21}[AQgw]==$/.test(value);
}

/** `"<md5hex>"` (spec §5.1). */
export function quotedMd5Etag(md5Hex: string): string {
  return `"${md5Hex}"`;
}

/** `"<md5 of the concatenated binary part MD5s>-N"` (spec §5.2; the S3 derivation, allowed for a mock). */
export function s3MultipartEtag(partMd5Hexes: readonly string[]): string {
  const md5 = createHash('md5');
  for (const hex of partMd5Hexes) md5.update(Buffer.from(hex, 'hex'));
  return `"${md5.digest('hex')}-${partMd5Hexes.length}"`;
}

/** `x-cos-traffic-limit`: absent, or a decimal integer of bit/s in the documented range (spec §2.2 [D7750]). */
export function isValidTrafficLimit(raw: string | undefined): boolean {
  if (raw === undefined) return true;
  if (!/^[0-9]{1,12}$/.test(raw)) return false;
  const value = Number(raw);
  return value >= LIMITS.minTrafficLimit && value <= LIMITS.maxTrafficLimit;
}

/** The conformant server: the rules of the spec digest. */
export const CONFORMANT_BEHAVIOUR: Readonly<Behaviour> = Object.freeze({
  validatePartNumber: isValidPartNumber,
  maxPartSize: LIMITS.maxPartSize,
  requireContentLength: true,
  checkContentMd5: true,
  isWellFormedContentMd5: isBase64Md5,
  noSuchUploadStatus: 404,
  noSuchUploadCode: 'NoSuchUpload',
  checkUploadBeforeBody: true,
  validateBeforeContinue: true,
  uploadIdCheckedFirst: false,
  entityTooSmallAtUploadPart: false,
  bareShortBodyAnswer: false,
  validateTrafficLimit: isValidTrafficLimit,
  answerExpectContinue: true,
  decodeAwsChunked: true,
  checkChecksumHeader: true,
  checkChecksumTrailer: true,
  echoChecksum: true,
  emptyUploadPartBody: true,
  partEtag: quotedMd5Etag,
  multipartEtag: s3MultipartEtag,
  objectEtag: quotedMd5Etag,
  crc64Header: (crc64Decimal: string, _of: 'part' | 'object'): string | undefined => crc64Decimal,
  echoServerSideEncryption: true,
  sseHeader: 'x-cos-server-side-encryption',
  echoKmsKeyId: true,
  echoCustomerKey: true,
  enforceCustomerKeyOnParts: true,
  checkCustomerKeyMd5: true,
  refuseUnexpectedCustomerKey: true,
  requireCustomerKeyToRead: true,
  objectShowsEncryption: true,
  encryptedPartEtagIsMd5: true,
  requireAscendingParts: true,
  requireListedPartsExist: true,
  checkCompleteEtags: true,
  completeSizeCheckedFirst: false,
  completeRequiresContiguous: true,
  minPartSize: LIMITS.cosMinPartSize,
  assembleOrder: 'part-number',
  completeRequiresParts: true,
  minSizeExemptsLastPart: true,
  completeResultElement: 'CompleteMultipartUploadResult',
  completeStreamsWhitespace: true,
  completeAfterCompleteSucceeds: false,
  abortStatus: 204,
  abortAfterCompleteSucceeds: false,
  listPartsDefaultMax: LIMITS.listPartsDefaultMax,
  listPartsOrder: 'ascending',
  partNumberMarkerExclusive: true,
  listedPartEtag: (etag: string): string => etag,
  listedPartSize: (size: number): number => size,
  rangeEndInclusive: true,
  checkSignature: true,
  refuseAnonymous: true,
  unknownKeyCode: 'InvalidAccessKeyId',
  checkSignTime: true,
  acceptPartialParamList: true,
  acceptQuerySignature: true,
  checkSecurityToken: true,
  readSecurityTokenHeader: true,
  sendRequestId: true,
  errorDocumentHasCode: true,
  sendRequestIdOnErrors: true,
  errorDocumentHasRequestId: true,
  internalErrorOn: 'none',
});

/** The conformant behaviour with `overrides` applied (undefined fields are ignored). */
export function resolveBehaviour(overrides: Partial<Behaviour> = {}): Readonly<Behaviour> {
  const merged: Behaviour = { ...CONFORMANT_BEHAVIOUR };
  for (const [name, value] of Object.entries(overrides) as Array<[keyof Behaviour, unknown]>) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[name] = value;
  }
  return Object.freeze(merged);
}

/** Names of the fields a behaviour changes relative to {@link CONFORMANT_BEHAVIOUR}, for logs and reports. */
export function behaviourDifferences(behaviour: Readonly<Behaviour>): string[] {
  return (Object.keys(CONFORMANT_BEHAVIOUR) as Array<keyof Behaviour>).filter(
    (name) => behaviour[name] !== CONFORMANT_BEHAVIOUR[name],
  );
}
