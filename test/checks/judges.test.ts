/**
 * Every check of the catalogue judged on hand-built exchanges: at least one input that passes and one that does
 * not (observations: two inputs recording different variants, and a violation that fails). A last test proves
 * the table covers every id.
 */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { BodySpec } from '../../src/body/generate.ts';
import { bodyBytes } from '../../src/body/part-body.ts';
import * as abort from '../../src/checks/families/abort.ts';
import * as auth from '../../src/checks/families/auth.ts';
import * as basics from '../../src/checks/families/basics.ts';
import * as checksums from '../../src/checks/families/checksums.ts';
import * as complete from '../../src/checks/families/complete.ts';
import * as errors from '../../src/checks/families/errors.ts';
import * as integrity from '../../src/checks/families/integrity.ts';
import * as listParts from '../../src/checks/families/list-parts.ts';
import * as model from '../../src/checks/families/model.ts';
import * as nsu from '../../src/checks/families/no-such-upload.ts';
import * as ooo from '../../src/checks/families/out-of-order.ts';
import * as overwrite from '../../src/checks/families/overwrite.ts';
import * as partNumber from '../../src/checks/families/part-number.ts';
import * as partSize from '../../src/checks/families/part-size.ts';
import * as run from '../../src/checks/families/run.ts';
import * as rh from '../../src/checks/families/request-headers.ts';
import * as sse from '../../src/checks/families/sse.ts';
import type { ReadBack } from '../../src/checks/kit/bytes.ts';
import type { Check } from '../../src/checks/kit/define.ts';
import { s3MultipartEtag } from '../../src/checks/kit/etag.ts';
import { CHECKS } from '../../src/checks/registry.ts';
import type { CheckResult, Outcome } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { COS_PROFILE, S3_PROFILE } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/types.ts';
import { err, ex, got, ok } from './fixtures.ts';
import { uploadPartCopyCases } from './judges-upload-part-copy.ts';

interface Case {
  id: string;
  name: string;
  run: () => CheckResult;
  want: Outcome | 'not-pass';
  variant?: string;
  message?: RegExp;
}

const cases: Case[] = [];

function on<I>(
  check: Check<I>,
  name: string,
  input: I,
  want: Case['want'],
  o: { profile?: Profile; variant?: string; message?: RegExp } = {},
) {
  cases.push({
    id: check.id,
    name: `${check.id}: ${name}`,
    run: () => check.judge(input, { profile: o.profile ?? COS_PROFILE, seed: 7 }),
    want,
    variant: o.variant,
    message: o.message,
  });
}

const md5 = (b: Buffer | string) => createHash('md5').update(b).digest('hex');
const spec = (part: number, size: number, seed = 1): BodySpec => ({ seed, size, stamp: { upload: 9, part } });
const A = spec(1, 300);
const B = spec(2, 200);
const bytesA = bodyBytes(A);
const bytesB = bodyBytes(B);
const AB = Buffer.concat([bytesA, bytesB]);
const BA = Buffer.concat([bytesB, bytesA]);
const read = (bytes: Buffer, offset = 0, length = bytes.length, keep = true): ReadBack => ({
  exchange: got(bytes),
  offset,
  length,
  ...(keep ? { actual: bytes } : {}),
});
const etagA = `"${md5(bytesA)}"`;
const part1 = { partNumber: 1, etag: etagA, size: 300 };
const listOf = (...parts: Array<{ partNumber: number; etag: string; size: number }>) => ({
  exchange: ok(),
  parts,
});
const RESULT = '<CompleteMultipartUploadResult><ETag>x</ETag></CompleteMultipartUploadResult>';

// 1. basics
on(basics.statusOk, '200', { upload: ok() }, 'pass', { variant: '200' });
on(basics.statusOk, '400', { upload: err('InvalidArgument') }, 'fail');
// A 5xx says the step did not run, not how the rule is kept: the state is unknown (src/faults classification).
on(basics.statusOk, '500', { upload: err('InternalError') }, 'indeterminate');
on(
  basics.statusOk,
  '200 carrying an Error',
  { upload: ex({ status: 200, error: { code: 'InternalError' } }) },
  'fail',
);
on(basics.statusOk, 'reset', { upload: ex({ transport: 'ECONNRESET' }) }, 'indeterminate');
on(basics.statusOk, 'refused', { upload: ex({ transport: 'ECONNREFUSED' }) }, 'error');
on(basics.emptyBody, 'empty', { upload: ok() }, 'pass');
on(basics.emptyBody, 'body', { upload: ok(200, {}, '<x/>') }, 'fail');
on(basics.emptyBody, 'upload failed', { upload: err('InvalidArgument') }, 'error');
on(basics.etagMd5, 'quoted md5', { upload: ok(200, { etag: etagA }), md5Hex: md5(bytesA) }, 'pass');
on(basics.etagMd5, 'unquoted', { upload: ok(200, { etag: md5(bytesA) }), md5Hex: md5(bytesA) }, 'fail', {
  message: /not quoted/,
});
on(
  basics.etagMd5,
  'sha1',
  { upload: ok(200, { etag: `"${'a'.repeat(40)}"` }), md5Hex: md5(bytesA) },
  'fail',
  { message: /legacy/ },
);
on(basics.requestId, 'present', { upload: ok() }, 'pass');
on(basics.requestId, 'absent', { upload: ex({ status: 200 }) }, 'fail');
on(
  basics.requestId,
  'x-amz under s3',
  { upload: ex({ status: 200, headers: { 'x-amz-request-id': 'r' } }) },
  'pass',
  { profile: S3_PROFILE },
);
on(basics.crc64, 'equal', { upload: ok(200, { 'x-cos-hash-crc64ecma': '42' }), crc64: '42' }, 'pass', {
  variant: 'equal',
});
on(basics.crc64, 'different', { upload: ok(200, { 'x-cos-hash-crc64ecma': '41' }), crc64: '42' }, 'fail');
on(basics.crc64, 'absent (cos)', { upload: ok(), crc64: '42' }, 'fail');
on(basics.crc64, 'absent (s3)', { upload: ok(), crc64: '42' }, 'pass', {
  profile: S3_PROFILE,
  variant: 'absent',
});
const upA = ok(200, { etag: etagA });
on(basics.listPartsEtag, 'same', { upload: upA, partNumber: 1, size: 300, listing: listOf(part1) }, 'pass');
on(
  basics.listPartsEtag,
  'unquoted in list',
  { upload: upA, partNumber: 1, size: 300, listing: listOf({ ...part1, etag: md5(bytesA) }) },
  'fail',
  { message: /quoting/ },
);
on(basics.listPartsEtag, 'not listed', { upload: upA, partNumber: 1, size: 300, listing: listOf() }, 'fail');
// A 2xx listing with no readable part list proves nothing: unknown, not "not listed".
for (const c of [basics.listPartsEtag, basics.listPartsSize]) {
  on(
    c,
    'listing unreadable',
    { upload: upA, partNumber: 1, size: 300, listing: { exchange: ok(200) } },
    'indeterminate',
  );
}
on(basics.listPartsSize, 'same', { upload: upA, partNumber: 1, size: 300, listing: listOf(part1) }, 'pass');
on(
  basics.listPartsSize,
  'other size',
  { upload: upA, partNumber: 1, size: 300, listing: listOf({ ...part1, size: 299 }) },
  'fail',
);
on(
  basics.completeAcceptsEtag,
  '200',
  { upload: upA, complete: ok(200, {}, RESULT), resultRead: true },
  'pass',
);
on(
  basics.completeAcceptsEtag,
  'InvalidPart',
  { upload: upA, complete: err('InvalidPart'), resultRead: false },
  'fail',
);
on(
  basics.completeAcceptsEtag,
  '200 with an empty body',
  { upload: upA, complete: ok(200), resultRead: false },
  'indeterminate',
);
on(
  basics.completeAcceptsEtag,
  '200 with another root',
  { upload: upA, complete: ok(200, {}, '<Foo/>'), resultRead: false },
  'indeterminate',
);

