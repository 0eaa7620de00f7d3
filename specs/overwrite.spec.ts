/**
 * Family 4: overwrite (spec §2.2 [D7750]). Part 2 is uploaded twice with different (generated) sizes and bytes;
 * Complete naming the first ETag must fail, naming the second must give the second bytes. Then several uploads of
 * one part number race, and the object must be exactly one of them.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import {
  concurrentNoMix,
  earlierEtagRejected,
  lastWins,
  listShowsLater,
} from '../src/checks/families/overwrite.ts';
import { listedPart } from '../src/checks/kit/observations.ts';
import { listing, nextUploadNo, partSpec, readObject, sendParts, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('overwrite');
const min = s.profile.limits.minPartSize.value;

const sequentialOverwrite = once(async () => {
  const seed = s.seedOf('overwrite.sequential');
  // Two different sizes for the two versions of the last part, generated from the seed.
  const [[earlierSize, laterSize]] = fc.sample(
    fc
      .tuple(fc.integer({ min: 1, max: 70_000 }), fc.integer({ min: 1, max: 70_000 }))
      .filter(([a, b]) => a !== b),
    { seed, numRuns: 1 },
  );
  const key = s.key('sequential');
  const uploadId = await startUpload(s, key);
  const u = nextUploadNo();
  const first = partSpec(seed, u, 1, min);
  const earlier = partSpec(seed, u, 2, earlierSize, 1);
  const later = partSpec(seed, u, 2, laterSize, 2);
  const [p1] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec: first }]);
  const [e] = await sendParts(s, key, uploadId, [{ partNumber: 2, spec: earlier }]);
  const [l] = await sendParts(s, key, uploadId, [{ partNumber: 2, spec: later }]);
  const list = await listing(s, key, uploadId);
  const etag1 = p1.res.headers.etag ?? '';
  const stale = await s.complete(key, uploadId, [
    { partNumber: 1, etag: etag1 },
    { partNumber: 2, etag: e.res.headers.etag ?? `"${e.digest.md5Hex}"` },
  ]);
  const fresh = await s.complete(key, uploadId, [
    { partNumber: 1, etag: etag1 },
    { partNumber: 2, etag: l.res.headers.etag ?? `"${l.digest.md5Hex}"` },
  ]);
  const read = await readObject(s, key, min + laterSize);
  return { e, l, list, stale, fresh, read, specs: [first, later] };
});

describe('overwrite', () => {
  checkTest(s, listShowsLater, async ({ env }) => {
    const { e, l, list } = await sequentialOverwrite();
    return listShowsLater.judge(
      {
        partNumber: 2,
        earlier: { upload: e.res.exchange, size: e.spec.size },
        later: { upload: l.res.exchange, size: l.spec.size },
        listing: list,
      },
      env,
    );
  });

  checkTest(s, earlierEtagRejected, async ({ env }) => {
    const { e, l, stale } = await sequentialOverwrite();
    return earlierEtagRejected.judge(
      { earlier: e.res.exchange, later: l.res.exchange, complete: stale.exchange },
      env,
    );
  });

  checkTest(s, lastWins, async ({ env }) => {
    const { fresh, read, specs } = await sequentialOverwrite();
    return lastWins.judge({ complete: fresh.exchange, specs, read }, env);
  });

  checkTest(s, concurrentNoMix, async ({ seed, env }) => {
    const key = s.key('concurrent');
    const uploadId = await startUpload(s, key);
    const u = nextUploadNo();
    const first = partSpec(seed, u, 1, min);
    const [p1] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec: first }]);
    const racers = [0, 1, 2, 3].map((k) => ({
      partNumber: 2,
      spec: partSpec(seed, u, 2, 20_000 + 4_097 * k, k + 1),
    }));
    const raced = await sendParts(s, key, uploadId, racers, { concurrent: true });
    const list = await listing(s, key, uploadId);
    const winner = listedPart(list, 2);
    const complete = await s.complete(key, uploadId, [
      { partNumber: 1, etag: p1.res.headers.etag ?? '' },
      { partNumber: 2, etag: winner?.etag ?? '' },
    ]);
    const size = min + (raced.find((r) => `"${r.digest.md5Hex}"` === winner?.etag)?.spec.size ?? 0);
    const read = await readObject(s, key, size);
    return concurrentNoMix.judge(
      {
        partNumber: 2,
        candidates: raced.map((r) => ({ upload: r.res.exchange, spec: r.spec, md5Hex: r.digest.md5Hex })),
        listing: list,
        complete: complete.exchange,
        layout: [first, null],
        read,
      },
      env,
    );
  });

  assertFamilyCovered(s);
});
