/**
 * List Parts paging (spec §2.4 [D7747]): five parts paged two at a time; in the full tier 1001 parts paged with
 * the default page of 1000.
 */
import { describe } from 'vitest';
import {
  type Paging,
  type PartsPage,
  pagingMaxParts,
  pagingOver1000,
} from '../src/checks/families/list-parts.ts';
import { nextUploadNo, partSpec, sendParts, startUpload, unlessMissing } from './support/parts.ts';
import { assertFamilyCovered, checkTest, type Suite, useSuite } from './support/suite.ts';

const s = useSuite('list-parts');

/** Uploads parts 1..n of one byte each, `width` at a time, then pages through them. */
async function paged(
  suite: Suite,
  name: string,
  seed: number,
  n: number,
  maxParts: number | undefined,
): Promise<Paging> {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const u = nextUploadNo();
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = 0; i < n; i += 16) {
    const batch = numbers.slice(i, i + 16).map((p) => ({ partNumber: p, spec: partSpec(seed, u, p, 1) }));
    await sendParts(suite, key, uploadId, batch, { concurrent: true });
  }
  const defaultPage = suite.profile.limits.listPartsPage.value;
  const pages: PartsPage[] = [];
  let marker: number | undefined;
  const maxPages = Math.ceil(n / (maxParts ?? defaultPage)) + 2;
  while (pages.length < maxPages) {
    const r = await suite.client.listParts(key, uploadId, {
      ...(maxParts !== undefined ? { maxParts } : {}),
      ...(marker !== undefined ? { partNumberMarker: marker } : {}),
    });
    unlessMissing('listParts', r.exchange);
    const d = r.data;
    pages.push({
      exchange: r.exchange,
      partNumbers: d?.parts.map((p) => p.partNumber) ?? [],
      isTruncated: d?.isTruncated ?? false,
      ...(d?.nextPartNumberMarker !== undefined ? { nextPartNumberMarker: d.nextPartNumberMarker } : {}),
      ...(maxParts !== undefined ? { maxParts } : {}),
    });
    if (!d?.isTruncated) break;
    marker = d.nextPartNumberMarker ?? d.parts.at(-1)?.partNumber;
    if (marker === undefined) break;
  }
  // cleanup, not part of the scenario: an endpoint without Abort leaves it for teardown's report
  await suite.tracker.cleanup(suite.client, { uploads: [{ key, uploadId }], objects: [] });
  return { pages, uploaded: numbers, defaultPage };
}

describe('list-parts', () => {
  checkTest(s, pagingMaxParts, async ({ seed, env }) =>
    pagingMaxParts.judge(await paged(s, 'five', seed, 5, 2), env),
  );
  checkTest(s, pagingOver1000, async ({ seed, env }) =>
    pagingOver1000.judge(await paged(s, 'over-1000', seed, 1001, undefined), env),
  );

  assertFamilyCovered(s);
});
