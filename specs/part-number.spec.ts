/**
 * Family 2: partNumber (spec §2.2 [D7750]). 1 and 10000 are taken through upload, listing and (1, and 10000 in the
 * full tier) Complete; the invalid forms are sent to an upload holding one part, with a listing before and after;
 * the odd forms `01` and `+1` each go to a fresh upload and what happens is recorded.
 */
import { describe } from 'vitest';
import type { BodySpec } from '../src/body/generate.ts';
import { digestOf } from '../src/body/part-body.ts';
import {
  INVALID_PART_NUMBERS,
  leadingZero,
  maxNumber,
  maxNumberCompleted,
  minNumber,
  plusSign,
} from '../src/checks/families/part-number.ts';
import type { PartListing } from '../src/checks/kit/observations.ts';
import { isSuccessVariant } from '../src/model/predict.ts';
import {
  completeList,
  listing,
  nextUploadNo,
  partSpec,
  readObject,
  type SentPart,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('part-number');
const SMALL = 1500;

/** Whether the profile lets Complete name a set of parts that does not start at 1 (S3) or not (COS docs). */
function gapsAllowed(): boolean {
  const expectation = suite.profile.expectations['complete.complete.subset-with-gaps'];
  return (
    expectation !== undefined &&
    'variants' in expectation &&
    expectation.variants.some((variant) => variant.status !== undefined && isSuccessVariant(variant))
  );
}

/** Sends `parts` in batches of `width` concurrent uploads. */
async function sendInBatches(
  key: string,
  uploadId: string,
  parts: Array<{ partNumber: number; spec: BodySpec }>,
  width: number,
): Promise<SentPart[]> {
  const out: SentPart[] = [];
  for (let from = 0; from < parts.length; from += width) {
    out.push(
      ...(await sendParts(suite, key, uploadId, parts.slice(from, from + width), { concurrent: true })),
    );
  }
  return out;
}

describe('part-number', () => {
  checkTest(suite, minNumber, async ({ seed }) => {
    const key = suite.key('min');
    const uploadId = await startUpload(suite, key);
    const spec = partSpec(seed, nextUploadNo(), 1, SMALL);
    const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }]);
    const list = await listing(suite, key, uploadId);
    const complete = (await suite.complete(key, uploadId, completeList([sent]))).exchange;
    const read = await readObject(suite, key, SMALL);
    return { partNumber: 1, upload: sent.res.exchange, listing: list, complete, read, specs: [spec] };
  });

  checkTest(suite, maxNumber, async ({ seed }) => {
    const key = suite.key('max');
    const uploadId = await startUpload(suite, key);
    const spec = partSpec(seed, nextUploadNo(), 10_000, SMALL);
    const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 10_000, spec }]);
    const list = await listing(suite, key, uploadId);
    return { partNumber: 10_000, upload: sent.res.exchange, listing: list };
  });

  checkTest(
    suite,
    maxNumberCompleted,
    async ({ seed }) => {
      // COS documents refuse part numbers that are not contiguous from 1, so the object holds parts 1..10000;
      // under S3 the single part 10000 is a complete object.
      const key = suite.key('max-completed');
      const uploadId = await startUpload(suite, key);
      const uploadNo = nextUploadNo();
      const min = suite.profile.limits.minPartSize.value;
      const numbers = gapsAllowed() ? [10_000] : Array.from({ length: 10_000 }, (_, index) => index + 1);
      const parts = numbers.map((partNumber) => ({
        partNumber,
        spec: partSpec(seed, uploadNo, partNumber, partNumber === 10_000 ? SMALL : min),
      }));
      const sent = await sendInBatches(key, uploadId, parts, 16);
      const failed = sent.find((part) => (part.res.status ?? 0) >= 300 || part.res.transportError);
      const last = sent[sent.length - 1];
      const all = await suite.client.listAllParts(key, uploadId);
      const listed: PartListing = all.data
        ? { exchange: all.exchange, parts: all.data.parts }
        : { exchange: all.exchange };
      const complete = failed
        ? undefined
        : (await suite.complete(key, uploadId, completeList(sent))).exchange;
      const specs = parts.map((part) => part.spec);
      const total = specs.reduce((sum, spec) => sum + spec.size, 0);
      // The whole object (~10 GB under COS): hashed as it streams in, compared with the generated bodies.
      const read = await readObject(suite, key, total);
      return {
        partNumber: 10_000,
        upload: (failed ?? last).res.exchange,
        listing: listed,
        complete,
        read,
        specs,
      };
    },
    { timeout: 3_600_000 },
  );

  const rejectUpload = once(async () => {
    const key = suite.key('invalid');
    const uploadId = await startUpload(suite, key);
    const spec = partSpec(suite.seedOf('part-number.invalid'), nextUploadNo(), 1, SMALL);
    await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }]);
    return { key, uploadId };
  });

  for (const [check, wire] of INVALID_PART_NUMBERS) {
    checkTest(suite, check, async ({ seed }) => {
      const { key, uploadId } = await rejectUpload();
      const before = await listing(suite, key, uploadId);
      const spec = partSpec(seed, nextUploadNo(), 0, SMALL);
      const answer = await suite.client.uploadPart(key, uploadId, wire, { spec });
      const after = await listing(suite, key, uploadId);
      return { wire, upload: answer.exchange, before, after };
    });
  }

  for (const [check, wire] of [
    [leadingZero, '01'],
    [plusSign, '+1'],
  ] as const) {
    checkTest(suite, check, async ({ seed }) => {
      const key = suite.key(`odd-${check.id.split('.').pop()}`);
      const uploadId = await startUpload(suite, key);
      const spec = partSpec(seed, nextUploadNo(), 1, SMALL);
      const [digest, answer] = await Promise.all([
        digestOf(spec),
        suite.client.uploadPart(key, uploadId, wire, { spec }),
      ]);
      const after = await listing(suite, key, uploadId);
      const sent = { md5Hex: digest.md5Hex, size: spec.size };
      return { wire, readsAs: 1, sent, upload: answer.exchange, after };
    });
  }

  assertFamilyCovered(suite);
});
