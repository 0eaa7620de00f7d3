/**
 * The judge cases of the upload-part-copy family (src/checks/families/upload-part-copy.ts), added to the table of
 * test/checks/judges.test.ts: for each check an input that passes and one that fails.
 */
import { createHash } from 'node:crypto';
import type { BodySpec } from '../../src/body/generate.ts';
import { bodyBytes, bodySlice } from '../../src/body/part-body.ts';
import { crc64 } from '../../src/body/crc64.ts';
import * as copy from '../../src/checks/families/upload-part-copy.ts';
import type { Check } from '../../src/checks/kit/define.ts';
import type { Outcome } from '../../src/checks/types.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { S3_PROFILE } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/types.ts';
import { err, ex, got, ok } from './fixtures.ts';

/** The `on` of judges.test.ts: declares one case. */
export type On = <I>(
  check: Check<I>,
  name: string,
  input: I,
  want: Outcome | 'not-pass',
  o?: { profile?: Profile; variant?: string; message?: RegExp },
) => void;

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const SOURCE: BodySpec = { seed: 11, size: 3000, stamp: { upload: 4, part: 1 } };
const UPLOADED: BodySpec = { seed: 12, size: 500, stamp: { upload: 4, part: 2 } };
const whole: copy.CopiedSlice = { label: 'whole source', spec: SOURCE, start: 0, length: 3000 };
const ranged: copy.CopiedSlice = { label: 'bytes=100-1099', spec: SOURCE, start: 100, length: 1000 };
const uploaded: copy.CopiedSlice = { label: 'uploaded', spec: UPLOADED, start: 0, length: 500 };
const bytesOf = (s: copy.CopiedSlice) => bodySlice(s.spec, s.start, s.start + s.length);