// 2. partNumber
const valid = (p: Partial<partNumber.ValidNumberRun> = {}): partNumber.ValidNumberRun => ({
  partNumber: 1,
  upload: upA,
  listing: listOf(part1),
  complete: ok(200, {}, RESULT),
  read: read(bytesA),
  specs: [A],
  ...p,
});
for (const c of [partNumber.minNumber, partNumber.maxNumberCompleted]) {
  on(c, 'completed', valid(), 'pass', { variant: 'completed' });
  on(c, 'not listed', valid({ listing: listOf() }), 'fail');
  on(c, 'wrong object', valid({ read: read(bytesB, 0, 300) }), 'fail');
  on(c, 'completed, not read back', valid({ read: undefined }), 'error');
  on(c, 'listing unreadable', valid({ listing: { exchange: ok(200) } }), 'indeterminate');
}
// The object is A then B; a read of B alone (the tail holding the last part) is right, yet proves nothing of A.
on(
  partNumber.maxNumberCompleted,
  'only the tail read back',
  valid({ specs: [A, B], read: read(bytesB, 300, 200) }),
  'error',
  { message: /not the whole object/ },
);
on(
  partNumber.maxNumberCompleted,
  'whole object, digest only',
  valid({ specs: [A, B], read: read(AB, 0, AB.length, false) }),
  'pass',
);
on(
  partNumber.maxNumberCompleted,
  'whole object, digest only, a byte wrong',
  valid({ specs: [A, B], read: read(Buffer.concat([bytesA, bytesA.subarray(0, 200)]), 0, AB.length, false) }),
  'fail',
  { message: /MD5/ },
);
on(
  partNumber.maxNumber,
  'listed',
  { partNumber: 10_000, upload: upA, listing: listOf({ ...part1, partNumber: 10_000 }) },
  'pass',
);
on(
  partNumber.maxNumber,
  'refused',
  { partNumber: 10_000, upload: err('InvalidArgument'), listing: listOf() },
  'fail',
);
for (const [c, wire] of partNumber.INVALID_PART_NUMBERS) {
  on(
    c,
    'InvalidArgument',
    { wire, upload: err('InvalidArgument'), before: listOf(part1), after: listOf(part1) },
    'pass',
  );
  on(c, 'accepted', { wire, upload: ok(), before: listOf(part1), after: listOf(part1) }, 'fail');
  on(
    c,
    'refused but stored',
    {
      wire,
      upload: err('InvalidArgument'),
      before: listOf(part1),
      after: listOf(part1, { ...part1, partNumber: 2 }),
    },
    'fail',
    { message: /new part/ },
  );
  on(
    c,
    'refused, but mapped onto part 1 and overwrote it',
    {
      wire,
      upload: err('InvalidArgument'),
      before: listOf(part1),
      after: listOf({ ...part1, etag: `"${md5(bytesB)}"` }),
    },
    'fail',
    { message: /part 1 changed/ },
  );
  on(
    c,
    'refused, but part 1 now has another size',
    { wire, upload: err('InvalidArgument'), before: listOf(part1), after: listOf({ ...part1, size: 200 }) },
    'fail',
  );
  on(
    c,
    'refused, but part 1 is gone',
    { wire, upload: err('InvalidArgument'), before: listOf(part1), after: listOf() },
    'fail',
    { message: /no longer listed/ },
  );
  on(
    c,
    'refused, but the listing after it failed',
    {
      wire,
      upload: err('InvalidArgument'),
      before: listOf(part1),
      after: { exchange: err('InternalError') },
    },
    'indeterminate',
  );
}
const sentA = { md5Hex: md5(bytesA), size: 300 };
for (const c of [partNumber.leadingZero, partNumber.plusSign]) {
  const odd = (p: Partial<partNumber.OddNumberRun>): partNumber.OddNumberRun => ({
    wire: '01',
    readsAs: 1,
    sent: sentA,
    upload: ok(),
    after: listOf(part1),
    ...p,
  });
  on(c, 'accepted as 1', odd({}), 'pass', { variant: 'accepted-as-1' });
  on(c, 'rejected', odd({ upload: err('InvalidArgument'), after: listOf() }), 'pass', {
    variant: 'rejected-400-InvalidArgument',
  });
  // Wrong under any reading: survives the observation's fail→pass conversion.
  on(c, 'a 200 that stored nothing', odd({ after: listOf() }), 'fail', { message: /not listed/ });
  on(c, 'a 200 stored under another number', odd({ after: listOf({ ...part1, partNumber: 10 }) }), 'fail');
  on(
    c,
    'a 200 that stored other bytes',
    odd({ after: listOf({ ...part1, etag: `"${md5(bytesB)}"` }) }),
    'fail',
    {
      message: /ETag/,
    },
  );
  on(c, 'a 200 that stored a short part', odd({ after: listOf({ ...part1, size: 299 }) }), 'fail', {
    message: /Size 299/,
  });
  on(c, 'refused but stored', odd({ upload: err('InvalidArgument'), after: listOf(part1) }), 'fail', {
    message: /refused/,
  });
  on(c, 'listing unreadable', odd({ after: { exchange: ok() } }), 'indeterminate');
}

// 3. out-of-order
const permuted = (bytes: Buffer, keep = true): ooo.PermutedUpload => ({
  order: [2, 1],
  uploads: [ok(), ok()],
  complete: ok(200, {}, RESULT),
  specs: [A, B],
  read: read(bytes, 0, AB.length, keep),
});
for (const c of [ooo.sequential, ooo.concurrent]) {
  on(c, 'in order', permuted(AB), 'pass');
  on(c, 'swapped (located)', permuted(BA), 'fail', { message: /upload 9 part/ });
  on(c, 'swapped (digest only)', permuted(BA, false), 'fail', { message: /MD5/ });
  on(c, 'complete refused', { ...permuted(AB), complete: err('EntityTooSmall') }, 'fail');
}
for (const c of [ooo.partRanges, ooo.boundaryReads]) {
  on(
    c,
    'exact',
    { reads: [{ label: 'b', read: read(AB.subarray(299, 301), 299, 2), specs: [A, B] }] },
    'pass',
  );
  on(c, 'wrong', { reads: [{ label: 'b', read: read(Buffer.from([0, 0]), 299, 2), specs: [A, B] }] }, 'fail');
  on(
    c,
    'read timed out',
    {
      reads: [
        {
          label: 'b',
          read: { exchange: ex({ transport: 'TIMEOUT' }), offset: 299, length: 2 },
          specs: [A, B],
        },
      ],
    },
    'not-pass',
  );
  on(
    c,
    'read got a 503',
    {
      reads: [
        {
          label: 'b',
          read: { exchange: err('SlowDown', { status: 503 }), offset: 299, length: 2 },
          specs: [A, B],
        },
      ],
    },
    'error',
  );
  on(
    c,
    'short',
    { reads: [{ label: 'b', read: read(AB.subarray(299, 300), 299, 2), specs: [A, B] }] },
    'fail',
  );
}

// 4. overwrite
const upB = ok(200, { etag: `"${md5(bytesB)}"` });
const ow = (listed: { partNumber: number; etag: string; size: number }): overwrite.Overwrite => ({
  partNumber: 1,
  earlier: { upload: upA, size: 300 },
  later: { upload: upB, size: 200 },
  listing: listOf(listed),
});
on(overwrite.listShowsLater, 'later', ow({ partNumber: 1, etag: `"${md5(bytesB)}"`, size: 200 }), 'pass');
on(overwrite.listShowsLater, 'earlier', ow(part1), 'fail', { message: /earlier/ });
on(
  overwrite.earlierEtagRejected,
  'InvalidPart',
  { earlier: upA, later: upB, complete: err('InvalidPart') },
  'pass',
);
on(
  overwrite.earlierEtagRejected,
  'accepted',
  { earlier: upA, later: upB, complete: ok(200, {}, RESULT) },
  'fail',
);
on(
  overwrite.earlierEtagRejected,
  'no overwrite happened (the later upload failed)',
  { earlier: upA, later: err('InternalError'), complete: err('InvalidPart') },
  'not-pass',
);
on(
  overwrite.lastWins,
  'later bytes',
  { complete: ok(200, {}, RESULT), specs: [B], read: read(bytesB) },
  'pass',
);
on(
  overwrite.lastWins,
  'earlier bytes',
  { complete: ok(200, {}, RESULT), specs: [B], read: read(bytesA.subarray(0, 200)) },
  'fail',
);
const race = (listedEtag: string, bytes: Buffer): overwrite.ConcurrentOverwrite => ({
  partNumber: 2,
  candidates: [
    { upload: ok(), spec: A, md5Hex: md5(bytesA) },
    { upload: ok(), spec: B, md5Hex: md5(bytesB) },
  ],
  listing: listOf({ partNumber: 2, etag: listedEtag, size: 0 }),
  complete: ok(200, {}, RESULT),
  layout: [null],
  read: read(bytes),
});
on(overwrite.concurrentNoMix, 'one of them', race(`"${md5(bytesB)}"`, bytesB), 'pass');
on(overwrite.concurrentNoMix, 'a mix listed', race(`"${md5(AB)}"`, bytesB), 'fail', { message: /mix/ });
on(overwrite.concurrentNoMix, 'object differs', race(`"${md5(bytesB)}"`, bytesA.subarray(0, 200)), 'fail');

