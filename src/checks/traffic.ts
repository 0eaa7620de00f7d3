/**
 * What each check's test sends, as data: requests and request-body bytes per tier, so that `run --dry-run` can
 * print a plan and `run --max-bytes` can skip what would upload too much before anything is sent.
 *
 * Bytes are `minParts × the profile's minimum part size + fixed bytes`: the specs size their parts from the
 * profile's minimum (1 MiB under cos, 5 MiB under s3), everything else (tiny parts, Complete bodies) is fixed.
 *
 * Rules:
 * - An estimate is an upper bound for a conformant endpoint: a failing property shrinks and sends more, and a
 *   second try after a 500 sends the scenario again; both can exceed it.
 * - Shared setup (one upload serving several checks of a family) is counted on every check that needs it, so
 *   that skipping one check never under-counts another: the estimate of a check is what `--only <id>` sends.
 *   A whole run therefore sends less than the sum of its checks' estimates.
 * - Property and model checks are bounded by their generators (runs × parts × largest part), not by one seed.
 *
 * test/checks/traffic-honesty.test.ts runs the quick tier on the embedded server and holds every estimate
 * against the measured traffic (`scripts/traffic/measure.ts` prints it; `--alone` measures each check alone).
 */
import type { Tier } from '../runner/context.ts';
import type { ProfileName } from '../target/types.ts';
import { LIMITS } from '../spec/limits.ts';
import type { CatalogueCheck, CheckId } from './registry.ts';

/** Requests and bytes as a function of the minimum part size. */
export interface TrafficShape {
  readonly requests: number;
  /** How many parts of the profile's minimum size (or a little above, see `fixed`) the test uploads. */
  readonly minParts: number;
  /** Bytes besides those parts: small parts, the extra bytes above the minimum, Complete bodies. */
  readonly fixed: number;
}

/** A check's traffic in the quick tier and, when it grows there, the full tier. */
export interface CheckTraffic {
  readonly quick: TrafficShape;
  /** Absent: the full tier sends what the quick one does. */
  readonly full?: TrafficShape;
  /** The full tier under a profile whose scenario differs (e.g. s3 completes part 10000 alone). */
  readonly fullByProfile?: Partial<Record<ProfileName, TrafficShape>>;
  /** Why the numbers are what they are, when not plain measurement rounded up. */
  readonly basis?: string;
  /**
   * Bounded by its generator (runs × largest case), not by a typical run: a seed usually sends far less, so the
   * honesty test allows a wider margin (8×) for it.
   */
  readonly generated?: true;
}

/** The estimate of one check in one run: requests and bytes. */
export interface TrafficEstimate {
  requests: number;
  bytes: number;
}

const shape = (requests: number, minParts: number, fixed: number): TrafficShape => ({
  requests,
  minParts,
  fixed,
});

/** Parts of the out-of-order properties: at most 4 (quick) / 8 (full) parts of min + 4096 bytes (src/model/arbitraries.ts). */
const OUT_OF_ORDER_EXTRA = 4096;
/** The overwrite properties' two versions of part 2: each at most 70 000 bytes (specs/overwrite.spec.ts). */
const OVERWRITE_VERSION_MAX = 70_000;
/** The model's largest part: min + 512 bytes (modelPartSizeArb); runs × commands bound its uploads. */
const MODEL_PART_EXTRA = 512;
/** The small part at number 10000 (specs/part-number.spec.ts `SMALL`). */
const PART_NUMBER_SMALL = 1500;
/** The Complete the full tier adds when the two-part one showed no whitespace (specs/complete.spec.ts). */
const SLOW_COMPLETE_PARTS = 64;
/** Room for request bodies besides the parts (Complete XML ~70 bytes per part). */
const XML_PER_PART = 80;

/**
 * Out-of-order uploads: `runs` × maxParts parts of min + extra, a Complete and a read per case, and
 * `readsPerPart` ranged reads of each part (the range checks).
 */
