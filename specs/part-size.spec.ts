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

const s = useSuite('part-size');
const min = s.profile.limits.minPartSize.value;
const candidates = s.profile.limits.minPartSizeCandidates.value;
const below = Math.min(...candidates) - 1;
// min-1, min and min+1 of every reading of the minimum (COS's "1 MB" is 10^6 or 2^20 bytes: spec §3)
const boundarySizes = [...new Set([below, ...candidates.flatMap((c) => [c - 1, c, c + 1])])].sort(
  (a, b) => a - b,
);

const probes = new Map<number, Promise<SizeProbe>>();

/** The probe of one first-part size (memoised: several checks read the same probe). */
function probe(size: number): Promise<SizeProbe> {
  let p = probes.get(size);
  if (!p) {
    p = (async () => {
      const key = s.key('probe', size);
      const uploadId = await startUpload(s, key);
      const u = nextUploadNo();
      const seed = s.seedOf(`part-size.probe.${size}`);
      // The one-byte last part goes first (out of order is allowed, spec §2.2), so when the probed part arrives
      // it is known not to be the last: an endpoint that refuses small parts at Upload Part can do so.
      const [last] = await sendParts(s, key, uploadId, [{ partNumber: 2, spec: partSpec(seed, u, 2, 1) }]);
      const [first] = await sendParts(s, key, uploadId, [
        { partNumber: 1, spec: partSpec(seed, u, 1, size) },
      ]);
      if ((first.res.status ?? 0) >= 300 || !first.res.status || !last.res.data) {
        return { size, first: first.res.exchange, last: last.res.exchange, complete: undefined };
      }
      const complete = await s.complete(key, uploadId, completeList([first, last]));
      return { size, first: first.res.exchange, last: last.res.exchange, complete: complete.exchange };
    })();
    probes.set(size, p);
  }
  return p;
}

function tinyLastTest(check: Check<TinyLastPart>, lastSize: 0 | 1) {
  checkTest(s, check, async ({ seed, env }) => {
    const key = s.key(`last-${lastSize}`);
    const uploadId = await startUpload(s, key);
    const u = nextUploadNo();
    const specs = [partSpec(seed, u, 1, min), partSpec(seed, u, 2, lastSize)];
    const sent = await sendParts(
      s,
      key,
      uploadId,
      specs.map((spec, i) => ({ partNumber: i + 1, spec })),
    );
    const complete = await s.complete(key, uploadId, completeList(sent));
    const read = await readObject(s, key, min + lastSize);
    return check.judge({ uploads: exchangesOf(sent), complete: complete.exchange, specs, read }, env);
  });
}

describe('part-size', () => {
  checkTest(s, belowMinRejected, async ({ env }) =>
    belowMinRejected.judge({ probe: await probe(below) }, env),
  );
  checkTest(s, atMinAccepted, async ({ env }) => atMinAccepted.judge({ probe: await probe(min) }, env));
  checkTest(s, aboveMinAccepted, async ({ env }) =>
    aboveMinAccepted.judge({ probe: await probe(min + 1) }, env),
  );
  checkTest(s, boundaryMeasured, async ({ env }) =>
    boundaryMeasured.judge({ probes: await Promise.all(boundarySizes.map(probe)) }, env),
  );
  tinyLastTest(lastZeroBytes, 0);
  tinyLastTest(lastOneByte, 1);

  checkTest(
    s,
    maxAccepted,
    async ({ seed, env }) => {
      const key = s.key('max');
      const uploadId = await startUpload(s, key);
      const spec = partSpec(seed, nextUploadNo(), 1, s.profile.limits.maxPartSize.value);
      const [digest, res] = await Promise.all([
        digestOf(spec),
        s.client.uploadPart(key, uploadId, 1, { spec }),
      ]);
      await s.tracker.cleanup(s.client, { uploads: [{ key, uploadId }], objects: [] });
      return maxAccepted.judge({ upload: res.exchange, md5Hex: digest.md5Hex }, env);
    },
    { timeout: 3_600_000 },
  );

  checkTest(s, overMaxRejected, async ({ seed, env }) => {
    const key = s.key('over-max');
    const uploadId = await startUpload(s, key);
    const declared = s.profile.limits.maxPartSize.value + 1;
    const spec = partSpec(seed, nextUploadNo(), 1, declared);
    // Headers only: the body is never sent, whatever the server answers.
    const res = await rawUploadPart(s, key, uploadId, 1, {
      body: { size: declared, stream: () => createPartBody(spec) },
      declaredLength: declared,
      expectContinue: true,
      endAfterHeaders: true,
      // at least 15 s of silence before it counts as "did not decide from the headers"
      timeoutMs: Math.min(Math.max(s.ctx.target.timeouts.headersMs, 15_000), 60_000),
    });
    const continued = res.data?.informational.includes(100) ?? false;
    return overMaxRejected.judge({ exchange: res.exchange, continued, declaredLength: declared }, env);
  });

  assertFamilyCovered(s);
});