// 5. NoSuchUpload
for (const { check, op, case: c } of nsu.NO_SUCH_UPLOAD_MATRIX) {
  on(check, 'NoSuchUpload', { exchange: err('NoSuchUpload') }, 'pass', { variant: 'NoSuchUpload' });
  on(check, 'NoSuchKey', { exchange: err('NoSuchKey') }, 'fail');
  // Under s3 a retried Complete (200) and a late Abort (204) of a completed upload are allowed (peer-suites (d)10).
  const retryAllowed = c === 'after-complete' && (op === 'abort' || op === 'complete');
  on(check, 'accepted (s3)', { exchange: ok(op === 'abort' ? 204 : 200) }, retryAllowed ? 'pass' : 'fail', {
    profile: S3_PROFILE,
  });
}
on(nsu.errorDocument, 'well-formed', { exchanges: [err('NoSuchUpload'), ok()] }, 'pass');
on(nsu.errorDocument, 'empty Message', { exchanges: [err('NoSuchUpload', { message: '' })] }, 'fail', {
  message: /Message/,
});
on(nsu.errorDocument, 'no document', { exchanges: [ex({ status: 404 })] }, 'fail');
on(nsu.errorDocument, 'no errors at all', { exchanges: [ok()] }, 'error');

// 6. part size
const probe = (size: number, first: Exchange, c?: Exchange): partSize.SizeProbe => ({
  size,
  first,
  last: ok(),
  complete: c,
});
const small = (size: number) => probe(size, ok(), err('EntityTooSmall'));
const fine = (size: number) => probe(size, ok(), ok(200, {}, RESULT));
on(partSize.belowMinRejected, 'at complete', { probe: small(999_999) }, 'pass', { variant: 'at-complete' });
on(
  partSize.belowMinRejected,
  'at upload part (cos)',
  { probe: probe(999_999, err('EntityTooSmall')) },
  'pass',
  { variant: 'at-upload-part' },
);
on(
  partSize.belowMinRejected,
  'at upload part (s3)',
  { probe: probe(999_999, err('EntityTooSmall')) },
  'fail',
  { profile: S3_PROFILE },
);
on(partSize.belowMinRejected, 'accepted', { probe: fine(999_999) }, 'fail');
for (const c of [partSize.atMinAccepted, partSize.aboveMinAccepted]) {
  on(c, 'accepted', { probe: fine(1_048_576) }, 'pass');
  on(c, 'refused', { probe: small(1_048_576) }, 'fail');
}
on(
  partSize.boundaryMeasured,
  'MiB',
  { probes: [small(999_999), small(1_000_000), small(1_048_575), fine(1_048_576)] },
  'pass',
  { variant: '1048576' },
);
on(
  partSize.boundaryMeasured,
  'MB',
  { probes: [small(999_999), fine(1_000_000), fine(1_048_575), fine(1_048_576)] },
  'pass',
  { variant: '1000000' },
);
on(
  partSize.boundaryMeasured,
  'odd boundary',
  { probes: [small(999_999), small(1_000_000), fine(1_048_575), fine(1_048_576)] },
  'fail',
);
on(partSize.boundaryMeasured, 'not enforced', { probes: [fine(999_999), fine(1_000_000)] }, 'fail', {
  message: /every probe/,
});
on(
  partSize.boundaryMeasured,
  'not monotonic',
  { probes: [small(999_999), fine(1_000_000), small(1_048_576)] },
  'fail',
);
on(
  partSize.boundaryMeasured,
  'throttled or forbidden probes are not size refusals',
  {
    probes: [
      probe(999_999, err('SlowDown', { status: 503 })),
      probe(1_000_000, err('AccessDenied')),
      fine(1_048_576),
    ],
  },
  'indeterminate',
);
on(
  partSize.boundaryMeasured,
  'a refusal at Complete that is not about size (InvalidPart) measures nothing',
  {
    probes: [probe(999_999, ok(), err('InvalidPart')), small(1_000_000), small(1_048_575), fine(1_048_576)],
  },
  'indeterminate',
);
on(
  partSize.boundaryMeasured,
  'a refusal at Upload Part that is not about size (InvalidArgument) measures nothing',
  { probes: [probe(999_999, err('InvalidArgument')), small(1_000_000), small(1_048_575), fine(1_048_576)] },
  'indeterminate',
);
on(
  partSize.boundaryMeasured,
  'a 200 Complete carrying an InternalError is no size refusal',
  {
    probes: [
      probe(999_999, ok(), ex({ status: 200, error: { code: 'InternalError' } })),
      small(1_000_000),
      small(1_048_575),
      fine(1_048_576),
    ],
  },
  'indeterminate',
);
on(
  partSize.boundaryMeasured,
  'a 200 Complete carrying EntityTooSmall is a size refusal',
  {
    probes: [
      probe(999_999, ok(), ex({ status: 200, error: { code: 'EntityTooSmall' } })),
      small(1_000_000),
      small(1_048_575),
      fine(1_048_576),
    ],
  },
  'pass',
  { variant: '1048576' },
);
on(
  partSize.boundaryMeasured,
  'no answer',
  { probes: [probe(1, ex({ transport: 'ECONNRESET' }))] },
  'indeterminate',
);
for (const c of [partSize.lastZeroBytes, partSize.lastOneByte]) {
  on(
    c,
    'accepted',
    { uploads: [ok(), ok()], complete: ok(200, {}, RESULT), specs: [A], read: read(bytesA) },
    'pass',
  );
  on(
    c,
    'refused',
    { uploads: [ok(), ok()], complete: err('EntityTooSmall'), specs: [A], read: read(bytesA) },
    'fail',
  );
}
on(partSize.maxAccepted, 'accepted', { upload: upA, md5Hex: md5(bytesA) }, 'pass');
on(partSize.maxAccepted, 'refused', { upload: err('EntityTooLarge'), md5Hex: md5(bytesA) }, 'fail');
on(partSize.maxAccepted, 'wrong etag', { upload: upB, md5Hex: md5(bytesA) }, 'fail');
on(
  partSize.overMaxRejected,
  'EntityTooLarge',
  { exchange: err('EntityTooLarge'), continued: false, declaredLength: 5 },
  'pass',
);
on(
  partSize.overMaxRejected,
  '100 Continue',
  { exchange: ex({ transport: 'TIMEOUT' }), continued: true, declaredLength: 5 },
  'fail',
);
on(
  partSize.overMaxRejected,
  'silent until the deadline',
  { exchange: ex({ transport: 'TIMEOUT' }), continued: false, declaredLength: 5 },
  'fail',
);
on(
  partSize.overMaxRejected,
  'connection reset',
  { exchange: ex({ transport: 'ECONNRESET' }), continued: false, declaredLength: 5 },
  'not-pass',
);
on(
  partSize.overMaxRejected,
  'other code',
  { exchange: err('InvalidArgument'), continued: false, declaredLength: 5 },
  'fail',
);

