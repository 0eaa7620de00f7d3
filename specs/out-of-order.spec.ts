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

const s = useSuite('out-of-order');
const min = s.profile.limits.minPartSize.value;

/** One generated case: send the parts in `order`, complete in part-number order, read the object back. */
async function permutedUpload(
  c: PermutedSizes,
  run: number,
  mode: 'sequential' | 'concurrent',
): Promise<PermutedUpload> {
  const key = s.key(mode, `r${run}`);
  const uploadId = await startUpload(s, key);
  const u = nextUploadNo();
  const specs: BodySpec[] = c.sizes.map((size, i) => partSpec(c.seed, u, i + 1, size));
  const order = c.order.map((i) => i + 1);
  const sent = await sendParts(
    s,
    key,
    uploadId,
    order.map((n) => ({ partNumber: n, spec: specs[n - 1] })),
    { concurrent: mode === 'concurrent' },
  );
  const complete = (await s.complete(key, uploadId, completeList(sent))).exchange;
  const read = await readObject(
    s,
    key,
    specs.reduce((n, p) => n + p.size, 0),
  );
  await s.tracker.cleanup(s.client, { uploads: [{ key, uploadId }], objects: [key] });
  return { order, uploads: exchangesOf(sent), complete, specs, read };
}

function permutationTest(check: Check<PermutedUpload>, mode: 'sequential' | 'concurrent') {
  propertyCheckTest(s, check, {
    arbitrary: () => permutedSizesArb(min, s.tier),
    describe: (c) =>
      `sizes [${c.sizes.join(', ')}], sent in order [${c.order.map((i) => i + 1).join(', ')}] (${mode})`,
    quick: { runs: 3, ms: 20_000 },
    full: { runs: 25, ms: 300_000 },
    scenario: (c, run) => permutedUpload(c, run, mode),
  });
}

/** A completed object to read back in pieces: its key, parts, and where each part starts. */
interface PiecesObject {
  label: string;
  key: string;
  specs: BodySpec[];
  starts: number[];
}

/**
 * Two uploads generated like the properties' cases (sizes and a permutation from fast-check, seeded by the
 * run), one sent part by part and one all at once, each completed in part-number order: the objects that the
 * ranged reads take apart.
 */
const piecesObjects = once(async (): Promise<PiecesObject[]> => {
  const objects: PiecesObject[] = [];
  for (const mode of ['sequential', 'concurrent'] as const) {
    const seed = s.seedOf(`out-of-order.pieces.${mode}`);
    const [c] = fc.sample(permutedSizesArb(min, s.tier), { seed, numRuns: 1 });
    const key = s.key('pieces', mode);
    const uploadId = await startUpload(s, key);
    const u = nextUploadNo();
    const specs = c!.sizes.map((size, i) => partSpec(c!.seed, u, i + 1, size));
    const order = c!.order.map((i) => i + 1);
    const sent = await sendParts(
      s,
      key,
      uploadId,
      order.map((n) => ({ partNumber: n, spec: specs[n - 1]! })),
      { concurrent: mode === 'concurrent' },
    );
    const complete = await s.complete(key, uploadId, completeList(sent));
    if (complete.status !== 200 || complete.error)
      throw new ScenarioError(
        `Complete of the ${mode} object answered ${complete.status} ${complete.error?.code ?? ''}`,
      );
    const starts = specs.map((_, i) => specs.slice(0, i).reduce((a, p) => a + p.size, 0));
    objects.push({ label: `${mode} upload, sent in order [${order.join(', ')}]`, key, specs, starts });
  }
  return objects;
});

describe('out-of-order', () => {
  permutationTest(sequential, 'sequential');
  permutationTest(concurrent, 'concurrent');

  checkTest(s, partRanges, async ({ env }) => {
    const reads: Array<{ label: string; read: ReadBack; specs: BodySpec[] }> = [];
    for (const o of await piecesObjects()) {
      for (const [i, spec] of o.specs.entries()) {
        const read = await readRange(s, o.key, o.starts[i]!, spec.size);
        reads.push({ label: `${o.label}: part ${i + 1}`, read, specs: o.specs });
      }
    }
    return partRanges.judge({ reads }, env);
  });

  checkTest(s, boundaryReads, async ({ env }) => {
    const reads: Array<{ label: string; read: ReadBack; specs: BodySpec[] }> = [];
    for (const o of await piecesObjects()) {
      for (const b of o.starts.slice(1)) {
        const straddle = await readRange(s, o.key, b - 1, 2);
        reads.push({
          label: `${o.label}: boundary at ${b} (last byte before, first after)`,
          read: straddle,
          specs: o.specs,
        });
        const wider = await readRange(s, o.key, b - 2, 4);
        reads.push({ label: `${o.label}: boundary at ${b} (±2 bytes)`, read: wider, specs: o.specs });
      }
    }
    return boundaryReads.judge({ reads }, env);
  });

  assertFamilyCovered(s);
});
