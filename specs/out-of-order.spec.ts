/**
 * Family 3: out-of-order upload (spec §2.2 [D7750]). Properties over generated part sizes (every non-last part at
 * least the profile minimum) and permutations, sent one by one or all at once; then two generated uploads (one
 * sent part by part, one all at once) read back part by part and across every boundary.
 */
import fc from 'fast-check';
import { describe } from 'vitest';
import type { BodySpec } from '../src/body/generate.ts';
import {
  boundaryReads,
  concurrent,
  type PermutedUpload,
  partRanges,
  sequential,
} from '../src/checks/families/out-of-order.ts';
import type { ReadBack } from '../src/checks/kit/bytes.ts';
import type { Check } from '../src/checks/kit/define.ts';
import { permutedSizesArb, type PermutedSizes } from '../src/model/arbitraries.ts';
import {
  completeList,
  exchangesOf,
  nextUploadNo,
  partSpec,
  readObject,
  readRange,
  ScenarioError,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { propertyCheckTest } from './support/property.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('out-of-order');
const min = suite.profile.limits.minPartSize.value;

/** One generated case: send the parts in `order`, complete in part-number order, read the object back. */
async function permutedUpload(
  generated: PermutedSizes,
  run: number,
  mode: 'sequential' | 'concurrent',
): Promise<PermutedUpload> {
  const key = suite.key(mode, `r${run}`);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const specs: BodySpec[] = generated.sizes.map((size, index) =>
    partSpec(generated.seed, uploadNo, index + 1, size),
  );
  const order = generated.order.map((index) => index + 1);
  const sent = await sendParts(
    suite,
    key,
    uploadId,
    order.map((partNumber) => ({ partNumber, spec: specs[partNumber - 1] })),
    { concurrent: mode === 'concurrent' },
  );
  const complete = (await suite.complete(key, uploadId, completeList(sent))).exchange;
  const read = await readObject(
    suite,
    key,
    specs.reduce((total, spec) => total + spec.size, 0),
  );
  await suite.tracker.cleanup(suite.client, { uploads: [{ key, uploadId }], objects: [key] });
  return { order, uploads: exchangesOf(sent), complete, specs, read };
}

function permutationTest(check: Check<PermutedUpload>, mode: 'sequential' | 'concurrent') {
  propertyCheckTest(suite, check, {
    arbitrary: () => permutedSizesArb(min, suite.tier),
    describe: (generated) =>
      `sizes [${generated.sizes.join(', ')}], sent in order [${generated.order.map((index) => index + 1).join(', ')}] (${mode})`,
    quick: { runs: 3, ms: 20_000 },
    full: { runs: 25, ms: 300_000 },
    scenario: (generated, run) => permutedUpload(generated, run, mode),
  });
}

/** A completed object to read back in pieces: its key, parts, and where each part starts. */
interface PiecesObject {
  label: string;
  key: string;
  specs: BodySpec[];
  starts: number[];
}

/** A ranged read of a completed object, named for the report, with the parts the object was made of. */
type PieceRead = { label: string; read: ReadBack; specs: BodySpec[] };

/**
 * Two uploads generated like the properties' cases (sizes and a permutation from fast-check, seeded by the
 * run), one sent part by part and one all at once, each completed in part-number order: the objects that the
 * ranged reads take apart.
 */
const piecesObjects = once(async (): Promise<PiecesObject[]> => {
  const objects: PiecesObject[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    const seed = suite.seedOf(`out-of-order.pieces.${mode}`);
    const [generated] = fc.sample(permutedSizesArb(min, suite.tier), { seed, numRuns: 1 });
    const key = suite.key('pieces', mode);
    const uploadId = await startUpload(suite, key);
    const uploadNo = nextUploadNo();
    const specs = generated!.sizes.map((size, index) => partSpec(generated!.seed, uploadNo, index + 1, size));
    const order = generated!.order.map((index) => index + 1);
    const sent = await sendParts(
      suite,
      key,
      uploadId,
      order.map((partNumber) => ({ partNumber, spec: specs[partNumber - 1]! })),
      { concurrent: mode === 'concurrent' },
    );
    const complete = await suite.complete(key, uploadId, completeList(sent));
    if (complete.status !== 200 || complete.error)
      throw new ScenarioError(
        `Complete of the ${mode} object answered ${complete.status} ${complete.error?.code ?? ''}`,
      );
    const starts = specs.map((_, index) =>
      specs.slice(0, index).reduce((total, spec) => total + spec.size, 0),
    );
    objects.push({ label: `${mode} upload, sent in order [${order.join(', ')}]`, key, specs, starts });
  }
  return objects;
});

describe('out-of-order', () => {
  permutationTest(sequential, 'sequential');
  permutationTest(concurrent, 'concurrent');

  checkTest(suite, partRanges, async () => {
    const reads: PieceRead[] = [];
    for (const object of await piecesObjects()) {
      for (const [index, spec] of object.specs.entries()) {
        const read = await readRange(suite, object.key, object.starts[index]!, spec.size);
        reads.push({ label: `${object.label}: part ${index + 1}`, read, specs: object.specs });
      }
    }
    return { reads };
  });

  checkTest(suite, boundaryReads, async () => {
    const reads: PieceRead[] = [];
    for (const object of await piecesObjects()) {
      for (const boundary of object.starts.slice(1)) {
        const straddle = await readRange(suite, object.key, boundary - 1, 2);
        reads.push({
          label: `${object.label}: boundary at ${boundary} (last byte before, first after)`,
          read: straddle,
          specs: object.specs,
        });
        const wider = await readRange(suite, object.key, boundary - 2, 4);
        reads.push({
          label: `${object.label}: boundary at ${boundary} (±2 bytes)`,
          read: wider,
          specs: object.specs,
        });
      }
    }
    return { reads };
  });

  assertFamilyCovered(suite);
});