function outOfOrder(runs: number, maxParts: number, readsPerPart = 0): TrafficShape {
  return shape(
    runs * (maxParts * (1 + readsPerPart) + 4),
    runs * maxParts,
    runs * maxParts * (OUT_OF_ORDER_EXTRA + XML_PER_PART),
  );
}

/** Overwrite property: per case part 1 at min and part 2 twice, two Completes at most. */
function overwrite(runs: number): TrafficShape {
  return shape(runs * 8, runs, runs * (2 * OVERWRITE_VERSION_MAX + 4 * XML_PER_PART));
}

/** Model: runs × commands, each at most one part of min + 512 (or one Complete of a few parts). */
function model(runs: number, commands: number): TrafficShape {
  return shape(
    runs * commands + runs * 2,
    runs * commands,
    runs * commands * (MODEL_PART_EXTRA + XML_PER_PART),
  );
}

const BASICS_SETUP = shape(4, 0, 5137 + 2 * XML_PER_PART);
const NO_SUCH_UPLOAD_SETUP = shape(6, 0, 4096 + 4 * XML_PER_PART);
const COMPLETE_TWO_PART = shape(6, 2, 4096 + 4 * XML_PER_PART);
const PART_SIZE_PROBE = shape(5, 1, 1024 + 2 * XML_PER_PART);
const ABORT_SETUP = shape(6, 0, 12_000 + 2 * XML_PER_PART);
const TINY = shape(8, 0, 8192);
/** The auth family's refused uploads, shared: two Initiates, eight small refused parts, a List Parts. */
const AUTH_REFUSALS = shape(12, 0, 9216);
/** The errors family: an Initiate, five small refused Upload Parts, List Parts, Complete and Abort refusals. */
const PROVOKED_ERRORS = shape(12, 0, 8192);
/** specs/checksums.spec.ts: Initiate, one 3000-byte part (aws-chunked framing adds under 100 bytes), cleanup Abort. */
const CHECKSUMS_PART = shape(3, 0, 3_200);
/** The same, and a List Parts after the part. */
const CHECKSUMS_LISTED = shape(4, 0, 3_200);
/** Upload Part - Copy: a source of one minimum part + 1000 bytes (Put Object); copies send no body. */
const COPY_SOURCE_EXTRA = 1000;
/** Source, Initiate, three copies and one uploaded part of the minimum size, List Parts. */
const COPIED = shape(7, 2, COPY_SOURCE_EXTRA);
/** The same, completed (four parts) and read back. */
const COPY_ASSEMBLED = shape(9, 2, COPY_SOURCE_EXTRA + 4 * XML_PER_PART + 200);
/** Source, Initiate, nine refused copies, List Parts. */
const COPY_REFUSED = shape(12, 1, COPY_SOURCE_EXTRA);