// 7. integrity
on(integrity.md5Correct, '200', { upload: ok() }, 'pass');
on(integrity.md5Correct, 'BadDigest', { upload: err('BadDigest') }, 'fail');
on(integrity.md5Wrong, 'BadDigest', { upload: err('BadDigest') }, 'pass');
on(integrity.md5Wrong, 'accepted', { upload: ok() }, 'fail');
on(integrity.md5Malformed, 'InvalidDigest', { upload: err('InvalidDigest') }, 'pass');
on(integrity.md5Malformed, 'BadDigest', { upload: err('BadDigest') }, 'fail');
on(integrity.missingContentLength, '411', { upload: err('MissingContentLength') }, 'pass');
on(integrity.missingContentLength, 'accepted', { upload: ok() }, 'fail');
on(integrity.shortBody, 'IncompleteBody', { upload: err('IncompleteBody'), declared: 10, sent: 5 }, 'pass');
on(
  integrity.shortBody,
  'connection closed',
  { upload: ex({ transport: 'SOCKET_CLOSED' }), declared: 10, sent: 5 },
  'pass',
  { variant: 'connection-closed' },
);
on(integrity.shortBody, 'accepted', { upload: ok(), declared: 10, sent: 5 }, 'fail');
const bare = (status: number, body: string) => ex({ status, headers: { 'content-type': 'text/html' }, body });
on(
  integrity.shortBody,
  "a front proxy's bare 400 (no error document): refused, so the rule passes",
  { upload: bare(400, '<html><body><h1>400 Bad Request</h1></body></html>'), declared: 10, sent: 5 },
  'pass',
  { variant: 'refused-bare', message: /no COS error document/ },
);
on(
  integrity.shortBody,
  "a front proxy's bare 408, under s3",
  { upload: bare(408, ''), declared: 10, sent: 5 },
  'pass',
  { variant: 'refused-bare', profile: S3_PROFILE },
);
on(
  integrity.shortBody,
  'a 400 error document with another code',
  { upload: err('InvalidArgument'), declared: 10, sent: 5 },
  'fail',
);
on(
  integrity.shortBody,
  'a 400 <Error> document without a Code is not bare',
  { upload: ex({ status: 400, body: '<Error><Message>m</Message></Error>' }), declared: 10, sent: 5 },
  'fail',
);
on(
  integrity.shortBody,
  'a bare 500 is not a refusal of the body',
  { upload: bare(500, ''), declared: 10, sent: 5 },
  'not-pass',
);
on(
  integrity.shortBody,
  'no answer within the deadline',
  { upload: ex({ transport: 'TIMEOUT' }), declared: 10, sent: 5 },
  'indeterminate',
);
on(
  integrity.shortBody,
  'connection refused',
  { upload: ex({ transport: 'ECONNREFUSED' }), declared: 10, sent: 5 },
  'not-pass',
);
const keeps = (afterEtag: string): integrity.FailedOverwrites => ({
  partNumber: 1,
  original: { upload: upA, spec: A },
  attempts: [
    { label: 'wrong md5', upload: err('BadDigest'), listing: listOf({ ...part1, etag: afterEtag }) },
  ],
  complete: ok(200, {}, RESULT),
  specs: [A],
  read: read(bytesA),
});
on(integrity.failedKeepsPrevious, 'intact', keeps(etagA), 'pass');
on(integrity.failedKeepsPrevious, 'replaced', keeps(`"${md5(bytesB)}"`), 'fail');
on(
  integrity.failedKeepsPrevious,
  'attempt accepted',
  { ...keeps(etagA), attempts: [{ label: 'x', upload: ok(), listing: listOf(part1) }] },
  'error',
);

// 8. Complete
for (const [c, code] of [
  [complete.ascendingRequired, 'InvalidPartOrder'],
  [complete.missingPart, 'InvalidPart'],
  [complete.wrongEtag, 'InvalidPart'],
  [complete.emptyList, 'MalformedXML'],
] as const) {
  on(c, code, { complete: err(code) }, 'pass');
  on(c, 'accepted', { complete: ok(200, {}, RESULT) }, 'fail');
  on(c, '200 with Error body', { complete: ex({ status: 200, error: { code: 'InternalError' } }) }, 'fail');
  // Parts at the profile's minimum refused as too small: the endpoint's minimum is larger (RGW); not this rule.
  on(c, 'EntityTooSmall first', { complete: err('EntityTooSmall') }, 'indeterminate', {
    message: /refused the part sizes first/,
  });
  on(c, 'another refusal', { complete: err('InvalidRequest') }, 'fail');
}
on(complete.subsetWithGaps, 'InvalidPart (cos)', { complete: err('InvalidPart'), specs: [A] }, 'pass');
on(
  complete.subsetWithGaps,
  'accepted (cos)',
  { complete: ok(200, {}, RESULT), specs: [A], read: read(bytesA) },
  'fail',
);
on(
  complete.subsetWithGaps,
  'accepted (s3)',
  { complete: ok(200, {}, RESULT), specs: [A], read: read(bytesA) },
  'pass',
  { profile: S3_PROFILE },
);
on(
  complete.subsetWithGaps,
  'accepted, wrong object (s3)',
  { complete: ok(200, {}, RESULT), specs: [A], read: read(AB) },
  'fail',
  { profile: S3_PROFILE },
);
on(complete.subsetWithGaps, 'InvalidPart (s3)', { complete: err('InvalidPart'), specs: [A] }, 'fail', {
  profile: S3_PROFILE,
});
on(
  complete.duplicateNumbers,
  'refused',
  { complete: err('InvalidPartOrder'), once: [A, B], twice: [A, A, B] },
  'pass',
  { variant: 'rejected-400-InvalidPartOrder' },
);
on(
  complete.duplicateNumbers,
  'deduplicated',
  { complete: ok(200, {}, RESULT), once: [A, B], twice: [A, A, B], read: read(AB) },
  'pass',
  { variant: 'accepted-used-once' },
);
on(
  complete.duplicateNumbers,
  'used twice',
  { complete: ok(200, {}, RESULT), once: [A, B], twice: [A, A, B], read: read(Buffer.concat([bytesA, AB])) },
  'pass',
  { variant: 'accepted-used-twice' },
);
on(
  complete.duplicateNumbers,
  'accepted, object is neither reading',
  { complete: ok(200, {}, RESULT), once: [A, B], twice: [A, A, B], read: read(BA) },
  'fail',
  { message: /neither/ },
);
on(
  complete.duplicateNumbers,
  'accepted, object is a prefix of a reading (read length from a wrong HEAD)',
  { complete: ok(200, {}, RESULT), once: [A, B], twice: [A, A, B], read: read(bytesA) },
  'fail',
);
on(
  complete.duplicateNumbers,
  'accepted, no object stored',
  {
    complete: ok(200, {}, RESULT),
    once: [A, B],
    twice: [A, A, B],
    read: { ...read(AB), exchange: err('NoSuchKey') },
  },
  'fail',
);
on(
  complete.duplicateNumbers,
  'accepted, the read got no answer',
  {
    complete: ok(200, {}, RESULT),
    once: [A, B],
    twice: [A, A, B],
    read: { exchange: ex({ op: 'getObject', transport: 'ECONNRESET' }), offset: 0, length: 500 },
  },
  'not-pass',
);
const twoMd5s = [md5(bytesA), md5(bytesB)];
on(
  complete.etagFormat,
  'md5-2',
  { complete: ok(), etag: `"${'a'.repeat(32)}-2"`, partMd5s: twoMd5s },
  'pass',
);
on(complete.etagFormat, 'plain md5', { complete: ok(), etag: etagA, partMd5s: twoMd5s }, 'fail');
on(
  complete.etagFormat,
  'wrong count',
  { complete: ok(), etag: `"${'a'.repeat(32)}-3"`, partMd5s: twoMd5s },
  'fail',
  { message: /counts 3/ },
);
on(complete.etagFormat, 'empty (RGW)', { complete: ok(), partMd5s: twoMd5s }, 'fail');
on(complete.etagS3Formula, 'cos: not applicable', { complete: ok(), etag: 'x', partMd5s: twoMd5s }, 'skip');
on(
  complete.etagS3Formula,
  's3 formula',
  { complete: ok(), etag: s3MultipartEtag(twoMd5s), partMd5s: twoMd5s },
  'pass',
  { profile: S3_PROFILE },
);
on(
  complete.etagS3Formula,
  'other',
  { complete: ok(), etag: `"${'a'.repeat(32)}-2"`, partMd5s: twoMd5s },
  'fail',
  { profile: S3_PROFILE },
);
on(
  complete.notErrorBody,
  'result',
  { complete: ok(200, {}, RESULT), root: 'CompleteMultipartUploadResult' },
  'pass',
);
on(
  complete.notErrorBody,
  'Error in 200',
  { complete: ex({ status: 200, error: { code: 'InternalError' } }), root: 'Error' },
  'fail',
);
on(complete.notErrorBody, 'other root', { complete: ok(200, {}, '<Foo/>'), root: 'Foo' }, 'fail');
on(
  complete.leadingWhitespace,
  'prefixed',
  { complete: ok(200, {}, `  ${RESULT}`), root: 'CompleteMultipartUploadResult', leadingWhitespace: 2 },
  'pass',
  { variant: 'whitespace-prefixed' },
);
on(complete.leadingWhitespace, 'unread', { complete: ok(200, {}, '   '), leadingWhitespace: 3 }, 'fail');
on(
  complete.leadingWhitespace,
  'no whitespace: not exercised',
  { complete: ok(200, {}, RESULT), root: 'CompleteMultipartUploadResult', leadingWhitespace: 0 },
  'skip',
  { message: /^not exercised/ },
);
on(
  complete.leadingWhitespace,
  'no whitespace and a wrong root: still not exercised (not-error-body judges the root)',
  { complete: ok(200, {}, '<Foo/>'), root: 'Foo', leadingWhitespace: 0, tried: 'a 64-part Complete' },
  'skip',
  { message: /not exercised.*64-part/ },
);
on(complete.objectCrc64, 'equal', { complete: ok(200, { 'x-cos-hash-crc64ecma': '9' }), crc64: '9' }, 'pass');
on(
  complete.objectCrc64,
  'different',
  { complete: ok(200, { 'x-cos-hash-crc64ecma': '8' }), crc64: '9' },
  'fail',
);

