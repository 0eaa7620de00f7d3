/**
 * Family upload-part-copy, Upload Part - Copy (spec §2.3 [D8287]): a part whose bytes are copied from an existing object, the
 * whole object or a byte range (`<copy source>-range: bytes=first-last`, zero-based, both ends included). The
 * answer is a `CopyPartResult` (ETag = MD5 of the copied bytes, LastModified) with the part's CRC-64 (spec §5.3
 * [D40334]); copied parts, sent out of order and mixed with uploaded ones, complete into exactly the bytes they
 * name. Refusals: a range outside the source or malformed, a missing source (404 NoSuchKey), an unknown upload
 * (404 NoSuchUpload), a part number outside 1..10000 (400), a failed copy-source condition (412); none stores a part.
 */
import { createHash } from 'node:crypto';
import type { BodySpec } from '../../body/generate.ts';
import { bodySlice } from '../../body/part-body.ts';
import type { Exchange } from '../../client/exchange.ts';
import { parseCopyPartResult, type CopyPartResult } from '../../xml/copy-part-result.ts';
import type { ReadBack } from '../kit/bytes.ts';
import { judgeCrcHeader } from '../kit/crc.ts';
import { type Check, defineCheck, type JudgeKit, withExchanges } from '../kit/define.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import { partEtagProblem } from '../kit/etag.ts';
import { unreadableListing } from '../kit/listing.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import type { CheckResult } from '../types.ts';
import {
  accepted,
  decision,
  deviation,
  doc,
  expect,
  named,
  RGW,
  rejected,
  rgwTable,
} from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'upload-part-copy';
const OP = 'upload-part-copy';
const REF = 'spec §2.3 [D8287]';

/** Bytes of a source body a copy names: `[start, start+length)` of `spec`. */
export interface CopiedSlice {
  /** What the part is, for messages: `part 3 (whole source)`, `part 1 (bytes=500-1049075)`. */
  label: string;
  spec: BodySpec;
  start: number;
  length: number;
}

/** MD5 (hex) and CRC-64 are judged against the bytes; this is their MD5, computed from the generator. */
function md5Of(slices: readonly CopiedSlice[]): string {
  const hash = createHash('md5');
  for (const slice of slices) hash.update(bodySlice(slice.spec, slice.start, slice.start + slice.length));
  return hash.digest('hex');
}

/** The `CopyPartResult` of a 2xx answer, or why it cannot be read. */
function copyResultOf(ex: Exchange): { result?: CopyPartResult; problem?: string } {
  const text = ex.response?.bodyText;
  if (text === undefined || text.trim() === '') return { problem: 'the 200 carried no CopyPartResult body' };
  try {
    return { result: parseCopyPartResult(text) };
  } catch (err) {
    return { problem: `the body is not a CopyPartResult: ${(err as Error).message}` };
  }
}

/** Statuses of an endpoint that lacks an operation (as src/checks/needs.ts reads them). */
const NOT_IMPLEMENTED: readonly number[] = [405, 501];

/**
 * An endpoint that lacks Upload Part - Copy (405, 501) refuses every copy, rightly or not: that says nothing about
 * the rule, so the check is an error naming the operation (the wording of src/checks/needs.ts).
 */
function notImplemented(
  kit: JudgeKit,
  copy: Exchange | undefined,
  exchanges: readonly (Exchange | undefined)[],
): CheckResult | undefined {
  if (!NOT_IMPLEMENTED.includes(copy?.response?.status ?? 0)) return undefined;
  return kit.error(
    `needs Upload Part - Copy, which the endpoint does not implement (${describeAnswer(copy)})`,
    { exchanges },
  );
}

/** One copy that must succeed, and the source bytes it names. */
export interface CopiedPart {
  /** The source Put Object (a precondition). */
  put: Exchange | undefined;
  copy: Exchange | undefined;
  slice: CopiedSlice;
}