/** The data, keyed by check id; `run`-scope checks send nothing of their own. */
export const CHECK_TRAFFIC: Readonly<Record<CheckId, CheckTraffic>> = {
  'basics.upload-part.status-200': { quick: BASICS_SETUP },
  'basics.upload-part.empty-body': { quick: BASICS_SETUP },
  'basics.upload-part.etag-md5': { quick: BASICS_SETUP },
  'basics.upload-part.request-id': { quick: BASICS_SETUP },
  'basics.upload-part.crc64': { quick: BASICS_SETUP },
  'basics.upload-part.list-parts-etag': { quick: BASICS_SETUP },
  'basics.upload-part.list-parts-size': { quick: BASICS_SETUP },
  'basics.upload-part.complete-accepts-etag': { quick: BASICS_SETUP },
  'part-number.upload-part.min-1': { quick: TINY },
  'part-number.upload-part.max-10000': { quick: TINY },
  'part-number.upload-part.max-10000-completed': {
    quick: shape(0, 0, 0),
    full: shape(
      LIMITS.maxPartNumber + 4,
      LIMITS.maxPartNumber - 1,
      PART_NUMBER_SMALL + LIMITS.maxPartNumber * XML_PER_PART,
    ),
    fullByProfile: { s3: shape(6, 0, PART_NUMBER_SMALL + 2 * XML_PER_PART) },
    basis:
      'cos: parts 1..9999 at the minimum and part 10000 small (contiguous numbers); s3: part 10000 alone',
  },
  'part-number.upload-part.reject-zero': { quick: TINY },
  'part-number.upload-part.reject-10001': { quick: TINY },
  'part-number.upload-part.reject-negative': { quick: TINY },
  'part-number.upload-part.reject-fraction': { quick: TINY },
  'part-number.upload-part.reject-non-numeric': { quick: TINY },
  'part-number.upload-part.reject-empty': { quick: TINY },
  'part-number.upload-part.reject-2pow31': { quick: TINY },
  'part-number.upload-part.leading-zero': { quick: TINY },
  'part-number.upload-part.plus-sign': { quick: TINY },
  'out-of-order.upload-part.sequential': { quick: outOfOrder(3, 4), full: outOfOrder(25, 8) },
  'out-of-order.upload-part.concurrent': { quick: outOfOrder(3, 4), full: outOfOrder(25, 8) },
  'out-of-order.upload-part.part-ranges': { quick: outOfOrder(2, 4, 2), full: outOfOrder(2, 8, 2) },
  'out-of-order.upload-part.boundary-reads': { quick: outOfOrder(2, 4, 2), full: outOfOrder(2, 8, 2) },
  'overwrite.upload-part.list-shows-later': { quick: overwrite(3), full: overwrite(10) },
  'overwrite.upload-part.earlier-etag-rejected': { quick: overwrite(3), full: overwrite(10) },
  'overwrite.upload-part.last-wins': { quick: overwrite(3), full: overwrite(10) },
  'overwrite.upload-part.concurrent-no-mix': {
    quick: shape(10, 1, 4 * 2 * OVERWRITE_VERSION_MAX),
    basis: 'part 1 at the minimum and four racing versions of part 2',
  },
  'no-such-upload.upload-part.unknown-id': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.upload-part.other-key': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.upload-part.after-abort': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.upload-part.after-complete': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.list-parts.unknown-id': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.list-parts.other-key': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.list-parts.after-abort': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.list-parts.after-complete': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.complete.unknown-id': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.complete.other-key': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.complete.after-abort': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.complete.after-complete': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.abort.unknown-id': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.abort.other-key': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.abort.after-abort': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.abort.after-complete': { quick: NO_SUCH_UPLOAD_SETUP },
  'no-such-upload.multipart.error-document': { quick: shape(28, 0, 12_000) },
  'part-size.upload-part.non-last-below-min-rejected': { quick: PART_SIZE_PROBE },
  'part-size.upload-part.non-last-at-min-accepted': { quick: PART_SIZE_PROBE },
  'part-size.upload-part.non-last-above-min-accepted': { quick: PART_SIZE_PROBE },
  'part-size.upload-part.non-last-boundary-measured': {
    quick: shape(28, 6, 8192),
    basis: 'alone, a probe at both readings of the minimum and one byte either side: six near-minimum parts',
  },
  'part-size.upload-part.last-zero-bytes': { quick: PART_SIZE_PROBE },
  'part-size.upload-part.last-one-byte': { quick: PART_SIZE_PROBE },
  'part-size.upload-part.at-5gib-accepted': {
    quick: shape(0, 0, 0),
    full: shape(4, 0, LIMITS.maxPartSize + 1 + 2 * XML_PER_PART),
    basis: 'one part of 5 GiB and a one-byte last part',
  },
  'part-size.upload-part.over-5gib-rejected': {
    quick: shape(0, 0, 0),
    full: shape(3, 0, LIMITS.maxPartSize + 1),
    basis: 'declares 5 GiB + 1 and expects refusal from the headers; counted as if the body went out',
  },
  'integrity.upload-part.md5-correct': { quick: TINY },
  'integrity.upload-part.md5-wrong': { quick: TINY },
  'integrity.upload-part.md5-malformed': { quick: TINY },
  'integrity.upload-part.missing-content-length': { quick: TINY },
  'integrity.upload-part.short-body': { quick: TINY },
  'integrity.upload-part.failed-keeps-previous': { quick: shape(14, 0, 16_384) },
  'complete.complete.ascending-order-required': { quick: COMPLETE_TWO_PART },
  'complete.complete.missing-part': { quick: COMPLETE_TWO_PART },
  'complete.complete.wrong-etag': { quick: COMPLETE_TWO_PART },
  'complete.complete.empty-part-list': { quick: shape(6, 0, 4096), basis: 'an upload of one small part' },
  'complete.complete.subset-with-gaps': { quick: COMPLETE_TWO_PART },
  'complete.complete.duplicate-part-numbers': { quick: COMPLETE_TWO_PART },
  'complete.complete.etag-format': { quick: COMPLETE_TWO_PART },
  'complete.complete.etag-s3-formula': { quick: COMPLETE_TWO_PART },
  'complete.complete.not-error-body': { quick: COMPLETE_TWO_PART },
  'complete.complete.leading-whitespace': {
    quick: COMPLETE_TWO_PART,
    full: shape(
      COMPLETE_TWO_PART.requests + SLOW_COMPLETE_PARTS + 2,
      COMPLETE_TWO_PART.minParts + SLOW_COMPLETE_PARTS,
      COMPLETE_TWO_PART.fixed + SLOW_COMPLETE_PARTS * XML_PER_PART,
    ),
    basis: 'the full tier adds a Complete of 64 minimum parts when the two-part one showed no whitespace',
  },
  'complete.complete.crc64': { quick: COMPLETE_TWO_PART },
  'abort.abort.status-204': { quick: ABORT_SETUP },
  'abort.abort.leaves-listing': { quick: ABORT_SETUP },
  'abort.abort.parts-gone': { quick: ABORT_SETUP },
  'abort.abort.no-object': { quick: ABORT_SETUP },
  'abort.abort.existing-object-untouched': { quick: ABORT_SETUP },
  'sse.upload-part.echo': { quick: TINY },
  'sse.complete.echo': { quick: TINY },
  'sse.initiate.echo': { quick: TINY },
  'sse.head-object.echo': { quick: TINY },
  'sse.initiate.kms-echo': { quick: TINY },
  'sse.upload-part.kms-echo': { quick: TINY },
  'sse.initiate.ssec-echo': { quick: TINY },
  'sse.upload-part.ssec-echo': { quick: TINY },
  'sse.head-object.ssec-echo': { quick: TINY },
  'sse.upload-part.ssec-key-missing': { quick: TINY },
  'sse.upload-part.ssec-other-key': { quick: TINY },
  'sse.upload-part.ssec-key-md5-mismatch': { quick: TINY },
  'sse.upload-part.ssec-unexpected': { quick: TINY },
  'sse.get-object.ssec-key-required': { quick: TINY },
  'auth.upload-part.wrong-signature-refused': { quick: TINY },
  'auth.upload-part.wrong-signature-stores-nothing': { quick: TINY },
  'request-headers.upload-part.traffic-limit-in-range': { quick: TINY },
  'request-headers.upload-part.traffic-limit-below-min': { quick: TINY },
  'request-headers.upload-part.traffic-limit-above-max': { quick: TINY },
  'request-headers.upload-part.traffic-limit-not-numeric': { quick: TINY },
  'request-headers.upload-part.expect-continue-accepted': { quick: TINY },
  'request-headers.upload-part.content-length-not-numeric': { quick: TINY },
  'request-headers.upload-part.content-length-negative': { quick: TINY },
  'request-headers.upload-part.body-longer-than-content-length': { quick: TINY },
  'request-headers.upload-part.md5-empty-last-part': { quick: TINY },
  'request-headers.upload-part.content-type-bytes-kept': { quick: TINY },
  'request-headers.upload-part.psize-max-observed': { quick: TINY },
  'request-headers.upload-part.psize-min-observed': { quick: TINY },
  'auth.upload-part.anonymous-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.unknown-key-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.expired-signature-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.tampered-params-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.tampered-upload-id-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.partial-params-accepted': { quick: TINY },
  'auth.upload-part.refusals-store-nothing': { quick: AUTH_REFUSALS },
  'auth.upload-part.presigned-stored': { quick: TINY },
  'auth.upload-part.temporary-token-header': { quick: TINY },
  'auth.upload-part.temporary-token-query': { quick: TINY },
  'auth.upload-part.temporary-token-missing-refused': { quick: AUTH_REFUSALS },
  'auth.upload-part.temporary-token-wrong-refused': { quick: AUTH_REFUSALS },
  'errors.multipart.request-id-header': { quick: PROVOKED_ERRORS },
  'errors.multipart.error-document': { quick: PROVOKED_ERRORS },
  'upload-part-copy.upload-part-copy.whole-object': { quick: COPIED },
  'upload-part-copy.upload-part-copy.range': { quick: COPIED },
  'upload-part-copy.upload-part-copy.crc64': { quick: COPIED },
  'upload-part-copy.upload-part-copy.read-back': { quick: COPY_ASSEMBLED },
  'upload-part-copy.upload-part-copy.range-beyond-source': { quick: COPY_REFUSED },
  'upload-part-copy.upload-part-copy.malformed-range': { quick: COPY_REFUSED },
  'upload-part-copy.upload-part-copy.missing-source': { quick: COPY_REFUSED },
  'upload-part-copy.upload-part-copy.unknown-upload': { quick: shape(2, 1, COPY_SOURCE_EXTRA) },
  'upload-part-copy.upload-part-copy.part-number-range': { quick: COPY_REFUSED },
  'upload-part-copy.upload-part-copy.condition-failed': { quick: COPY_REFUSED },
  'upload-part-copy.list-parts.refusals-store-nothing': { quick: COPY_REFUSED },
  'list-parts.list-parts.paging-max-parts': { quick: shape(12, 0, 5 + 5 * XML_PER_PART) },
  'list-parts.list-parts.paging-over-1000': {
    quick: shape(0, 0, 0),
    full: shape(1001 + 8, 0, 1001 * (1 + XML_PER_PART)),
    basis: '1001 one-byte parts',
  },
  'checksums.upload-part.crc32': { quick: CHECKSUMS_PART },
  'checksums.upload-part.crc32c': { quick: CHECKSUMS_PART },
  'checksums.upload-part.crc64nvme': { quick: CHECKSUMS_PART },
  'checksums.upload-part.sha1': { quick: CHECKSUMS_PART },
  'checksums.upload-part.sha256': { quick: CHECKSUMS_PART },
  'checksums.upload-part.crc32-wrong': { quick: CHECKSUMS_LISTED },
  'checksums.upload-part.aws-chunked': { quick: CHECKSUMS_LISTED },
  'checksums.upload-part.aws-chunked-trailer-wrong': { quick: CHECKSUMS_LISTED },
  'model.multipart.sequences': {
    quick: model(12, 12),
    full: model(80, 25),
    generated: true,
    basis: 'every command an upload of the largest generated part',
  },
  'run.upload-part.any-success': { quick: shape(0, 0, 0) },
};

/** What `check` sends in a run of `tier` under `profile`, whose minimum part size is `minPartSize`. */
export function estimateTraffic(
  check: Pick<CatalogueCheck, 'id' | 'tiers'>,
  tier: Tier,
  minPartSize: number,
  profile: ProfileName = 'cos',
): TrafficEstimate {
  if (check.tiers && !check.tiers.includes(tier)) return { requests: 0, bytes: 0 };
  const data = CHECK_TRAFFIC[check.id];
  const used = tier === 'full' ? (data.fullByProfile?.[profile] ?? data.full ?? data.quick) : data.quick;
  return { requests: used.requests, bytes: used.minParts * minPartSize + used.fixed };
}