// 9. Abort
on(abort.status204, '204', { abort: ok(204) }, 'pass');
on(abort.status204, '200', { abort: ok(200) }, 'fail');
on(abort.status204, '204 with a body', { abort: ok(204, {}, 'x') }, 'fail');
on(
  abort.leavesListing,
  'gone',
  { uploadId: 'u', before: { exchange: ok(), uploadIds: ['u'] }, after: { exchange: ok(), uploadIds: [] } },
  'pass',
);
on(
  abort.leavesListing,
  'still listed',
  {
    uploadId: 'u',
    before: { exchange: ok(), uploadIds: ['u'] },
    after: { exchange: ok(), uploadIds: ['u'] },
  },
  'fail',
);
on(
  abort.leavesListing,
  'listing after the Abort unreadable',
  { uploadId: 'u', before: { exchange: ok(), uploadIds: ['u'] }, after: { exchange: ok() } },
  'indeterminate',
);
on(
  abort.leavesListing,
  'listing before the Abort unreadable',
  { uploadId: 'u', before: { exchange: ok() }, after: { exchange: ok(), uploadIds: [] } },
  'indeterminate',
);
on(
  abort.leavesListing,
  'never listed',
  { uploadId: 'u', before: { exchange: ok(), uploadIds: [] }, after: { exchange: ok(), uploadIds: [] } },
  'fail',
);
on(abort.partsGone, '404', { listing: { exchange: err('NoSuchUpload') } }, 'pass');
on(abort.partsGone, '404 NoSuchKey', { listing: { exchange: err('NoSuchKey') } }, 'indeterminate');
on(abort.partsGone, '404 NoSuchBucket', { listing: { exchange: err('NoSuchBucket') } }, 'indeterminate');
on(
  abort.partsGone,
  '404 without a document',
  { listing: { exchange: ex({ status: 404 }) } },
  'indeterminate',
);
on(abort.partsGone, 'parts listed', { listing: listOf(part1) }, 'fail');
on(abort.partsGone, 'empty list', { listing: listOf() }, 'pass');
on(abort.partsGone, '403 AccessDenied', { listing: { exchange: err('AccessDenied') } }, 'indeterminate');
on(abort.partsGone, '200 with no readable list', { listing: { exchange: ok() } }, 'indeterminate');
on(abort.partsGone, '500', { listing: { exchange: err('InternalError') } }, 'not-pass');
on(abort.noObject, '404', { head: ex({ status: 404 }) }, 'pass');
on(abort.noObject, 'object exists', { head: ok() }, 'fail');
on(abort.existingUntouched, 'same', { specs: [A], read: read(bytesA), abort: ok(204) }, 'pass');
on(abort.existingUntouched, 'changed', { specs: [A], read: read(bytesB), abort: ok(204) }, 'fail');

// 10. SSE
for (const c of [sse.uploadPartEcho, sse.completeEcho]) {
  on(c, 'echoed', { initiate: ok(), answer: ok(200, { 'x-cos-server-side-encryption': 'AES256' }) }, 'pass');
  on(c, 'not echoed', { initiate: ok(), answer: ok() }, 'fail');
  on(c, 'initiate refused (cos)', { initiate: err('InvalidArgument'), answer: undefined }, 'fail');
  on(c, 'initiate refused (s3)', { initiate: err('NotImplemented'), answer: undefined }, 'skip', {
    profile: S3_PROFILE,
  });
  const s3 = { profile: S3_PROFILE };
  on(
    c,
    'algorithm refused (s3)',
    { initiate: err('InvalidEncryptionAlgorithmError'), answer: undefined },
    'skip',
    s3,
  );
  const unsupported = err('InvalidRequest', { message: 'Server Side Encryption with KMS is not configured' });
  on(c, '400 naming encryption (s3)', { initiate: unsupported, answer: undefined }, 'skip', s3);
  on(c, '500 (s3)', { initiate: err('InternalError'), answer: undefined }, 'indeterminate', s3);
  on(c, '403 (s3)', { initiate: err('AccessDenied'), answer: undefined }, 'error', s3);
  on(
    c,
    '400 about something else (s3)',
    { initiate: err('InvalidArgument'), answer: undefined },
    'error',
    s3,
  );
  on(c, '500 (cos)', { initiate: err('InternalError'), answer: undefined }, 'indeterminate');
}

const AES = { 'x-cos-server-side-encryption': 'AES256' };
for (const c of [sse.initiateEcho, sse.headObjectEcho]) {
  on(c, 'echoed', { initiate: ok(200, AES), answer: ok(200, AES) }, 'pass');
  on(c, 'not echoed', { initiate: ok(), answer: ok() }, 'fail');
}
on(
  sse.headObjectEcho,
  'Complete failed',
  { initiate: ok(), steps: [ok(), err('InvalidPart')], answer: undefined },
  'error',
);
const KMS = {
  'x-cos-server-side-encryption': 'cos/kms',
  'x-cos-server-side-encryption-cos-kms-key-id': 'k1',
};
for (const c of [sse.initiateKmsEcho, sse.uploadPartKmsEcho]) {
  on(c, 'echoed with the key id', { initiate: ok(200, KMS), answer: ok(200, KMS), expect: KMS }, 'pass');
  on(
    c,
    'key id missing',
    { initiate: ok(), answer: ok(200, { 'x-cos-server-side-encryption': 'cos/kms' }), expect: KMS },
    'fail',
  );
  const noKms = err('InvalidArgument', { message: 'KMS is not enabled for this account' });
  on(c, 'KMS refused as unsupported (cos)', { initiate: noKms, answer: undefined, expect: KMS }, 'skip');
  on(
    c,
    'KMS refused otherwise (cos)',
    { initiate: err('AccessDenied'), answer: undefined, expect: KMS },
    'error',
  );
}
const SSEC = {
  'x-cos-server-side-encryption-customer-algorithm': 'AES256',
  'x-cos-server-side-encryption-customer-key-md5': 'bWQ1',
};
for (const c of [sse.initiateSsecEcho, sse.uploadPartSsecEcho, sse.headObjectSsecEcho]) {
  on(
    c,
    'algorithm and key MD5 echoed',
    { initiate: ok(200, SSEC), answer: ok(200, SSEC), expect: SSEC },
    'pass',
  );
  on(
    c,
    'key MD5 missing',
    {
      initiate: ok(),
      answer: ok(200, { 'x-cos-server-side-encryption-customer-algorithm': 'AES256' }),
      expect: SSEC,
    },
    'fail',
  );
  const insecure = err('InvalidRequest', {
    message: 'Requests specifying SSE-C must be made over a secure connection.',
  });
  on(c, 'SSE-C over plain HTTP refused', { initiate: insecure, answer: undefined, expect: SSEC }, 'skip');
}
for (const c of [
  sse.ssecKeyMissing,
  sse.ssecOtherKey,
  sse.ssecKeyMd5Mismatch,
  sse.ssecUnexpected,
  sse.ssecReadWithoutKey,
]) {
  on(c, '400', { initiate: ok(), answer: err('InvalidRequest') }, 'pass');
  on(c, '400 with another code', { initiate: ok(), answer: err('InvalidArgument') }, 'pass');
  on(c, 'accepted', { initiate: ok(), answer: ok() }, 'fail');
  on(c, '403', { initiate: ok(), answer: err('AccessDenied') }, 'fail');
}
on(
  sse.ssecKeyMissing,
  'SSE-C unsupported (s3)',
  { initiate: err('NotImplemented'), answer: undefined },
  'skip',
  {
    profile: S3_PROFILE,
  },
);
on(
  sse.ssecUnexpected,
  'plain Initiate refused',
  { initiate: err('AccessDenied'), answer: undefined },
  'error',
);
on(
  sse.ssecReadWithoutKey,
  'Complete failed',
  { initiate: ok(), steps: [ok(), err('InvalidPart')], answer: undefined },
  'error',
);

