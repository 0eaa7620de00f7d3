/**
 * Family 6: part size limits (spec §2.2 [D7750], §2.5 [D7742], §3). Each probe is a two-part upload whose first
 * part has the probed size and whose last part is one byte (uploaded first), then Complete; probes sit at every reading of the
 * minimum and one byte below and above each, so the boundary is measured. Tiny last parts; in the full tier the 5 GiB part
 * and the 5 GiB + 1 refusal from headers alone.
 */
import { describe } from 'vitest';
import { createPartBody, digestOf } from '../src/body/part-body.ts';
import {
  aboveMinAccepted,
  atMinAccepted,
  belowMinRejected,
  boundaryMeasured,
  lastOneByte,
  lastZeroBytes,
  maxAccepted,
  overMaxRejected,
  type SizeProbe,
  type TinyLastPart,
} from '../src/checks/families/part-size.ts';
import type { Check } from '../src/checks/kit/define.ts';
import {
  completeList,
  exchangesOf,
  nextUploadNo,
  partSpec,
  rawUploadPart,
  readObject,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, useSuite } from './support/suite.ts';

const suite = useSuite('part-size');
const min = suite.profile.limits.minPartSize.value;
const candidates = suite.profile.limits.minPartSizeCandidates.value;
const below = Math.min(...candidates) - 1;
// min-1, min and min+1 of every reading of the minimum (COS's "1 MB" is 10^6 or 2^20 bytes: spec §3)
const boundarySizes = [
  ...new Set([below, ...candidates.flatMap((candidate) => [candidate - 1, candidate, candidate + 1])]),
].sort((smaller, larger) => smaller - larger);

const probes = new Map<number, Promise<SizeProbe>>();

/** The probe of one first-part size (memoised: several checks read the same probe). */
function probe(size: number): Promise<SizeProbe> {
  let probed = probes.get(size);
  if (!probed) {
    probed = (async () => {
      const key = suite.key('probe', size);
      const uploadId = await startUpload(suite, key);
      const uploadNo = nextUploadNo();
      const seed = suite.seedOf(`part-size.probe.${size}`);
      // The one-byte last part goes first (out of order is allowed, spec §2.2), so when the probed part arrives
      // it is known not to be the last: an endpoint that refuses small parts at Upload Part can do so.
      const [last] = await sendParts(suite, key, uploadId, [
        { partNumber: 2, spec: partSpec(seed, uploadNo, 2, 1) },
      ]);
      const [first] = await sendParts(suite, key, uploadId, [
        { partNumber: 1, spec: partSpec(seed, uploadNo, 1, size) },
      ]);
      if ((first.res.status ?? 0) >= 300 || !first.res.status || !last.res.data) {
        return { size, first: first.res.exchange, last: last.res.exchange, complete: undefined };
      }
      const complete = await suite.complete(key, uploadId, completeList([first, last]));
      return { size, first: first.res.exchange, last: last.res.exchange, complete: complete.exchange };
    })();
    probes.set(size, probed);
  }
  return probed;
}

function tinyLastTest(check: Check<TinyLastPart>, lastSize: 0 | 1) {
  checkTest(suite, check, async ({ seed }) => {
    const key = suite.key(`last-${lastSize}`);
    const uploadId = await startUpload(suite, key);
    const uploadNo = nextUploadNo();
    const specs = [partSpec(seed, uploadNo, 1, min), partSpec(seed, uploadNo, 2, lastSize)];
    const sent = await sendParts(
      suite,
      key,
      uploadId,
      specs.map((spec, index) => ({ partNumber: index + 1, spec })),
    );
    const complete = await suite.complete(key, uploadId, completeList(sent));
    const read = await readObject(suite, key, min + lastSize);
    return { uploads: exchangesOf(sent), complete: complete.exchange, specs, read };
  });
}

describe('part-size', () => {
  checkTest(suite, belowMinRejected, async () => ({ probe: await probe(below) }));
  checkTest(suite, atMinAccepted, async () => ({ probe: await probe(min) }));
  checkTest(suite, aboveMinAccepted, async () => ({ probe: await probe(min + 1) }));
  checkTest(suite, boundaryMeasured, async () => ({ probes: await Promise.all(boundarySizes.map(probe)) }));
  tinyLastTest(lastZeroBytes, 0);
  tinyLastTest(lastOneByte, 1);

  checkTest(
    suite,
    maxAccepted,
    async ({ seed }) => {
      const key = suite.key('max');
      const uploadId = await startUpload(suite, key);
      const spec = partSpec(seed, nextUploadNo(), 1, suite.profile.limits.maxPartSize.value);
      const [digest, answer] = await Promise.all([
        digestOf(spec),
        suite.client.uploadPart(key, uploadId, 1, { spec }),
      ]);
      await suite.tracker.cleanup(suite.client, { uploads: [{ key, uploadId }], objects: [] });
      return { upload: answer.exchange, md5Hex: digest.md5Hex };
    },
    { timeout: 3_600_000 },
  );

  checkTest(suite, overMaxRejected, async ({ seed }) => {
    const key = suite.key('over-max');
    const uploadId = await startUpload(suite, key);
    const declared = suite.profile.limits.maxPartSize.value + 1;
    const spec = partSpec(seed, nextUploadNo(), 1, declared);
    // Headers only: the body is never sent, whatever the server answers.
    const answer = await rawUploadPart(suite, key, uploadId, 1, {
      body: { size: declared, stream: () => createPartBody(spec) },
      declaredLength: declared,
      expectContinue: true,
      endAfterHeaders: true,
      // at least 15 s of silence before it counts as "did not decide from the headers"
      timeoutMs: Math.min(Math.max(suite.ctx.target.timeouts.headersMs, 15_000), 60_000),
    });
    const continued = answer.data?.informational.includes(100) ?? false;
    return { exchange: answer.exchange, continued, declaredLength: declared };
  });

  assertFamilyCovered(suite);
});