/** The copy answered as the profile allows, with a readable `CopyPartResult` whose ETag is the bytes' MD5. */
function judgeCopiedEtag(kit: JudgeKit, part: CopiedPart): CheckResult | { result: CopyPartResult } {
  const pre = requireSuccess(kit, part.put, 'Put Object of the copy source');
  if (pre) return pre;
  const what = `Upload Part - Copy of ${part.slice.label}`;
  const missing = notImplemented(kit, part.copy, [part.put, part.copy]);
  if (missing) return missing;
  const verdict = judgeAnswer(kit, part.copy, what, [part.put]);
  if (verdict.outcome !== 'pass') return verdict;
  const exchanges = [part.put, part.copy];
  const { result, problem } = copyResultOf(part.copy!);
  if (!result) return kit.fail(`${what}: ${problem}`, { exchanges });
  const md5 = md5Of([part.slice]);
  // The XML ETag may come without its quotes (Ceph RGW sends them so; SDKs read both): the value is the rule.
  const etagProblem = result.etag === md5 ? undefined : partEtagProblem(result.etag, md5);
  if (etagProblem) {
    return kit.fail(`${what}: CopyPartResult ${etagProblem}`, {
      expected: `"${md5}"`,
      observed: result.etag ?? '(absent)',
      exchanges,
    });
  }
  return { result };
}

export const wholeObject = defineCheck(
  {
    id: `${FAMILY}.${OP}.whole-object`,
    title: 'Upload Part - Copy of a whole object: status and CopyPartResult',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part-copy', 'etag', 'xml'],
  },
  (input: CopiedPart, kit) => {
    const judged = judgeCopiedEtag(kit, input);
    if (!('result' in judged)) return judged;
    const exchanges = [input.put, input.copy];
    const { etag, lastModified } = judged.result;
    if (lastModified === undefined || lastModified === '') {
      return kit.fail('CopyPartResult has no LastModified', { exchanges });
    }
    if (Number.isNaN(Date.parse(lastModified))) {
      return kit.fail(`CopyPartResult LastModified ${JSON.stringify(lastModified)} is not a date`, {
        exchanges,
      });
    }
    return kit.pass(`copied ${input.slice.length} bytes: ETag ${etag}, LastModified ${lastModified}`, {
      variantSeen: 'copied',
      exchanges,
    });
  },
);

/** Ranged copies, and a listing of the upload after them. */
export interface RangedCopies {
  parts: readonly (CopiedPart & { partNumber: number })[];
  listing: PartListing;
}

