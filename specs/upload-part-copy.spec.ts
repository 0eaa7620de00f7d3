/**
 * Family upload-part-copy: Upload Part - Copy (spec §2.3). One source object (Put Object, one minimum part + 1000 bytes) is copied
 * into an upload: a range into part 1, the whole object into part 3, the source's last 1000 bytes into part 4, with
 * part 2 uploaded, sent in the order 3, 2, 4, 1; List Parts, Complete and a read-back judge what was stored. A second
 * upload gets the refusals (a range past the source, malformed ranges, a missing source, part numbers 0 and 10001,
 * failing copy-source conditions), each to its own part number, and a listing after them.
 */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import type { BodySpec } from '../src/body/generate.ts';
import { bodySlice } from '../src/body/part-body.ts';
import {
  type CopiedSlice,
  conditionFailed,
  crc64,
  malformedRange,
  missingSource,
  partNumberRange,
  range,
  rangeBeyondSource,
  readBack,
  refusalsStoreNothing,
  unknownUpload,
  wholeObject,
} from '../src/checks/families/upload-part-copy.ts';
import type { CopySourceConditions, UploadPartCopyOptions } from '../src/client/cos-client.ts';
import type { Exchange, OpResult } from '../src/client/exchange.ts';
import { defaultCosDomain, encodeKeyPath } from '../src/target/addressing.ts';
import { crc64 as crc64Of } from '../src/body/crc64.ts';
import { listing, need, nextUploadNo, partSpec, readObject, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('upload-part-copy');

/** Bytes of the source beyond one minimum part (the whole-object copy is then a valid non-last part). */
const SOURCE_EXTRA = 1000;
/** Length of the last part: the source's last bytes, so that a range ending at its last byte is copied. */
const TAIL = 1000;

/** The copy source header value naming `key` in the run's bucket, in the profile's form (spec §2.3). */
function sourceOf(key: string): string {
  const t = suite.ctx.target;
  const { form } = suite.profile.features.copySource.value;
  return form === 'cos-host'
    ? `${t.bucket}.${t.virtualHostDomain ?? defaultCosDomain(t.region)}/${encodeKeyPath(key)}`
    : `/${t.bucket}/${encodeKeyPath(key)}`;
}

/** Upload Part - Copy of `source` with the profile's header names. */
function copyPart(
  key: string,
  uploadId: string,
  partNumber: number,
  source: string,
  o: Omit<UploadPartCopyOptions, 'sourceHeader'> = {},
) {
  const sourceHeader = suite.profile.features.copySource.value.header;
  return suite.client.uploadPartCopy(key, uploadId, partNumber, source, { ...o, sourceHeader });
}

/** The source object, put once. */
const source = once(async () => {
  const size = suite.profile.limits.minPartSize.value + SOURCE_EXTRA;
  const spec = partSpec(suite.seedOf('upload-part-copy.source'), nextUploadNo(), 1, size);
  const key = suite.key('source');
  const put = need('putObject', await suite.putObject(key, { spec }));
  return { key, spec, put: put.exchange, etag: put.data?.etag ?? '' };
});

/** One part of the assembled upload: copied (with a range or not) or uploaded. */
interface PlannedPart {
  partNumber: number;
  slice: CopiedSlice;
  /** The range header value; undefined for a whole-object copy. */
  range?: string;
  uploaded?: true;
}

/** A slice of the source and the range header that names it. */
function sourceRange(partNumber: number, spec: BodySpec, start: number, length: number): PlannedPart {
  const header = `bytes=${start}-${start + length - 1}`;
  return {
    partNumber,
    range: header,
    slice: { label: `part ${partNumber} (${header})`, spec, start, length },
  };
}

function md5OfSlice(slice: CopiedSlice): string {
  return createHash('md5')
    .update(bodySlice(slice.spec, slice.start, slice.start + slice.length))
    .digest('hex');
}

/** The assembled upload: four parts sent in the order 3, 2, 4, 1, then listed. */
const copied = once(async () => {
  const src = await source();
  const min = suite.profile.limits.minPartSize.value;
  const size = src.spec.size;
  const key = suite.key('assembled');
  const uploadId = await startUpload(suite, key);
  const uploadedSpec = partSpec(suite.seedOf('upload-part-copy.uploaded'), nextUploadNo(), 2, min);
  const plan: PlannedPart[] = [
    sourceRange(1, src.spec, 500, min),
    {
      partNumber: 2,
      uploaded: true,
      slice: { label: 'part 2 (uploaded)', spec: uploadedSpec, start: 0, length: min },
    },
    { partNumber: 3, slice: { label: 'part 3 (whole source)', spec: src.spec, start: 0, length: size } },
    sourceRange(4, src.spec, size - TAIL, TAIL),
  ];
  const answers = new Map<number, OpResult<{ etag?: string; crc64?: string }>>();
  const order = [3, 2, 4, 1];
  for (const n of order) {
    const part = plan[n - 1]!;
    answers.set(
      n,
      part.uploaded
        ? await suite.client.uploadPart(key, uploadId, n, { spec: part.slice.spec })
        : await copyPart(key, uploadId, n, sourceOf(src.key), part.range ? { range: part.range } : {}),
    );
  }
  const listed = await listing(suite, key, uploadId);
  const exchangeOf = (n: number): Exchange => answers.get(n)!.exchange;
  return { src, key, uploadId, plan, order, answers, exchangeOf, listed };
});

/** A copied part as the checks take it, with the CRC-64 of its bytes. */
async function copiedPart(partNumber: number) {
  const c = await copied();
  const part = c.plan[partNumber - 1]!;
  const bytes = bodySlice(part.slice.spec, part.slice.start, part.slice.start + part.slice.length);
  return {
    partNumber,
    put: c.src.put,
    copy: c.exchangeOf(partNumber),
    slice: part.slice,
    crc64: crc64Of(bytes).toString(),
  };
}

/**
 * The assembled upload completed and read back; not sent when a part failed (the check is then judged on that
 * part, and a Complete naming a missing part is what kills some S3 emulators).
 */
const completed = once(async () => {
  const c = await copied();
  const failed = [...c.answers.values()].some(
    (a) => (a.status ?? 0) < 200 || (a.status ?? 0) >= 300 || a.error,
  );
  if (failed) return { complete: undefined, read: { exchange: undefined, offset: 0, length: 0 } };
  const parts = c.plan.map((p) => ({
    partNumber: p.partNumber,
    etag: c.answers.get(p.partNumber)?.data?.etag ?? `"${md5OfSlice(p.slice)}"`,
  }));
  const complete = await suite.complete(c.key, c.uploadId, parts);
  const size = c.plan.reduce((n, p) => n + p.slice.length, 0);
  return { complete: complete.exchange, read: await readObject(suite, c.key, size) };
});

/** A refused copy: what is wrong with it, the part number it targets, and how it is sent. */
interface RefusalCase {
  label: string;
  partNumber: number;
  range?: string;
  source?: string;
  conditions?: CopySourceConditions;
}

const NEVER_MATCHING_ETAG = '"00000000000000000000000000000000"';
const LONG_AGO = 'Sat, 01 Jan 2000 00:00:00 GMT';

/** Every refusal, sent to one upload, each to its own part number, then a listing. */
const refused = once(async () => {
  const src = await source();
  const size = src.spec.size;
  const key = suite.key('refused');
  const uploadId = await startUpload(suite, key);
  const header = suite.profile.features.copySource.value.header;
  const groups: Record<string, RefusalCase[]> = {
    beyond: [
      { label: `bytes=0-${size} (a source of ${size} bytes)`, partNumber: 1, range: `bytes=0-${size}` },
    ],
    malformed: [
      { label: 'bytes=5- (no last byte)', partNumber: 2, range: 'bytes=5-' },
      { label: 'bytes=10-5 (last before first)', partNumber: 3, range: 'bytes=10-5' },
    ],
    missing: [
      {
        label: 'a source key that does not exist',
        partNumber: 4,
        source: sourceOf(suite.key('no-such-source')),
      },
    ],
    conditions: [
      {
        label: `${header}-If-Match: another ETag`,
        partNumber: 5,
        conditions: { ifMatch: NEVER_MATCHING_ETAG },
      },
      {
        label: `${header}-If-None-Match: the source's ETag`,
        partNumber: 6,
        conditions: { ifNoneMatch: src.etag },
      },
      {
        label: `${header}-If-Unmodified-Since: ${LONG_AGO}`,
        partNumber: 7,
        conditions: { ifUnmodifiedSince: LONG_AGO },
      },
    ],
    partNumbers: [
      { label: 'partNumber 0', partNumber: 0 },
      { label: 'partNumber 10001', partNumber: 10_001 },
    ],
  };
  const sent = new Map<RefusalCase, Exchange>();
  for (const c of Object.values(groups).flat()) {
    const answer = await copyPart(key, uploadId, c.partNumber, c.source ?? sourceOf(src.key), {
      ...(c.range ? { range: c.range } : {}),
      ...(c.conditions ? { conditions: c.conditions } : {}),
    });
    sent.set(c, answer.exchange);
  }
  const listed = await listing(suite, key, uploadId);
  const casesOf = (group: string) =>
    groups[group]!.map((c) => ({ label: c.label, partNumber: c.partNumber, copy: sent.get(c) }));
  return { casesOf, groups, listed };
});

describe('upload-part-copy', () => {
  // First: it pays the shared setup, so that its own traffic (the Complete body) is measured with it.
  checkTest(suite, readBack, async () => {
    const c = await copied();
    const done = await completed();
    return {
      steps: c.order.map((n) => ({
        partNumber: n,
        label: c.plan[n - 1]!.slice.label,
        exchange: c.exchangeOf(n),
      })),
      complete: done.complete,
      slices: c.plan.map((p) => p.slice),
      read: done.read,
    };
  });
  checkTest(suite, wholeObject, () => copiedPart(3));
  checkTest(suite, range, async () => ({
    parts: [await copiedPart(1), await copiedPart(4)],
    listing: (await copied()).listed,
  }));
  checkTest(suite, crc64, async () => ({
    parts: [await copiedPart(3), await copiedPart(1), await copiedPart(4)],
  }));
  checkTest(suite, rangeBeyondSource, async () => ({ cases: (await refused()).casesOf('beyond') }));
  checkTest(suite, malformedRange, async () => ({ cases: (await refused()).casesOf('malformed') }));
  checkTest(suite, missingSource, async () => ({ cases: (await refused()).casesOf('missing') }));
  checkTest(suite, conditionFailed, async () => ({ cases: (await refused()).casesOf('conditions') }));
  checkTest(suite, partNumberRange, async () => ({ cases: (await refused()).casesOf('partNumbers') }));
  checkTest(suite, refusalsStoreNothing, async () => {
    const r = await refused();
    return { cases: Object.keys(r.groups).flatMap((g) => r.casesOf(g)), listing: r.listed };
  });
  checkTest(suite, unknownUpload, async () => {
    const src = await source();
    const uploadId = `${1_585_130_821}${createHash('sha256').update(`unknown copy ${suite.ctx.runSeed}`).digest('hex')}`;
    const answer = await copyPart(suite.key('unknown-upload'), uploadId, 1, sourceOf(src.key));
    return { cases: [{ label: 'an upload id that was never issued', copy: answer.exchange }] };
  });

  assertFamilyCovered(suite);
});