function copyAnswer(
  bytes: Buffer,
  o: { lastModified?: string | null; headers?: Record<string, string> } = {},
) {
  const lm =
    o.lastModified === null
      ? ''
      : `<LastModified>${o.lastModified ?? '2026-01-01T00:00:00.000Z'}</LastModified>`;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<CopyPartResult><ETag>"${md5(bytes)}"</ETag>${lm}</CopyPartResult>`;
  return ex({
    op: 'uploadPartCopy',
    status: 200,
    headers: { 'x-cos-request-id': 'rid', ...o.headers },
    body: xml,
  });
}
const part = (slice: copy.CopiedSlice, answer: Exchange, partNumber = 1) => ({
  partNumber,
  put: ok(),
  copy: answer,
  slice,
  crc64: crc64(bytesOf(slice)).toString(),
});
const listing = (...parts: Array<{ partNumber: number; size: number }>) => ({
  exchange: ok(),
  parts: parts.map((p) => ({ ...p, etag: '"x"' })),
});

export function uploadPartCopyCases(on: On): void {
  const wholeBytes = bodyBytes(SOURCE);
  on(copy.wholeObject, 'copied', part(whole, copyAnswer(wholeBytes)), 'pass', { variant: 'copied' });
  on(
    copy.wholeObject,
    'no LastModified',
    part(whole, copyAnswer(wholeBytes, { lastModified: null })),
    'fail',
  );
  on(
    copy.wholeObject,
    'LastModified not a date',
    part(whole, copyAnswer(wholeBytes, { lastModified: 'soon' })),
    'fail',
  );
  on(copy.wholeObject, 'ETag of other bytes', part(whole, copyAnswer(bytesOf(ranged))), 'fail');
  on(copy.wholeObject, 'no CopyPartResult', part(whole, ok()), 'fail');
  on(copy.wholeObject, '404', part(whole, err('NoSuchKey')), 'fail');
  on(copy.wholeObject, '405 (no Upload Part - Copy)', part(whole, err('MethodNotAllowed')), 'error', {
    message: /^needs Upload Part - Copy/,
  });
  on(
    copy.wholeObject,
    'source not put',
    { ...part(whole, copyAnswer(wholeBytes)), put: err('AccessDenied') },
    'error',
  );

  const rangedPart = part(ranged, copyAnswer(bytesOf(ranged)), 1);
  on(copy.range, 'copied', { parts: [rangedPart], listing: listing({ partNumber: 1, size: 1000 }) }, 'pass');
  on(
    copy.range,
    'whole object copied',
    { parts: [part(ranged, copyAnswer(wholeBytes))], listing: listing() },
    'fail',
  );
  on(
    copy.range,
    'listed size off by one',
    { parts: [rangedPart], listing: listing({ partNumber: 1, size: 999 }) },
    'fail',
  );
  on(
    copy.range,
    'listing failed',
    { parts: [rangedPart], listing: { exchange: err('InternalError') } },
    'indeterminate',
  );

  const crc = (slice: copy.CopiedSlice, value: string | undefined) =>
    part(
      slice,
      copyAnswer(bytesOf(slice), value === undefined ? {} : { headers: { 'x-cos-hash-crc64ecma': value } }),
    );
  const right = crc64(bytesOf(ranged)).toString();
  on(copy.crc64, 'equal', { parts: [crc(ranged, right)] }, 'pass', { variant: 'equal' });
  on(copy.crc64, 'CRC of the whole source', { parts: [crc(ranged, crc64(wholeBytes).toString())] }, 'fail');
  on(copy.crc64, 'absent (cos)', { parts: [crc(ranged, undefined)] }, 'fail');
  on(copy.crc64, 'absent (s3)', { parts: [crc(ranged, undefined)] }, 'pass', {
    profile: S3_PROFILE,
    variant: 'absent',
  });

  const object = Buffer.concat([bytesOf(ranged), bytesOf(uploaded), wholeBytes]);
  const assembled = (bytes: Buffer, keep = true) => ({
    steps: [
      { partNumber: 3, label: 'whole', exchange: ok() },
      { partNumber: 1, label: 'range', exchange: ok() },
      { partNumber: 2, label: 'uploaded', exchange: ok() },
    ],
    complete: ok(),
    slices: [ranged, uploaded, whole],
    read: { exchange: got(bytes), offset: 0, length: object.length, ...(keep ? { actual: bytes } : {}) },
  });
  on(copy.readBack, 'equal', assembled(object), 'pass', { variant: 'equal' });
  on(copy.readBack, 'equal (hashed only)', assembled(object, false), 'pass');
  const wrong = Buffer.from(object);
  wrong[1500] = (wrong[1500]! + 1) % 256;
  on(copy.readBack, 'one byte differs', assembled(wrong), 'fail', { message: /byte 1500 of the object/ });
  on(copy.readBack, 'one byte differs (hashed only)', assembled(wrong, false), 'fail');
  on(copy.readBack, 'range left out its last byte', assembled(object.subarray(0, object.length - 1)), 'fail');
  on(copy.readBack, 'Complete refused', { ...assembled(object), complete: err('EntityTooSmall') }, 'error');

  const refusals: Array<[Check<copy.RefusedCopies>, string]> = [
    [copy.rangeBeyondSource, 'InvalidArgument'],
    [copy.malformedRange, 'InvalidArgument'],
    [copy.missingSource, 'NoSuchKey'],
    [copy.unknownUpload, 'NoSuchUpload'],
    [copy.partNumberRange, 'InvalidArgument'],
    [copy.conditionFailed, 'PreconditionFailed'],
  ];
  for (const [check, code] of refusals) {
    on(
      check,
      code,
      {
        cases: [
          { label: 'a', copy: err(code) },
          { label: 'b', copy: err(code) },
        ],
      },
      'pass',
    );
    on(
      check,
      'one accepted',
      {
        cases: [
          { label: 'a', copy: err(code) },
          { label: 'b', copy: ok() },
        ],
      },
      'fail',
    );
    on(check, '500', { cases: [{ label: 'a', copy: err('InternalError') }] }, 'fail');
    on(
      check,
      '501 (no Upload Part - Copy)',
      { cases: [{ label: 'a', copy: err('NotImplemented') }] },
      'error',
      {
        message: /^needs Upload Part - Copy/,
      },
    );
  }
  on(
    copy.rangeBeyondSource,
    '416 InvalidRange (cos)',
    { cases: [{ label: 'a', copy: err('InvalidRange') }] },
    'pass',
  );
  on(
    copy.rangeBeyondSource,
    '416 InvalidRange (s3)',
    { cases: [{ label: 'a', copy: err('InvalidRange') }] },
    'fail',
    {
      profile: S3_PROFILE,
    },
  );

  const refused = [
    { label: 'range', partNumber: 1, copy: err('InvalidArgument') },
    { label: 'condition', partNumber: 5, copy: err('PreconditionFailed') },
  ];
  on(copy.refusalsStoreNothing, 'nothing', { cases: refused, listing: listing() }, 'pass');
  on(
    copy.refusalsStoreNothing,
    'refused part listed',
    { cases: refused, listing: listing({ partNumber: 5, size: 3 }) },
    'fail',
  );
  on(
    copy.refusalsStoreNothing,
    'an accepted copy is listed (judged by its own check)',
    {
      cases: [...refused, { label: 'accepted', partNumber: 0, copy: ok() }],
      listing: listing({ partNumber: 0, size: 3 }),
    },
    'pass',
  );
  on(
    copy.refusalsStoreNothing,
    'nothing refused',
    { cases: [{ label: 'a', partNumber: 1, copy: ok() }], listing: listing() },
    'indeterminate',
  );
}