export const range = defineCheck(
  {
    id: `${FAMILY}.${OP}.range`,
    title: 'Upload Part - Copy of a byte range: ETag and listed size of the part',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} (bytes=first-last, both ends included)`,
    tags: ['upload-part-copy', 'range', 'list-parts'],
  },
  (input: RangedCopies, kit) => {
    const exchanges = [...input.parts.flatMap((part) => [part.put, part.copy]), input.listing.exchange];
    for (const part of input.parts) {
      const judged = judgeCopiedEtag(kit, part);
      if (!('result' in judged)) return withExchanges(judged, exchanges);
    }
    const pre = requireSuccess(kit, input.listing.exchange, 'List Parts after the copies');
    if (pre) return withExchanges(pre, exchanges);
    const unread = unreadableListing(kit, input.listing, 'the size of the copied parts', { exchanges });
    if (unread) return unread;
    for (const part of input.parts) {
      const listed = listedPart(input.listing, part.partNumber);
      if (!listed)
        return kit.fail(`part ${part.partNumber} (${part.slice.label}) is not listed`, { exchanges });
      if (listed.size !== part.slice.length) {
        return kit.fail(`part ${part.partNumber} (${part.slice.label}) is listed with ${listed.size} bytes`, {
          expected: String(part.slice.length),
          observed: String(listed.size),
          exchanges,
        });
      }
    }
    const labels = input.parts.map((part) => part.slice.label).join(', ');
    return kit.pass(`${labels}: ETag is the MD5 of the range and the listed size its length`, {
      variantSeen: 'copied',
      exchanges,
    });
  },
);

/** Copied parts whose `x-cos-hash-crc64ecma` is judged. */
export interface CopiedCrcs {
  parts: readonly (CopiedPart & { crc64: string })[];
}

export const crc64 = defineCheck(
  {
    id: `${FAMILY}.${OP}.crc64`,
    title: 'x-cos-hash-crc64ecma of Upload Part - Copy answers',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §5.3 [D40334]; §2.3 [D8287]',
    tags: ['upload-part-copy', 'crc64', 'headers'],
  },
  (input: CopiedCrcs, kit) => {
    const exchanges = input.parts.flatMap((part) => [part.put, part.copy]);
    let last: CheckResult | undefined;
    for (const part of input.parts) {
      const pre =
        requireSuccess(kit, part.put, 'Put Object of the copy source') ??
        requireSuccess(kit, part.copy, `Upload Part - Copy of ${part.slice.label}`);
      if (pre) return withExchanges(pre, exchanges);
      last = judgeCrcHeader(kit, part.copy, part.crc64, `Upload Part - Copy of ${part.slice.label}`);
      if (last.outcome !== 'pass') return withExchanges(last, exchanges);
    }
    if (!last) return kit.error('no copies were made', { exchanges });
    return withExchanges({ ...last, message: `${input.parts.length} copies: ${last.message}` }, exchanges);
  },
);

/** An upload of copied and uploaded parts, completed and read back. */
export interface AssembledUpload {
  /** Each part's request (copy or upload) in sending order, with its part number. */
  steps: readonly { partNumber: number; label: string; exchange: Exchange | undefined }[];
  complete: Exchange | undefined;
  /** The bytes each part holds, in part-number order: what the object must be. */
  slices: readonly CopiedSlice[];
  read: ReadBack;
}

/** Where the object first differs from the slices (kept bytes), or undefined when equal. */
function firstDifference(slices: readonly CopiedSlice[], actual: Uint8Array): string | undefined {
  let offset = 0;
  for (const slice of slices) {
    const want = bodySlice(slice.spec, slice.start, slice.start + slice.length);
    const got = actual.subarray(offset, offset + want.length);
    if (!want.equals(got)) {
      let sameBytes = 0;
      while (sameBytes < got.length && got[sameBytes] === want[sameBytes]) sameBytes += 1;
      return `first difference at byte ${offset + sameBytes} of the object, byte ${sameBytes} of ${slice.label}`;
    }
    offset += want.length;
  }
  return actual.length === offset ? undefined : `got ${actual.length} bytes, expected ${offset}`;
}

export const readBack = defineCheck(
  {
    id: `${FAMILY}.${OP}.read-back`,
    title: 'Copied and uploaded parts, sent out of order, completed and read back',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; §2.5 [D7742]`,
    tags: ['upload-part-copy', 'complete', 'range', 'bytes'],
  },
  (input: AssembledUpload, kit) => {
    const exchanges = [...input.steps.map((step) => step.exchange), input.complete, input.read.exchange];
    for (const step of input.steps) {
      const pre = requireSuccess(kit, step.exchange, `part ${step.partNumber} (${step.label})`);
      if (pre) return withExchanges(pre, exchanges);
    }
    const pre = requireSuccess(kit, input.complete, 'Complete');
    if (pre) return withExchanges(pre, exchanges);
    const transport = transportResult(kit, input.read.exchange, 'Get Object');
    if (transport) return withExchanges(transport, exchanges);
    const response = input.read.exchange!.response!;
    if (response.status >= 500) {
      return kit.result(
        serverErrorOutcome(input.read.exchange!),
        `Get Object: ${describeAnswer(input.read.exchange)}`,
        {
          exchanges,
        },
      );
    }
    if (!isSuccess(input.read.exchange))
      return kit.fail(`Get Object answered ${describeAnswer(input.read.exchange)}`, { exchanges });
    const order = `parts sent in order [${input.steps.map((step) => step.partNumber).join(',')}]`;
    const size = input.slices.reduce((total, slice) => total + slice.length, 0);
    let problem: string | undefined;
    if (input.read.actual) problem = firstDifference(input.slices, input.read.actual);
    else if (response.bodySize !== size) problem = `got ${response.bodySize} bytes, expected ${size}`;
    else if (response.bodyMd5 !== md5Of(input.slices))
      problem = `MD5 ${response.bodyMd5}, expected ${md5Of(input.slices)}`;
    if (problem) return kit.fail(`${order}: object differs: ${problem}`, { exchanges });
    return kit.pass(`${order}: object equals the copied and uploaded bytes in part-number order`, {
      variantSeen: 'equal',
      exchanges,
    });
  },
);

/** Copies that must each be refused, with a label saying what is wrong with each. */
export interface RefusedCopies {
  cases: readonly { label: string; copy: Exchange | undefined }[];
}

