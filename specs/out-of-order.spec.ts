/**
 * Family 3: out-of-order upload (spec §2.2 [D7750]). Properties over generated part sizes (every non-last part at
 * least the profile minimum) and permutations, sent one by one or all at once; then one fixed upload read back
 * part by part and across every boundary.
 */
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
import { runProperty } from '../src/model/property.ts';
import { subSeed } from '../src/model/seed.ts';
import { StepError } from '../src/model/step-error.ts';
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
import { budget, propertyResult, replayOf } from './support/property.ts';
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
  checkTest(s, check, async ({ seed, env }) => {
    let run = 0;
    const report = await runProperty({
      id: check.id,
      seed,
      replay: replayOf(s, check),
      ...budget(s, { runs: 3, ms: 20_000 }, { runs: 25, ms: 300_000 }),
      recorder: s.recorder,
      arbitrary: () => permutedSizesArb(min, s.tier),
      describe: (c) =>
        `sizes [${c.sizes.join(', ')}], sent in order [${c.order.map((i) => i + 1).join(', ')}] (${mode})`,
      async predicate(c) {
        const verdict = check.judge(await permutedUpload(c, run++, mode), env);
        if (verdict.outcome !== 'pass')
          throw new StepError(verdict.outcome === 'skip' ? 'error' : verdict.outcome, verdict.message);
      },
    });
    return propertyResult(check, seed, report);
  });
}

/** One upload of three parts, sent in a seeded order at once, completed: the object read back in pieces. */
const fixedObject = once(async () => {
  const seed = s.seedOf('out-of-order.fixed');
  const key = s.key('fixed');
  const uploadId = await startUpload(s, key);
  const u = nextUploadNo();
  const sizes = [min + 11, min + 7, 3001];
  const specs = sizes.map((size, i) => partSpec(seed, u, i + 1, size));
  const first = subSeed(seed, 'first') % 3;
  const order = [first, (first + 2) % 3, (first + 1) % 3].map((i) => i + 1);
  const sent = await sendParts(
    s,
    key,
    uploadId,
    order.map((n) => ({ partNumber: n, spec: specs[n - 1] })),
    { concurrent: true },
  );
  const complete = await s.complete(key, uploadId, completeList(sent));
  if (complete.status !== 200 || complete.error)
    throw new ScenarioError(
      `Complete of the fixed object answered ${complete.status} ${complete.error?.code ?? ''}`,
    );
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  return { key, specs, sizes, starts };
});

describe('out-of-order', () => {
  permutationTest(sequential, 'sequential');
  permutationTest(concurrent, 'concurrent');

  checkTest(s, partRanges, async ({ env }) => {
    const { key, specs, sizes, starts } = await fixedObject();
    const reads: Array<{ label: string; read: ReadBack }> = [];
    for (const [i, size] of sizes.entries()) {
      reads.push({ label: `part ${i + 1}`, read: await readRange(s, key, starts[i], size) });
    }
    return partRanges.judge({ specs, reads }, env);
  });

  checkTest(s, boundaryReads, async ({ env }) => {
    const { key, specs, starts } = await fixedObject();
    const reads: Array<{ label: string; read: ReadBack }> = [];
    for (const b of starts.slice(1)) {
      reads.push({
        label: `boundary at ${b} (last byte before, first after)`,
        read: await readRange(s, key, b - 1, 2),
      });
      reads.push({ label: `boundary at ${b} (±2 bytes)`, read: await readRange(s, key, b - 2, 4) });
    }
    return boundaryReads.judge({ specs, reads }, env);
  });

  assertFamilyCovered(s);
});