// 11. Auth
on(auth.wrongSignatureRefused, '403', { upload: err('SignatureDoesNotMatch') }, 'pass');
on(auth.wrongSignatureRefused, 'accepted', { upload: ok() }, 'fail');
on(
  auth.wrongSignatureStoresNothing,
  'nothing',
  { upload: err('SignatureDoesNotMatch'), listing: listOf() },
  'pass',
);
on(auth.wrongSignatureStoresNothing, 'stored', { upload: ok(), listing: listOf(part1) }, 'fail');
on(
  auth.wrongSignatureStoresNothing,
  'listing unreadable',
  { upload: err('SignatureDoesNotMatch'), listing: { exchange: ok() } },
  'indeterminate',
);
on(
  auth.wrongSignatureStoresNothing,
  'the forged upload got no answer',
  { upload: ex({ transport: 'ECONNREFUSED' }), listing: listOf() },
  'indeterminate',
);
on(auth.anonymousRefused, '403 AccessDenied', { upload: err('AccessDenied') }, 'pass');
on(auth.anonymousRefused, 'accepted', { upload: ok() }, 'fail');
on(auth.unknownKeyRefused, '403 InvalidAccessKeyId', { upload: err('InvalidAccessKeyId') }, 'pass');
on(auth.unknownKeyRefused, '403 SignatureDoesNotMatch', { upload: err('SignatureDoesNotMatch') }, 'fail');
on(auth.expiredSignatureRefused, 'RequestTimeTooSkewed', { upload: err('RequestTimeTooSkewed') }, 'pass', {
  variant: 'RequestTimeTooSkewed',
});
on(
  auth.expiredSignatureRefused,
  'AccessDenied (Request has expired)',
  { upload: err('AccessDenied') },
  'pass',
  {
    variant: 'AccessDenied',
  },
);
on(auth.expiredSignatureRefused, 'accepted', { upload: ok() }, 'fail');
on(auth.tamperedParamsRefused, '403', { upload: err('SignatureDoesNotMatch') }, 'pass');
on(auth.tamperedParamsRefused, 'accepted', { upload: ok() }, 'fail');
on(auth.tamperedUploadIdRefused, '403', { upload: err('SignatureDoesNotMatch') }, 'pass');
on(auth.tamperedUploadIdRefused, 'accepted', { upload: ok() }, 'fail');
on(auth.partialParamsAccepted, 'accepted', { upload: ok(), signer: 'cos' }, 'pass');
on(auth.partialParamsAccepted, 'refused', { upload: err('SignatureDoesNotMatch'), signer: 'cos' }, 'fail');
on(auth.partialParamsAccepted, 'a SigV4 run', { upload: ok(), signer: 'sigv4' }, 'skip');
on(auth.partialParamsAccepted, 'not under s3', { upload: ok(), signer: 'cos' }, 'skip', {
  profile: S3_PROFILE,
});
const refusedAll = [err('AccessDenied'), err('InvalidAccessKeyId'), undefined];
on(auth.refusalsStoreNothing, 'nothing', { refused: refusedAll, listing: listOf() }, 'pass');
on(
  auth.refusalsStoreNothing,
  'stored',
  { refused: [ok(), err('AccessDenied')], listing: listOf(part1) },
  'fail',
);
on(
  auth.refusalsStoreNothing,
  'no refusal answered',
  { refused: [ex({ transport: 'ECONNRESET' }), undefined], listing: listOf() },
  'indeterminate',
);
const presignedOf = (upload: Exchange, parts: Array<{ partNumber: number; etag: string; size: number }>) => ({
  upload,
  md5Hex: etagA.slice(1, -1),
  partNumber: 1,
  listing: listOf(...parts),
});
on(auth.presignedStored, 'stored and listed', presignedOf(ok(), [part1]), 'pass');
on(auth.presignedStored, 'refused', presignedOf(err('AccessDenied'), []), 'fail');
on(auth.presignedStored, 'not listed', presignedOf(ok(), []), 'fail');
on(
  auth.presignedStored,
  'listed with another ETag',
  presignedOf(ok(), [{ ...part1, etag: `"${'0'.repeat(32)}"` }]),
  'fail',
);
for (const c of [auth.temporaryTokenHeader, auth.temporaryTokenQuery]) {
  on(c, 'accepted', { upload: ok(), configured: true }, 'pass');
  on(c, 'refused', { upload: err('InvalidAccessKeyId'), configured: true }, 'fail');
  on(c, 'no temporary key', { upload: undefined, configured: false }, 'skip', {
    message: /no temporary credentials configured/,
  });
}
for (const c of [auth.temporaryTokenMissingRefused, auth.temporaryTokenWrongRefused]) {
  for (const code of ['InvalidAccessKeyId', 'AccessDenied', 'InvalidToken'] as const) {
    on(c, code, { upload: err(code), configured: true }, 'pass', { variant: code });
  }
  on(c, 'accepted', { upload: ok(), configured: true }, 'fail');
  on(c, 'no temporary key', { upload: undefined, configured: false }, 'skip');
}

// Error answers
{
  const noRequestId = ex({ status: 404, error: { code: 'NoSuchUpload', message: 'm', requestId: 'rid' } });
  const amzOnly = ex({
    status: 403,
    headers: { 'x-amz-request-id': 'rid' },
    error: { code: 'AccessDenied', message: 'm', requestId: 'rid' },
  });
  const provoked = [err('AccessDenied'), err('NoSuchUpload'), err('InvalidArgument'), ok(), undefined];
  on(errors.errorRequestId, 'every error answer has x-cos-request-id', { exchanges: provoked }, 'pass', {
    variant: 'x-cos-request-id',
  });
  on(errors.errorRequestId, 'one without', { exchanges: [err('AccessDenied'), noRequestId] }, 'fail');
  on(errors.errorRequestId, 'x-amz-request-id (cos)', { exchanges: [amzOnly] }, 'fail');
  on(errors.errorRequestId, 'x-amz-request-id (s3)', { exchanges: [amzOnly] }, 'pass', {
    profile: S3_PROFILE,
    variant: 'x-amz-request-id',
  });
  on(errors.errorRequestId, 'no error answer', { exchanges: [ok(), undefined] }, 'indeterminate');
  on(errors.errorDocumentFields, 'well-formed', { exchanges: provoked }, 'pass', { variant: 'well-formed' });
  on(
    errors.errorDocumentFields,
    'no RequestId',
    { exchanges: [err('AccessDenied', { requestId: '' })] },
    'fail',
    {
      message: /without RequestId/,
    },
  );
  on(
    errors.errorDocumentFields,
    'no document',
    { exchanges: [ex({ status: 400, body: 'Bad Request' })] },
    'fail',
    {
      message: /no readable <Error>/,
    },
  );
  on(errors.errorDocumentFields, 'no error answer', { exchanges: [ok()] }, 'indeterminate');
}

