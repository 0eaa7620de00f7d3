/**
 * Family 8: Complete Multipart Upload (spec §2.5 [D7742], §5). Every refusal case gets an upload of its own (an
 * endpoint that wrongly accepts one case must not spoil the next); the result checks share one successful
 * two-part upload.
 */
import { describe } from 'vitest';
import type { BodySpec } from '../src/body/generate.ts';
import { crc64Combine } from '../src/body/crc64.ts';
import {
  ascendingRequired,
  duplicateNumbers,
  emptyList,
  etagFormat,
  etagS3Formula,
  leadingWhitespace,
  missingPart,
  notErrorBody,
  objectCrc64,
  subsetWithGaps,
  wrongEtag,
} from '../src/checks/families/complete.ts';
import type { CompleteCall } from '../src/checks/families/complete.ts';
import { layoutSize } from '../src/checks/kit/bytes.ts';
import type { Check } from '../src/checks/kit/define.ts';
import type { Exchange } from '../src/client/exchange.ts';
import {
  completeList,
  nextUploadNo,
  partSpec,
  readObject,
  ScenarioError,
  sendParts,
  type SentPart,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('complete');
const min = suite.profile.limits.minPartSize.value;

/** A fresh upload with parts of the given sizes (numbers 1..n), sent in order (or all at once). */
async function uploadWith(name: string, seed: number, sizes: readonly number[], concurrent = false) {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const specs: BodySpec[] = sizes.map((size, index) => partSpec(seed, uploadNo, index + 1, size));
  const sent = await sendParts(
    suite,
    key,
    uploadId,
    specs.map((spec, index) => ({ partNumber: index + 1, spec })),
    { concurrent },
  );
  const bad = sent.find((part) => !part.res.data);
  if (bad)
    throw new ScenarioError(
      `setup: Upload Part ${bad.partNumber} answered ${bad.res.status ?? bad.res.transportError?.code}`,
    );
  return { key, uploadId, specs, sent, list: completeList(sent) };
}

type CompleteList = Array<{ partNumber: number; etag: string }>;

function refusalTest(
  check: Check<CompleteCall>,
  sizes: readonly number[],
  parts: (list: CompleteList) => CompleteList,
) {
  checkTest(suite, check, async ({ seed }) => {
    const upload = await uploadWith(check.id.split('.').slice(1).join('-'), seed, sizes);
    const answer = await suite.complete(upload.key, upload.uploadId, parts(upload.list));
    return { complete: answer.exchange };
  });
}

/** Root element of a body after leading whitespace (`Error`, `CompleteMultipartUploadResult`, …). */
function rootOf(exchange: Exchange): string | undefined {
  const text = exchange.response?.bodyText?.replace(/^\s+/, '').replace(/^<\?xml[^>]*\?>\s*/, '');
  return text ? /^<([A-Za-z_][\w.-]*)/.exec(text)?.[1] : undefined;
}

/** Count of leading whitespace bytes of a Complete answer. */
function leadingWs(exchange: Exchange): number {
  return /^\s*/.exec(exchange.response?.bodyText ?? '')?.[0].length ?? 0;
}

const completed = once(async () => {
  const upload = await uploadWith('result', suite.seedOf('complete.result'), [min, 4_321]);
  const answer = await suite.complete(upload.key, upload.uploadId, upload.list);
  return { upload, answer, ws: leadingWs(answer.exchange) };
});

/** What the ETag checks look at: the shared Complete, the ETag it answered and the MD5s of the parts. */
const completedEtag = async () => {
  const { upload, answer } = await completed();
  return {
    complete: answer.exchange,
    etag: answer.data?.etag,
    partMd5s: upload.sent.map((part) => part.digest.md5Hex),
  };
};

/** Parts of the Complete the full tier tries when a small one came without whitespace: slow enough to merge. */
const SLOW_COMPLETE_PARTS = 64;

/**
 * A Complete that shows keep-alive whitespace, if the endpoint sends any: the shared two-part Complete, and in the
 * full tier, when that one came plain, a Complete of {@link SLOW_COMPLETE_PARTS} parts at the minimum.
 */
const withWhitespace = once(async () => {
  const first = await completed();
  if (first.ws > 0 || suite.tier !== 'full')
    return { answer: first.answer, ws: first.ws, tried: 'a two-part Complete' };
  const sizes = Array.from({ length: SLOW_COMPLETE_PARTS }, () => min);
  const upload = await uploadWith('slow-result', suite.seedOf('complete.slow-result'), sizes, true);
  const answer = await suite.complete(upload.key, upload.uploadId, upload.list);
  return {
    answer,
    ws: leadingWs(answer.exchange),
    tried: `a two-part Complete and one of ${SLOW_COMPLETE_PARTS} parts of ${min} bytes`,
  };
});

function combinedCrc(sent: readonly SentPart[]): string {
  let crc = BigInt(sent[0].digest.crc64);
  for (const part of sent.slice(1)) crc = crc64Combine(crc, BigInt(part.digest.crc64), part.digest.size);
  return crc.toString();
}

describe('complete', () => {
  // Each refusal probe breaks exactly one rule, whatever order the endpoint checks the rules in: every part that
  // could be read as non-last is at least the profile's minimum (which covers every reading of it), and the list
  // stays contiguous from 1, so EntityTooSmall or a gap can never be the right first answer.
  // [2, 1]: both parts at the minimum, so neither order of reading "last" makes a part too small.
  refusalTest(ascendingRequired, [min, min], (list) => [...list].reverse());
  // [1, 2]: part 2 was never uploaded; part 1 is at the minimum and 1..2 is contiguous.
  refusalTest(missingPart, [min], (list) => [...list, { partNumber: 2, etag: list[0].etag }]);
  // [1, 2]: part 1 (at the minimum) with a wrong ETag, part 2 the small last part.
  refusalTest(wrongEtag, [min, 2_000], (list) => [{ ...list[0], etag: `"${'0'.repeat(32)}"` }, list[1]]);
  refusalTest(emptyList, [2_000], () => []);

  checkTest(suite, subsetWithGaps, async ({ seed }) => {
    const upload = await uploadWith('subset', seed, [min, 2_000, 3_000]);
    const answer = await suite.complete(upload.key, upload.uploadId, [upload.list[0], upload.list[2]]);
    const specs = [upload.specs[0], upload.specs[2]];
    const accepted = answer.status === 200 && !answer.error;
    const read = accepted ? await readObject(suite, upload.key, specs[0].size + specs[1].size) : undefined;
    return { complete: answer.exchange, specs, ...(read ? { read } : {}) };
  });

  checkTest(suite, duplicateNumbers, async ({ seed }) => {
    const upload = await uploadWith('duplicate', seed, [min, 2_000]);
    const answer = await suite.complete(upload.key, upload.uploadId, [
      upload.list[0],
      upload.list[0],
      upload.list[1],
    ]);
    const usedOnce = upload.specs;
    const twice = [upload.specs[0], upload.specs[0], upload.specs[1]];
    const accepted = answer.status === 200 && !answer.error;
    // The whole object, kept in memory at the larger reading's size so a mismatch can be located.
    const size = Math.max(layoutSize(usedOnce), layoutSize(twice));
    const read = accepted ? await readObject(suite, upload.key, size) : undefined;
    return { complete: answer.exchange, once: usedOnce, twice, ...(read ? { read } : {}) };
  });

  checkTest(suite, etagFormat, completedEtag);
  checkTest(suite, etagS3Formula, completedEtag);
  checkTest(suite, notErrorBody, async () => {
    const { answer } = await completed();
    return { complete: answer.exchange, root: rootOf(answer.exchange) };
  });
  checkTest(suite, leadingWhitespace, async () => {
    const { answer, ws, tried } = await withWhitespace();
    return { complete: answer.exchange, root: rootOf(answer.exchange), leadingWhitespace: ws, tried };
  });
  checkTest(suite, objectCrc64, async () => {
    const { upload, answer } = await completed();
    return { complete: answer.exchange, crc64: combinedCrc(upload.sent) };
  });

  assertFamilyCovered(suite);
});