function refusalCheck<const S extends string>(
  slug: S,
  title: string,
  specRef: string,
  tags: readonly string[],
): Check<RefusedCopies, `upload-part-copy.upload-part-copy.${S}`> {
  return defineCheck(
    {
      id: `upload-part-copy.upload-part-copy.${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef,
      tags: ['upload-part-copy', 'error-code', ...tags],
    },
    (input: RefusedCopies, kit) => {
      const exchanges = input.cases.map((attempt) => attempt.copy);
      if (input.cases.length === 0) return kit.error('no copies were sent', { exchanges });
      let last: CheckResult | undefined;
      for (const attempt of input.cases) {
        const missing = notImplemented(kit, attempt.copy, exchanges);
        if (missing) return missing;
        last = judgeAnswer(kit, attempt.copy, `Upload Part - Copy with ${attempt.label}`);
        if (last.outcome !== 'pass') return withExchanges(last, exchanges);
      }
      const seen = input.cases
        .map((attempt) => `${attempt.label} → ${describeAnswer(attempt.copy)}`)
        .join('; ');
      return withExchanges({ ...last!, message: seen }, exchanges);
    },
  );
}

export const rangeBeyondSource = refusalCheck(
  'range-beyond-source',
  'Upload Part - Copy of a range that ends past the last byte of the source',
  `${REF}; §4.2 [FLARE]`,
  ['range'],
);
export const malformedRange = refusalCheck(
  'malformed-range',
  'Upload Part - Copy with a copy-source range that is not bytes=first-last',
  `${REF}; §4.2 [FLARE]`,
  ['range'],
);
export const missingSource = refusalCheck(
  'missing-source',
  'Upload Part - Copy naming a source object that does not exist',
  `${REF}; §4.2 [FLARE]`,
  ['NoSuchKey'],
);
export const unknownUpload = refusalCheck(
  'unknown-upload',
  'Upload Part - Copy to an upload id that was never issued',
  `${REF}; §3 "Unknown uploadId"`,
  ['NoSuchUpload'],
);
export const partNumberRange = refusalCheck(
  'part-number-range',
  'Upload Part - Copy with partNumber 0 and 10001',
  `${REF}; §2.2 [D7750]; §4.3`,
  ['part-number'],
);
export const conditionFailed = refusalCheck(
  'condition-failed',
  'Upload Part - Copy whose copy-source condition does not hold',
  `${REF} (a failed condition gives 412)`,
  ['conditions', 'PreconditionFailed'],
);

/** Refused copies into one upload, each to its own part number, and a listing of the upload after them. */
export interface RefusalsStore {
  cases: readonly { label: string; partNumber: number; copy: Exchange | undefined }[];
  listing: PartListing;
}

export const refusalsStoreNothing = defineCheck(
  {
    id: `${FAMILY}.list-parts.refusals-store-nothing`,
    title: 'List Parts after refused Upload Part - Copy requests',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part-copy', 'list-parts'],
  },
  (input: RefusalsStore, kit) => {
    const exchanges = [...input.cases.map((attempt) => attempt.copy), input.listing.exchange];
    // Only requests the endpoint answered with a refusal: an accepted one is judged by its own check.
    const refused = input.cases.filter((attempt) => attempt.copy?.response && !isSuccess(attempt.copy));
    if (refused.length === 0) {
      return kit.indeterminate('no copy was answered with a refusal, so an empty listing proves nothing', {
        exchanges,
      });
    }
    const pre = requireSuccess(kit, input.listing.exchange, 'List Parts after the refused copies');
    if (pre) return withExchanges(pre, exchanges);
    const unread = unreadableListing(kit, input.listing, 'whether a refused copy stored a part', {
      exchanges,
    });
    if (unread) return unread;
    const stored = refused.filter((attempt) => listedPart(input.listing, attempt.partNumber));
    if (stored.length > 0) {
      const which = stored.map(
        (attempt) => `part ${attempt.partNumber} (${attempt.label}, ${describeAnswer(attempt.copy)})`,
      );
      return kit.fail(`listed after a refusal: ${which.join('; ')}`, { exchanges });
    }
    return kit.pass(`${refused.length} refused copies, none listed`, {
      variantSeen: 'nothing-stored',
      exchanges,
    });
  },
);

export const UPLOAD_PART_COPY_CHECKS = [
  wholeObject,
  range,
  crc64,
  readBack,
  rangeBeyondSource,
  malformedRange,
  missingSource,
  unknownUpload,
  partNumberRange,
  conditionFailed,
  refusalsStoreNothing,
] as const;

const COPY = doc(REF);
const AWS_COPY = doc('https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html');
/** The COS documents leave the code of a bad range open: S3's 400 InvalidArgument, or the table's 416. */
const BAD_RANGE_COS = expect(
  [
    rejected('InvalidArgument', decision('S3 answers so; the code for COS is not documented (spec §2.3)')),
    rejected('InvalidRange', doc('spec §4.2 [FLARE]', '416 InvalidRange: bad range')),
  ],
  { confidence: 'inferred' },
);
const BAD_RANGE_S3 = expect(
  [
    rejected(
      'InvalidArgument',
      AWS_COPY,
      decision(
        'S3: "Range specified is not valid for source object of size" / "must be of the form bytes=first-last"',
      ),
    ),
  ],
  { deviations: [deviation(RGW, '416 InvalidRange', rgwTable('UploadPartCopy with a bad range'))] },
);

/** What each profile allows (docs/spec.md §2.3, §4.2, §5.3; AWS UploadPartCopy). */
export const UPLOAD_PART_COPY_EXPECTATIONS = {
  cos: {
    'upload-part-copy.upload-part-copy.whole-object': expect([
      accepted('copied', [200], doc(REF, 'CopyPartResult: ETag (MD5) and LastModified')),
    ]),
    'upload-part-copy.upload-part-copy.range': expect([
      accepted(
        'copied',
        [200],
        doc(REF, 'x-cos-copy-source-range: bytes=first-last, zero-based, both ends included'),
      ),
    ]),
    'upload-part-copy.upload-part-copy.crc64': expect([
      named('equal', doc('spec §5.3 [D40334]', 'returned for Upload Part - Copy')),
    ]),
    'upload-part-copy.upload-part-copy.read-back': expect([named('equal', COPY, COS_DOCS.complete)]),
    'upload-part-copy.upload-part-copy.range-beyond-source': BAD_RANGE_COS,
    'upload-part-copy.upload-part-copy.malformed-range': BAD_RANGE_COS,
    'upload-part-copy.upload-part-copy.missing-source': expect([
      rejected('NoSuchKey', doc('spec §4.2 [FLARE]'), doc(REF, 'a deleted source gives 404')),
    ]),
    'upload-part-copy.upload-part-copy.unknown-upload': expect(
      [rejected('NoSuchUpload', doc('spec §3 "Unknown uploadId"', 'UNCONFIRMED for Upload Part - Copy'))],
      { confidence: 'inferred' },
    ),
    'upload-part-copy.upload-part-copy.part-number-range': expect(
      [rejected('InvalidArgument', COS_DOCS.uploadPart, doc('spec §4.3', 'recommended; UNCONFIRMED'))],
      { confidence: 'inferred' },
    ),
    'upload-part-copy.upload-part-copy.condition-failed': expect([
      rejected('PreconditionFailed', doc(REF, 'a failed condition gives 412'), doc('spec §4.2 [FLARE]')),
    ]),
    'upload-part-copy.list-parts.refusals-store-nothing': expect([named('nothing-stored', COPY)]),
  },
  s3: {
    'upload-part-copy.upload-part-copy.whole-object': expect([accepted('copied', [200], AWS_COPY)]),
    'upload-part-copy.upload-part-copy.range': expect([accepted('copied', [200], AWS_COPY)]),
    'upload-part-copy.upload-part-copy.crc64': expect([
      named('equal', doc('spec §5.3 [D40334]', 'CRC-64/XZ when sent')),
      named('absent', decision('x-cos-hash-crc64ecma is a COS extension; an S3 endpoint may omit it')),
    ]),
    'upload-part-copy.upload-part-copy.read-back': expect([named('equal', AWS_COPY, S3_DOCS.complete)]),
    'upload-part-copy.upload-part-copy.range-beyond-source': BAD_RANGE_S3,
    'upload-part-copy.upload-part-copy.malformed-range': BAD_RANGE_S3,
    'upload-part-copy.upload-part-copy.missing-source': expect([
      rejected('NoSuchKey', AWS_COPY, S3_DOCS.errors),
    ]),
    'upload-part-copy.upload-part-copy.unknown-upload': expect([rejected('NoSuchUpload', AWS_COPY)]),
    'upload-part-copy.upload-part-copy.part-number-range': expect(
      [rejected('InvalidArgument', AWS_COPY, S3_DOCS.quotas)],
      {
        deviations: [
          deviation(RGW, '200 (part 0 copied)', rgwTable('UploadPartCopy with partNumber 0, 10001')),
        ],
      },
    ),
    'upload-part-copy.upload-part-copy.condition-failed': expect(
      [rejected('PreconditionFailed', AWS_COPY, S3_DOCS.errors)],
      {
        deviations: [
          deviation(
            RGW,
            '200 (copied)',
            rgwTable('UploadPartCopy with a failing x-amz-copy-source-if-match'),
          ),
        ],
      },
    ),
    'upload-part-copy.list-parts.refusals-store-nothing': expect([named('nothing-stored', AWS_COPY)]),
  },
} satisfies FamilyExpectations<typeof UPLOAD_PART_COPY_CHECKS>;

/** Servers that break the family's rules, each an alternative Upload Part - Copy handler. */
export const UPLOAD_PART_COPY_MUTANTS = [
  {
    name: 'copy-range-end-exclusive',
    description: 'Upload Part - Copy reads bytes=first-last as first..last-1 (the last byte is left out)',
    family: FAMILY,
    // the copied part is then one byte short of the minimum, so Complete refuses it: read-back has no verdict
    catches: [range.id],
    handlers: { uploadPartCopy: 'copyRangeEndExclusive' },
  },
  {
    name: 'copy-range-ignored',
    description: 'Upload Part - Copy ignores the copy-source range and copies the whole object',
    family: FAMILY,
    catches: [range.id, readBack.id],
    handlers: { uploadPartCopy: 'copyRangeIgnored' },
  },
  {
    name: 'copy-range-clamped',
    description:
      'Upload Part - Copy cuts a range that ends past the source at its last byte instead of refusing it',
    family: FAMILY,
    catches: [rangeBeyondSource.id],
    handlers: { uploadPartCopy: 'copyRangeClamped' },
  },
  {
    name: 'copy-range-open-ended',
    description:
      'Upload Part - Copy takes bytes=first- (no last byte) as "to the end" instead of refusing it',
    family: FAMILY,
    catches: [malformedRange.id],
    handlers: { uploadPartCopy: 'copyRangeOpenEnded' },
  },
  {
    name: 'copy-last-modified-missing',
    description: 'Upload Part - Copy answers a CopyPartResult without LastModified',
    family: FAMILY,
    catches: [wholeObject.id],
    handlers: { uploadPartCopy: 'copyLastModifiedMissing' },
  },
  {
    name: 'copy-crc64-dropped',
    description: 'Upload Part - Copy answers no x-cos-hash-crc64ecma',
    family: FAMILY,
    catches: [crc64.id],
    handlers: { uploadPartCopy: 'copyCrc64Dropped' },
  },
  {
    name: 'copy-missing-source-500',
    description:
      'Upload Part - Copy of a source that does not exist answers 500 InternalError, not 404 NoSuchKey',
    family: FAMILY,
    catches: [missingSource.id],
    handlers: { uploadPartCopy: 'copyMissingSourceFails' },
  },
  {
    name: 'copy-upload-unchecked',
    description: 'Upload Part - Copy to an unknown upload id answers 200 CopyPartResult',
    family: FAMILY,
    catches: [unknownUpload.id],
    handlers: { uploadPartCopy: 'copyUploadUnchecked' },
  },
  {
    name: 'copy-part-number-unchecked',
    description: 'Upload Part - Copy stores partNumber 0 and 10001 instead of refusing them',
    family: FAMILY,
    catches: [partNumberRange.id],
    handlers: { uploadPartCopy: 'copyPartNumberUnchecked' },
  },
  {
    name: 'copy-conditions-ignored',
    description: 'Upload Part - Copy never evaluates the copy-source conditions (If-Match, …)',
    family: FAMILY,
    catches: [conditionFailed.id],
    handlers: { uploadPartCopy: 'copyConditionsIgnored' },
  },
  {
    name: 'copy-refusal-stored',
    description: 'Upload Part - Copy answers 412 to a failed condition after committing the copied part',
    family: FAMILY,
    catches: [refusalsStoreNothing.id],
    handlers: { uploadPartCopy: 'copyRefusalStored' },
  },
] as const satisfies readonly MutantDef[];