// Checksums (AWS SDK default integrity): s3 requires, cos records
{
  const s3 = { profile: S3_PROFILE };
  const right = [
    [checksums.crc32Right, 'x-amz-checksum-crc32'],
    [checksums.crc32cRight, 'x-amz-checksum-crc32c'],
    [checksums.crc64nvmeRight, 'x-amz-checksum-crc64nvme'],
    [checksums.sha1Right, 'x-amz-checksum-sha1'],
    [checksums.sha256Right, 'x-amz-checksum-sha256'],
  ] as const;
  for (const [c, name] of right) {
    const echoed = { upload: ok(200, { [name]: 'AAAA' }), sent: 'AAAA' };
    on(c, 'echoed (s3)', echoed, 'pass', { ...s3, variant: 'echoed' });
    on(c, 'echoed (cos)', echoed, 'pass', { variant: 'echoed' });
    on(c, 'not echoed (s3)', { upload: ok(), sent: 'AAAA' }, 'fail', s3);
    on(c, 'not echoed (cos)', { upload: ok(), sent: 'AAAA' }, 'pass', { variant: 'accepted-without-echo' });
    on(c, 'another value echoed', { upload: ok(200, { [name]: 'BBBB' }), sent: 'AAAA' }, 'fail');
    on(c, 'refused (cos)', { upload: err('InvalidRequest'), sent: 'AAAA' }, 'pass', { variant: 'refused' });
    on(c, '403 (cos): says nothing about checksums', { upload: err('AccessDenied'), sent: 'AAAA' }, 'error');
    on(c, '500 (s3)', { upload: err('InternalError'), sent: 'AAAA' }, 'indeterminate', s3);
    on(c, 'no answer', { upload: ex({ transport: 'ECONNRESET' }), sent: 'AAAA' }, 'not-pass', s3);
  }
  const unsupported = err('InvalidRequest', { message: 'The algorithm CRC32C is not supported' });
  on(checksums.crc32Right, 'refused as unsupported (s3)', { upload: unsupported, sent: 'AAAA' }, 'fail', s3);
  on(checksums.crc32cRight, 'refused as unsupported (s3)', { upload: unsupported, sent: 'AAAA' }, 'skip', s3);
  on(checksums.crc32cRight, '501 (s3)', { upload: err('NotImplemented'), sent: 'AAAA' }, 'skip', s3);
  on(
    checksums.crc32cRight,
    'unrelated 400 (s3)',
    { upload: err('InvalidArgument'), sent: 'AAAA' },
    'fail',
    s3,
  );

  const part6 = { partNumber: 6, etag: etagA, size: 300 };
  for (const c of [checksums.crc32Wrong, checksums.awsChunkedTrailerWrong]) {
    const refused = { upload: err('BadDigest'), listing: listOf(), partNumber: 6, framedSize: 357 };
    on(c, 'BadDigest, nothing stored (s3)', refused, 'pass', { ...s3, variant: 'BadDigest' });
    on(c, 'BadDigest, nothing stored (cos)', refused, 'pass', { variant: 'BadDigest' });
    const stored = { upload: err('BadDigest'), listing: listOf(part6), partNumber: 6, framedSize: 357 };
    on(c, 'BadDigest but stored', stored, 'fail', s3);
    on(c, 'BadDigest but stored (cos)', stored, 'fail');
    const accepted = { upload: ok(), listing: listOf(part6), partNumber: 6, framedSize: 357 };
    on(c, 'accepted (s3)', accepted, 'fail', s3);
    on(c, 'accepted (cos)', accepted, 'pass', { variant: 'accepted-unverified' });
    const invalid = { upload: err('InvalidRequest'), listing: listOf(), partNumber: 6, framedSize: 357 };
    on(c, 'InvalidRequest (s3)', invalid, 'fail', s3);
    on(c, 'InvalidRequest (cos)', invalid, 'pass', { variant: 'refused' });
    const denied = { upload: err('AccessDenied'), listing: listOf(), partNumber: 6, framedSize: 357 };
    on(c, '403 (cos)', denied, 'error');
    const unread = { upload: err('BadDigest'), listing: { exchange: ok() }, partNumber: 6 };
    on(c, 'listing unreadable', unread, 'indeterminate', s3);
    const noListing = { upload: ok(), listing: { exchange: err('MethodNotAllowed') }, partNumber: 6 };
    on(c, 'accepted, no List Parts (s3)', noListing, 'fail', s3);
    on(c, 'accepted, no List Parts (cos)', noListing, 'error');
  }
  const framedStored = {
    upload: ok(),
    listing: listOf({ partNumber: 6, etag: etagA, size: 357 }),
    partNumber: 6,
    framedSize: 357,
  };
  on(checksums.awsChunkedTrailerWrong, 'accepted with the framing (cos)', framedStored, 'fail');

  const framedBytes = Buffer.concat([Buffer.from('12c\r\n'), bytesA, Buffer.from('\r\n0\r\n\r\n')]);
  const chunked = (answer: Exchange, parts: Array<{ partNumber: number; etag: string; size: number }>) => ({
    upload: answer,
    listing: listOf(...parts),
    partNumber: 7,
    decoded: { size: 300, md5Hex: md5(bytesA) },
    framed: { size: framedBytes.length, md5Hex: md5(framedBytes) },
    trailer: { header: 'x-amz-checksum-crc32', value: 'AAAA' },
  });
  const decoded = { partNumber: 7, etag: etagA, size: 300 };
  on(checksums.awsChunked, 'decoded (s3)', chunked(ok(200, { etag: etagA }), [decoded]), 'pass', {
    ...s3,
    variant: 'decoded',
  });
  on(checksums.awsChunked, 'decoded (cos)', chunked(ok(200, { etag: etagA }), [decoded]), 'pass', {
    variant: 'decoded',
  });
  const raw = { partNumber: 7, etag: `"${md5(framedBytes)}"`, size: framedBytes.length };
  on(checksums.awsChunked, 'framing stored (s3)', chunked(ok(), [raw]), 'fail', s3);
  on(checksums.awsChunked, 'framing stored (cos)', chunked(ok(), [raw]), 'fail', {
    message: /framing/,
  });
  const other = { partNumber: 7, etag: `"${md5('x')}"`, size: 300 };
  on(checksums.awsChunked, 'other bytes stored', chunked(ok(), [other]), 'fail');
  on(checksums.awsChunked, 'accepted, not listed', chunked(ok(), []), 'fail');
  const framedEtag = {
    ...chunked(ok(200, { etag: `"${md5(framedBytes)}"` }), []),
    listing: { exchange: err('MethodNotAllowed') },
  };
  on(checksums.awsChunked, 'ETag of the framed body, no List Parts', framedEtag, 'fail', {
    message: /framing/,
  });
  const noList = { ...chunked(ok(200, { etag: etagA }), []), listing: { exchange: err('MethodNotAllowed') } };
  on(checksums.awsChunked, 'decoded ETag, no List Parts', noList, 'error', s3);
  on(checksums.awsChunked, 'refused (s3)', chunked(err('MissingContentLength'), []), 'fail', s3);
  on(checksums.awsChunked, 'refused (cos)', chunked(err('InvalidArgument'), []), 'pass', {
    variant: 'refused',
  });
  on(checksums.awsChunked, '405 (cos)', chunked(err('MethodNotAllowed'), []), 'error');
}

// Upload Part - Copy
uploadPartCopyCases(on);

// List Parts paging
const page = (partNumbers: number[], isTruncated: boolean, next?: number): listParts.PartsPage => ({
  exchange: ok(),
  partNumbers,
  isTruncated,
  maxParts: 2,
  ...(next !== undefined ? { nextPartNumberMarker: next } : {}),
});
for (const c of [listParts.pagingMaxParts, listParts.pagingOver1000]) {
  on(
    c,
    'right',
    { uploaded: [1, 2, 3], defaultPage: 1000, pages: [page([1, 2], true, 2), page([3], false)] },
    'pass',
  );
  on(
    c,
    'repeats a part',
    { uploaded: [1, 2, 3], defaultPage: 1000, pages: [page([1, 2], true, 2), page([2, 3], false)] },
    'fail',
  );
  on(
    c,
    'wrong marker',
    { uploaded: [1, 2, 3], defaultPage: 1000, pages: [page([1, 2], true, 1), page([3], false)] },
    'fail',
  );
  on(
    c,
    'last page truncated',
    { uploaded: [1, 2], defaultPage: 1000, pages: [page([1, 2], true, 2)] },
    'fail',
  );
}

// Model and run
on(model.sequences, 'conform', { numRuns: 3, failed: false, interrupted: false, exchanges: [] }, 'pass');
on(
  model.sequences,
  'shrunk failure',
  {
    numRuns: 3,
    failed: true,
    interrupted: false,
    reason: 'x',
    counterexample: '1. a',
    replay: 'T',
    exchanges: [],
  },
  'fail',
);
on(
  model.sequences,
  'reset',
  { numRuns: 3, failed: true, interrupted: false, failureOutcome: 'indeterminate', exchanges: [] },
  'indeterminate',
);
on(run.anyUploadPartSuccess, 'some', { tallies: [{ attempted: 3, succeeded: 1 }, undefined] }, 'pass');
on(run.anyUploadPartSuccess, 'none', { tallies: [{ attempted: 3, succeeded: 0 }] }, 'indeterminate');

