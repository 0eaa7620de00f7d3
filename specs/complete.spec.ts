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

const s = useSuite('complete');
const min = s.profile.limits.minPartSize.value;

/** A fresh upload with parts of the given sizes (numbers 1..n), sent in order (or all at once). */
async function uploadWith(name: string, seed: number, sizes: readonly number[], concurrent = false) {
  const key = s.key(name);
  const uploadId = await startUpload(s, key);
  const u = nextUploadNo();
  const specs: BodySpec[] = sizes.map((size, i) => partSpec(seed, u, i + 1, size));
  const sent = await sendParts(
    s,
    key,
    uploadId,
    specs.map((spec, i) => ({ partNumber: i + 1, spec })),
    { concurrent },
  );
  const bad = sent.find((p) => !p.res.data);
  if (bad)
    throw new ScenarioError(
      `setup: Upload Part ${bad.partNumber} answered ${bad.res.status ?? bad.res.transportError?.code}`,
    );
  return { key, uploadId, specs, sent, list: completeList(sent) };
}

function refusalTest(
  check: Check<CompleteCall>,
  sizes: readonly number[],
  parts: (list: Array<{ partNumber: number; etag: string }>) => Array<{ partNumber: number; etag: string }>,
) {
  checkTest(s, check, async ({ seed, env }) => {
    const up = await uploadWith(check.id.split('.').slice(1).join('-'), seed, sizes);
    const r = await s.complete(up.key, up.uploadId, parts(up.list));
    return check.judge({ complete: r.exchange }, env);
  });
}

/** Root element of a body after leading whitespace (`Error`, `CompleteMultipartUploadResult`, …). */
function rootOf(ex: Exchange): string | undefined {
  const text = ex.response?.bodyText?.replace(/^\s+/, '').replace(/^<\?xml[^>]*\?>\s*/, '');
  return text ? /^<([A-Za-z_][\w.-]*)/.exec(text)?.[1] : undefined;
}

/** Count of leading whitespace bytes of a Complete answer. */
function leadingWs(ex: Exchange): number {
  return /^\s*/.exec(ex.response?.bodyText ?? '')?.[0].length ?? 0;
}

const completed = once(async () => {
  const up = await uploadWith('result', s.seedOf('complete.result'), [min, 4_321]);
  const r = await s.complete(up.key, up.uploadId, up.list);
  return { up, r, ws: leadingWs(r.exchange) };
});

/** Parts of the Complete the full tier tries when a small one came without whitespace: slow enough to merge. */
const SLOW_COMPLETE_PARTS = 64;

/**
 * A Complete that shows keep-alive whitespace, if the endpoint sends any: the shared two-part Complete, and in the
 * full tier, when that one came plain, a Complete of {@link SLOW_COMPLETE_PARTS} parts at the minimum.
 */
const withWhitespace = once(async () => {
  const first = await completed();
  if (first.ws > 0 || s.tier !== 'full') return { r: first.r, ws: first.ws, tried: 'a two-part Complete' };
  const sizes = Array.from({ length: SLOW_COMPLETE_PARTS }, () => min);
  const up = await uploadWith('slow-result', s.seedOf('complete.slow-result'), sizes, true);
  const r = await s.complete(up.key, up.uploadId, up.list);
  return {
    r,
    ws: leadingWs(r.exchange),
    tried: `a two-part Complete and one of ${SLOW_COMPLETE_PARTS} parts of ${min} bytes`,
  };
});

function combinedCrc(sent: readonly SentPart[]): string {
  let crc = BigInt(sent[0].digest.crc64);
  for (const p of sent.slice(1)) crc = crc64Combine(crc, BigInt(p.digest.crc64), p.digest.size);
  return crc.toString();
}

describe('complete', () => {
  // Each refusal probe breaks exactly one rule, whatever order the endpoint checks the rules in: every part that
  // could be read as non-last is at least the profile's minimum (which covers every reading of it), and the list
  // stays contiguous from 1, so EntityTooSmall or a gap can never be the right first answer.
  // [2, 1]: both parts at the minimum, so neither order of reading "last" makes a part too small.
  refusalTest(ascendingRequired, [min, min], (l) => [...l].reverse());
  // [1, 2]: part 2 was never uploaded; part 1 is at the minimum and 1..2 is contiguous.
  refusalTest(missingPart, [min], (l) => [...l, { partNumber: 2, etag: l[0].etag }]);
  // [1, 2]: part 1 (at the minimum) with a wrong ETag, part 2 the small last part.
  refusalTest(wrongEtag, [min, 2_000], (l) => [{ ...l[0], etag: `"${'0'.repeat(32)}"` }, l[1]]);
  refusalTest(emptyList, [2_000], () => []);

  checkTest(s, subsetWithGaps, async ({ seed, env }) => {
    const up = await uploadWith('subset', seed, [min, 2_000, 3_000]);
    const r = await s.complete(up.key, up.uploadId, [up.list[0], up.list[2]]);
    const specs = [up.specs[0], up.specs[2]];
    const accepted = r.status === 200 && !r.error;
    const read = accepted ? await readObject(s, up.key, specs[0].size + specs[1].size) : undefined;
    return subsetWithGaps.judge({ complete: r.exchange, specs, ...(read ? { read } : {}) }, env);
  });

  checkTest(s, duplicateNumbers, async ({ seed, env }) => {
    const up = await uploadWith('duplicate', seed, [min, 2_000]);
    const r = await s.complete(up.key, up.uploadId, [up.list[0], up.list[0], up.list[1]]);
    const usedOnce = up.specs;
    const twice = [up.specs[0], up.specs[0], up.specs[1]];
    const accepted = r.status === 200 && !r.error;
    // The whole object, kept in memory at the larger reading's size so a mismatch can be located.
    const size = Math.max(layoutSize(usedOnce), layoutSize(twice));
    const read = accepted ? await readObject(s, up.key, size) : undefined;
    return duplicateNumbers.judge(
      { complete: r.exchange, once: usedOnce, twice, ...(read ? { read } : {}) },
      env,
    );
  });

  checkTest(s, etagFormat, async ({ env }) => {
    const { up, r } = await completed();
    return etagFormat.judge(
      { complete: r.exchange, etag: r.data?.etag, partMd5s: up.sent.map((p) => p.digest.md5Hex) },
      env,
    );
  });
  checkTest(s, etagS3Formula, async ({ env }) => {
    const { up, r } = await completed();
    return etagS3Formula.judge(
      { complete: r.exchange, etag: r.data?.etag, partMd5s: up.sent.map((p) => p.digest.md5Hex) },
      env,
    );
  });
  checkTest(s, notErrorBody, async ({ env }) => {
    const { r } = await completed();
    return notErrorBody.judge({ complete: r.exchange, root: rootOf(r.exchange) }, env);
  });
  checkTest(s, leadingWhitespace, async ({ env }) => {
    const { r, ws, tried } = await withWhitespace();
    return leadingWhitespace.judge(
      { complete: r.exchange, root: rootOf(r.exchange), leadingWhitespace: ws, tried },
      env,
    );
  });
  checkTest(s, objectCrc64, async ({ env }) => {
    const { up, r } = await completed();
    return objectCrc64.judge({ complete: r.exchange, crc64: combinedCrc(up.sent) }, env);
  });

  assertFamilyCovered(s);
});
