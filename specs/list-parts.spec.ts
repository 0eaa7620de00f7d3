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
import { assertFamilyCovered, checkTest, useSuite } from './support/suite.ts';

const suite = useSuite('list-parts');

/** Uploads parts 1..count of one byte each, 16 at a time, then pages through them. */
async function paged(
  name: string,
  seed: number,
  count: number,
  maxParts: number | undefined,
): Promise<Paging> {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const numbers = Array.from({ length: count }, (_, index) => index + 1);
  for (let from = 0; from < count; from += 16) {
    const batch = numbers
      .slice(from, from + 16)
      .map((partNumber) => ({ partNumber, spec: partSpec(seed, uploadNo, partNumber, 1) }));
    await sendParts(suite, key, uploadId, batch, { concurrent: true });
  }
  const defaultPage = suite.profile.limits.listPartsPage.value;
  const pages: PartsPage[] = [];
  let marker: number | undefined;
  const maxPages = Math.ceil(count / (maxParts ?? defaultPage)) + 2;
  while (pages.length < maxPages) {
    const answer = await suite.client.listParts(key, uploadId, {
      ...(maxParts !== undefined ? { maxParts } : {}),
      ...(marker !== undefined ? { partNumberMarker: marker } : {}),
    });
    unlessMissing('listParts', answer.exchange);
    const page = answer.data;
    pages.push({
      exchange: answer.exchange,
      partNumbers: page?.parts.map((part) => part.partNumber) ?? [],
      isTruncated: page?.isTruncated ?? false,
      ...(page?.nextPartNumberMarker !== undefined
        ? { nextPartNumberMarker: page.nextPartNumberMarker }
        : {}),
      ...(maxParts !== undefined ? { maxParts } : {}),
    });
    if (!page?.isTruncated) break;
    marker = page.nextPartNumberMarker ?? page.parts.at(-1)?.partNumber;
    if (marker === undefined) break;
  }
  // cleanup, not part of the scenario: an endpoint without Abort leaves it for teardown's report
  await suite.tracker.cleanup(suite.client, { uploads: [{ key, uploadId }], objects: [] });
  return { pages, uploaded: numbers, defaultPage };
}

describe('list-parts', () => {
  checkTest(suite, pagingMaxParts, ({ seed }) => paged('five', seed, 5, 2));
  checkTest(suite, pagingOver1000, ({ seed }) => paged('over-1000', seed, 1001, undefined));

  assertFamilyCovered(suite);
});