// 12. Request headers of Upload Part
{
  const md5A = md5(bytesA);
  const sentA = (label: string, upload: Exchange) => ({
    label,
    partNumber: 1,
    upload,
    size: 300,
    md5Hex: md5A,
  });
  for (const c of [rh.trafficLimitInRange, rh.contentTypeBytesKept]) {
    on(c, 'stored intact', { parts: [sentA('h', upA)], listing: listOf(part1) }, 'pass');
    on(c, 'refused', { parts: [sentA('h', err('InvalidArgument'))], listing: listOf() }, 'fail');
    on(
      c,
      'other ETag',
      { parts: [sentA('h', ok(200, { etag: `"${md5(bytesB)}"` }))], listing: listOf(part1) },
      'fail',
    );
    on(
      c,
      'listed with other bytes',
      { parts: [sentA('h', upA)], listing: listOf({ ...part1, size: 301 }) },
      'fail',
    );
    on(
      c,
      'listing failed',
      { parts: [sentA('h', upA)], listing: { exchange: err('AccessDenied') } },
      'error',
    );
  }
  on(rh.trafficLimitInRange, 'not applicable (s3)', { parts: [], listing: listOf() }, 'skip', {
    profile: S3_PROFILE,
  });
  for (const c of [rh.trafficLimitBelowMin, rh.trafficLimitAboveMax, rh.trafficLimitNotNumeric]) {
    on(c, '400 InvalidArgument', { upload: err('InvalidArgument') }, 'pass', { variant: '400' });
    on(c, 'accepted', { upload: ok() }, 'fail');
    on(c, '403', { upload: err('AccessDenied') }, 'fail');
  }
  for (const c of [rh.contentLengthNotNumeric, rh.contentLengthNegative]) {
    on(c, 'bare 400', { upload: ex({ status: 400, body: '<html>400</html>' }) }, 'pass');
    on(c, '411', { upload: err('MissingContentLength') }, 'fail');
    on(c, 'accepted', { upload: ok() }, 'fail');
  }
  const continued = (e: Exchange) => {
    e.response!.informational = [100];
    return e;
  };
  const expectCase = (upload: Exchange) => ({ upload, md5Hex: md5A, waitMs: 2000 });
  on(rh.expectContinueAccepted, '100 then 200', expectCase(continued(ok(200, { etag: etagA }))), 'pass', {
    variant: 'continue-then-200',
  });
  on(rh.expectContinueAccepted, '200 without 100', expectCase(ok(200, { etag: etagA })), 'fail', {
    message: /without 100 Continue/,
  });
  on(rh.expectContinueAccepted, '100 then 400', expectCase(continued(err('InvalidRequest'))), 'fail');
  on(
    rh.expectContinueAccepted,
    '100 then wrong ETag',
    expectCase(continued(ok(200, { etag: '"x"' }))),
    'fail',
  );
  const longer = (upload: Exchange, listing: ReturnType<typeof listOf>) => ({
    upload,
    partNumber: 1,
    declared: { size: 300, md5Hex: md5A },
    sent: 350,
    listing,
  });
  on(
    rh.bodyLongerThanContentLength,
    '400, declared bytes',
    longer(err('InvalidRequest'), listOf(part1)),
    'pass',
    {
      variant: 'declared-bytes',
    },
  );
  on(
    rh.bodyLongerThanContentLength,
    'closed, nothing',
    longer(ex({ transport: 'SOCKET_CLOSED' }), listOf()),
    'pass',
    {
      variant: 'nothing-stored',
    },
  );
  on(
    rh.bodyLongerThanContentLength,
    'trailing bytes kept',
    longer(upA, listOf({ ...part1, size: 350, etag: '"y"' })),
    'fail',
    {
      message: /became part of it/,
    },
  );
  on(rh.bodyLongerThanContentLength, '200, nothing stored', longer(upA, listOf()), 'fail');
  const emptyEtag = ok(200, { etag: `"${rh.EMPTY_MD5.hex}"` });
  on(
    rh.md5EmptyLastPart,
    'accepted, completed',
    { upload: emptyEtag, complete: ok(200, {}, RESULT) },
    'pass',
  );
  on(rh.md5EmptyLastPart, 'BadDigest', { upload: err('BadDigest'), complete: undefined }, 'fail');
  on(rh.md5EmptyLastPart, 'Complete refused', { upload: emptyEtag, complete: err('EntityTooSmall') }, 'fail');
  const psizeCase = (upload: Exchange, listing: ReturnType<typeof listOf>) => ({
    label: 'x-cos-psize-max: 100',
    upload,
    partNumber: 1,
    size: 300,
    md5Hex: md5A,
    listing,
  });
  for (const c of [rh.psizeMaxBelowSize, rh.psizeMinAboveSize]) {
    on(c, 'ignored', psizeCase(upA, listOf(part1)), 'pass', { variant: 'ignored' });
    on(c, 'enforced', psizeCase(err('InvalidArgument'), listOf()), 'pass', { variant: 'enforced' });
    on(c, 'accepted, cut', psizeCase(upA, listOf({ ...part1, size: 100 })), 'fail');
    on(c, 'refused, stored', psizeCase(err('InvalidArgument'), listOf(part1)), 'fail');
    on(c, 'not applicable (s3)', psizeCase(upA, listOf(part1)), 'skip', { profile: S3_PROFILE });
  }
}

/**
 * What the case table misses: a check without a passing case, a non-observation check without a case whose
 * wanted outcome is `fail` (a run-scope check: `indeterminate`, its only non-pass verdict), an observation
 * without two cases recording different variants.
 */
function uncovered(
  defs: ReadonlyArray<{ id: string; observation?: boolean; scope?: 'test' | 'run' }>,
  table: ReadonlyArray<Pick<Case, 'id' | 'want' | 'variant'>>,
): string[] {
  const problems: string[] = [];
  for (const def of defs) {
    const mine = table.filter((c) => c.id === def.id);
    const outcomes = mine.map((c) => c.want);
    if (!outcomes.includes('pass')) problems.push(`${def.id} has no passing case`);
    if (def.observation) {
      if (new Set(mine.map((c) => c.variant)).size < 2) problems.push(`${def.id} records one variant only`);
      // An observation fails only on a violation under every reading; each has a case of one.
      if (!outcomes.includes('fail')) problems.push(`${def.id} has no violation that fails`);
    } else if (!outcomes.includes(def.scope === 'run' ? 'indeterminate' : 'fail')) {
      problems.push(`${def.id} has no case that fails`);
    }
  }
  return problems;
}

describe('check judges', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = c.run();
    expect(r.checkId).toBe(c.id);
    expect(r.seed).toBe(7);
    if (c.want === 'not-pass') expect(r.outcome).not.toBe('pass');
    else expect(r.outcome, r.message).toBe(c.want);
    if (c.variant !== undefined) expect(r.variantSeen).toBe(c.variant);
    if (c.message) expect(r.message).toMatch(c.message);
  });

  test('every check of the catalogue has a passing case and a case that really fails', () => {
    expect(uncovered(CHECKS, cases)).toEqual([]);
  });

  test('the coverage rule itself: indeterminate, error or "not pass" is no proof that a check can fail', () => {
    const def = { id: 'x.y', observation: false, scope: 'test' as const };
    const table = (...want: Case['want'][]) => want.map((w) => ({ id: 'x.y', want: w }));
    expect(uncovered([def], table('pass', 'fail'))).toEqual([]);
    expect(uncovered([def], table('pass', 'indeterminate', 'error', 'not-pass'))).toEqual([
      'x.y has no case that fails',
    ]);
    expect(uncovered([def], table('fail'))).toEqual(['x.y has no passing case']);
    // A run-scope check's only non-pass verdict is indeterminate (docs/architecture.md "Checks and outcomes"); it must show it.
    expect(uncovered([{ ...def, scope: 'run' }], table('pass', 'indeterminate'))).toEqual([]);
    expect(uncovered([{ ...def, scope: 'run' }], table('pass'))).toEqual(['x.y has no case that fails']);
  });

  test('evidence is bounded', () => {
    const many = Array.from({ length: 100 }, () => err('NoSuchUpload'));
    const r = nsu.errorDocument.judge({ exchanges: many }, { profile: COS_PROFILE, seed: 1 });
    expect(r.exchanges.length).toBeLessThanOrEqual(24);
  });
});
