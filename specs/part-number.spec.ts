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
import { assertFamilyCovered, checkTest, once, type Suite, useSuite } from './support/suite.ts';

const s = useSuite('part-number');
const SMALL = 1500;

/** Whether the profile lets Complete name a set of parts that does not start at 1 (S3) or not (COS docs). */
function gapsAllowed(suite: Suite): boolean {
  const e = suite.profile.expectations['complete.complete.subset-with-gaps'];
  return (
    e !== undefined &&
    'variants' in e &&
    e.variants.some((v) => v.status !== undefined && isSuccessVariant(v))
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
  for (let i = 0; i < parts.length; i += width) {
    out.push(...(await sendParts(s, key, uploadId, parts.slice(i, i + width), { concurrent: true })));
  }
  return out;
}

describe('part-number', () => {
  checkTest(s, minNumber, async ({ seed, env }) => {
    const key = s.key('min');
    const uploadId = await startUpload(s, key);
    const spec = partSpec(seed, nextUploadNo(), 1, SMALL);
    const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec }]);
    const list = await listing(s, key, uploadId);
    const complete = (await s.complete(key, uploadId, completeList([sent]))).exchange;
    const read = await readObject(s, key, SMALL);
    return minNumber.judge(
      { partNumber: 1, upload: sent.res.exchange, listing: list, complete, read, specs: [spec] },
      env,
    );
  });

  checkTest(s, maxNumber, async ({ seed, env }) => {
    const key = s.key('max');
    const uploadId = await startUpload(s, key);
    const spec = partSpec(seed, nextUploadNo(), 10_000, SMALL);
    const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 10_000, spec }]);
    const list = await listing(s, key, uploadId);
    return maxNumber.judge({ partNumber: 10_000, upload: sent.res.exchange, listing: list }, env);
  });

  checkTest(
    s,
    maxNumberCompleted,
    async ({ seed, env }) => {
      // COS documents refuse part numbers that are not contiguous from 1, so the object holds parts 1..10000;
      // under S3 the single part 10000 is a complete object.
      const key = s.key('max-completed');
      const uploadId = await startUpload(s, key);
      const u = nextUploadNo();
      const min = s.profile.limits.minPartSize.value;
      const numbers = gapsAllowed(s) ? [10_000] : Array.from({ length: 10_000 }, (_, i) => i + 1);
      const parts = numbers.map((n) => ({
        partNumber: n,
        spec: partSpec(seed, u, n, n === 10_000 ? SMALL : min),
      }));
      const sent = await sendInBatches(key, uploadId, parts, 16);
      const failed = sent.find((p) => (p.res.status ?? 0) >= 300 || p.res.transportError);
      const last = sent[sent.length - 1];
      const all = await s.client.listAllParts(key, uploadId);
      const listed: PartListing = all.data
        ? { exchange: all.exchange, parts: all.data.parts }
        : { exchange: all.exchange };
      const complete = failed ? undefined : (await s.complete(key, uploadId, completeList(sent))).exchange;
      const specs = parts.map((p) => p.spec);
      const total = specs.reduce((n, p) => n + p.size, 0);
      // The whole object (~10 GB under COS): hashed as it streams in, compared with the generated bodies.
      const read = await readObject(s, key, total);
      return maxNumberCompleted.judge(
        { partNumber: 10_000, upload: (failed ?? last).res.exchange, listing: listed, complete, read, specs },
        env,
      );
    },
    { timeout: 3_600_000 },
  );

  const rejectUpload = once(async () => {
    const key = s.key('invalid');
    const uploadId = await startUpload(s, key);
    const spec = partSpec(s.seedOf('part-number.invalid'), nextUploadNo(), 1, SMALL);
    await sendParts(s, key, uploadId, [{ partNumber: 1, spec }]);
    return { key, uploadId };
  });

  for (const [check, wire] of INVALID_PART_NUMBERS) {
    checkTest(s, check, async ({ seed, env }) => {
      const { key, uploadId } = await rejectUpload();
      const before = await listing(s, key, uploadId);
      const spec = partSpec(seed, nextUploadNo(), 0, SMALL);
      const res = await s.client.uploadPart(key, uploadId, wire, { spec });
      const after = await listing(s, key, uploadId);
      return check.judge({ wire, upload: res.exchange, before, after }, env);
    });
  }

  for (const [check, wire] of [
    [leadingZero, '01'],
    [plusSign, '+1'],
  ] as const) {
    checkTest(s, check, async ({ seed, env }) => {
      const key = s.key(`odd-${check.id.split('.').pop()}`);
      const uploadId = await startUpload(s, key);
      const spec = partSpec(seed, nextUploadNo(), 1, SMALL);
      const [digest, res] = await Promise.all([
        digestOf(spec),
        s.client.uploadPart(key, uploadId, wire, { spec }),
      ]);
      const after = await listing(s, key, uploadId);
      const sent = { md5Hex: digest.md5Hex, size: spec.size };
      return check.judge({ wire, readsAs: 1, sent, upload: res.exchange, after }, env);
    });
  }

  assertFamilyCovered(s);
});
