/**
 * Family 4: overwrite (spec §2.2 [D7750]). Properties: part 2 is uploaded twice with different generated sizes and
 * bytes; List Parts must show the second, Complete naming the first ETag must fail, naming the second must give
 * the second bytes (a failure shrinks to the smallest sizes and carries a replay token). Then several uploads of
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
import type { Check } from '../src/checks/kit/define.ts';
import { listedPart } from '../src/checks/kit/observations.ts';
import { listing, nextUploadNo, partSpec, readObject, sendParts, startUpload } from './support/parts.ts';
import { propertyCheckTest } from './support/property.ts';
import { assertFamilyCovered, checkTest, useSuite } from './support/suite.ts';

const suite = useSuite('overwrite');
const min = suite.profile.limits.minPartSize.value;

/** One generated overwrite: the sizes of the two versions of part 2 (never equal) and the bodies' seed. */
interface OverwriteCase {
  earlierSize: number;
  laterSize: number;
  seed: number;
}

const overwriteCaseArb: fc.Arbitrary<OverwriteCase> = fc
  .record({
    earlierSize: fc.integer({ min: 1, max: 70_000 }),
    laterSize: fc.integer({ min: 1, max: 70_000 }),
    seed: fc.nat({ max: 2 ** 31 - 1 }),
  })
  .filter((generated) => generated.earlierSize !== generated.laterSize);

/** Which steps an overwrite case takes after the uploads: each property takes only those its rule needs. */
interface OverwriteSteps {
  /** List Parts after the second upload. */
  list: boolean;
  /** Complete naming the earlier ETag (a server that wrongly accepts it ends the upload there). */
  stale: boolean;
  /** Complete naming the later ETag, then the object read back. */
  fresh: boolean;
}

/**
 * Part 1 at the minimum, part 2 uploaded twice (the later version is the last part), then the steps asked for;
 * what is left open is aborted (cleanup, not judged).
 */
async function sequentialOverwrite(generated: OverwriteCase, name: string, steps: OverwriteSteps) {
  const key = suite.key('sequential', name);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const first = partSpec(generated.seed, uploadNo, 1, min);
  const earlierSpec = partSpec(generated.seed, uploadNo, 2, generated.earlierSize, 1);
  const laterSpec = partSpec(generated.seed, uploadNo, 2, generated.laterSize, 2);
  const [part1] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec: first }]);
  const [earlier] = await sendParts(suite, key, uploadId, [{ partNumber: 2, spec: earlierSpec }]);
  const [later] = await sendParts(suite, key, uploadId, [{ partNumber: 2, spec: laterSpec }]);
  const list = steps.list ? await listing(suite, key, uploadId) : undefined;
  const etag1 = part1.res.headers.etag ?? '';
  const stale = steps.stale
    ? await suite.complete(key, uploadId, [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: earlier.res.headers.etag ?? `"${earlier.digest.md5Hex}"` },
      ])
    : undefined;
  const fresh = steps.fresh
    ? await suite.complete(key, uploadId, [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: later.res.headers.etag ?? `"${later.digest.md5Hex}"` },
      ])
    : undefined;
  const read = fresh ? await readObject(suite, key, min + generated.laterSize) : undefined;
  await suite.tracker.cleanup(suite.client, { uploads: [{ key, uploadId }], objects: [key] });
  return { earlier, later, list, stale, fresh, read, specs: [first, laterSpec] };
}

type Overwrite = Awaited<ReturnType<typeof sequentialOverwrite>>;

/** A property over generated overwrites: every case must pass `check`; a failure shrinks to the smallest sizes. */
function overwriteProperty<I>(check: Check<I>, input: (overwrite: Overwrite) => I, steps: OverwriteSteps) {
  const slug = check.id.split('.').at(-1)!;
  propertyCheckTest(suite, check, {
    arbitrary: () => overwriteCaseArb,
    describe: (generated) =>
      `part 2 uploaded with ${generated.earlierSize} bytes, then again with ${generated.laterSize} bytes`,
    quick: { runs: 3, ms: 20_000 },
    full: { runs: 10, ms: 120_000 },
    scenario: async (generated, run) => input(await sequentialOverwrite(generated, `${slug}-r${run}`, steps)),
  });
}

describe('overwrite', () => {
  overwriteProperty(
    listShowsLater,
    ({ earlier, later, list }) => ({
      partNumber: 2,
      earlier: { upload: earlier.res.exchange, size: earlier.spec.size },
      later: { upload: later.res.exchange, size: later.spec.size },
      listing: list!,
    }),
    { list: true, stale: false, fresh: false },
  );

  overwriteProperty(
    earlierEtagRejected,
    ({ earlier, later, stale }) => ({
      earlier: earlier.res.exchange,
      later: later.res.exchange,
      complete: stale?.exchange,
    }),
    { list: false, stale: true, fresh: false },
  );

  // Judged without the stale Complete first, so a server that accepts a stale ETag fails here for this rule only.
  overwriteProperty(
    lastWins,
    ({ fresh, read, specs }) => ({ complete: fresh!.exchange, specs, read: read! }),
    {
      list: false,
      stale: false,
      fresh: true,
    },
  );

  checkTest(suite, concurrentNoMix, async ({ seed }) => {
    const key = suite.key('concurrent');
    const uploadId = await startUpload(suite, key);
    const uploadNo = nextUploadNo();
    const first = partSpec(seed, uploadNo, 1, min);
    const [part1] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec: first }]);
    const racers = [0, 1, 2, 3].map((racer) => ({
      partNumber: 2,
      spec: partSpec(seed, uploadNo, 2, 20_000 + 4_097 * racer, racer + 1),
    }));
    const raced = await sendParts(suite, key, uploadId, racers, { concurrent: true });
    const list = await listing(suite, key, uploadId);
    const winner = listedPart(list, 2);
    const complete = await suite.complete(key, uploadId, [
      { partNumber: 1, etag: part1.res.headers.etag ?? '' },
      { partNumber: 2, etag: winner?.etag ?? '' },
    ]);
    const size = min + (raced.find((racer) => `"${racer.digest.md5Hex}"` === winner?.etag)?.spec.size ?? 0);
    const read = await readObject(suite, key, size);
    return {
      partNumber: 2,
      candidates: raced.map((racer) => ({
        upload: racer.res.exchange,
        spec: racer.spec,
        md5Hex: racer.digest.md5Hex,
      })),
      listing: list,
      complete: complete.exchange,
      layout: [first, null],
      read,
    };
  });

  assertFamilyCovered(suite);
});
