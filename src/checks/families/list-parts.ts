/**
 * List Parts paging (spec §2.4 [D7747]; peer-suites D3, (d)14): paging with max-parts, and past the default
 * page of 1000 in the full tier, yields every part exactly once, ascending, with IsTruncated and
 * NextPartNumberMarker right on every page.
 */
import type { Exchange } from '../../client/exchange.ts';
import { type Check, defineCheck, withExchanges } from '../kit/define.ts';
import { requireSuccess } from '../kit/response.ts';
import { expect, named, peerSuite } from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'list-parts';

/** One page of List Parts as parsed. */
export interface PartsPage {
  exchange: Exchange | undefined;
  partNumbers: readonly number[];
  isTruncated: boolean;
  nextPartNumberMarker?: number;
  /** max-parts asked for (undefined: the default). */
  maxParts?: number;
}

/** The pages of one listing, in the order fetched, and the part numbers that were uploaded. */
export interface Paging {
  pages: readonly PartsPage[];
  uploaded: readonly number[];
  /** Page size the server must use when max-parts is not given. */
  defaultPage: number;
}

/** What is wrong with a paged listing, or undefined. */
export function pagingProblem(input: Paging): string | undefined {
  const want = [...new Set(input.uploaded)].sort((a, b) => a - b);
  const seen: number[] = [];
  for (const [index, page] of input.pages.entries()) {
    const size = page.maxParts ?? input.defaultPage;
    const last = index === input.pages.length - 1;
    if (page.partNumbers.length > size)
      return `page ${index + 1} has ${page.partNumbers.length} parts, more than ${size}`;
    if (!last && !page.isTruncated) return `page ${index + 1} is not truncated but more pages were needed`;
    if (last && page.isTruncated) return `the last page (${index + 1}) says IsTruncated=true`;
    if (page.isTruncated) {
      if (page.partNumbers.length < size)
        return `page ${index + 1} is truncated with only ${page.partNumbers.length} of ${size}`;
      const tail = page.partNumbers[page.partNumbers.length - 1];
      if (page.nextPartNumberMarker !== tail) {
        return `page ${index + 1} NextPartNumberMarker is ${page.nextPartNumberMarker}, its last part is ${tail}`;
      }
    }
    seen.push(...page.partNumbers);
  }
  for (let index = 1; index < seen.length; index++) {
    if (seen[index] <= seen[index - 1])
      return `part ${seen[index]} follows ${seen[index - 1]}: not strictly ascending`;
  }
  if (seen.length !== want.length || seen.some((partNumber, index) => partNumber !== want[index])) {
    const missing = want.filter((partNumber) => !seen.includes(partNumber));
    const extra = seen.filter((partNumber) => !want.includes(partNumber));
    return `listed ${seen.length} parts, uploaded ${want.length} (missing [${missing.slice(0, 5).join(',')}], extra [${extra.slice(0, 5).join(',')}])`;
  }
  return undefined;
}

function pagingCheck<const S extends string>(
  slug: S,
  title: string,
  tier: 'quick' | 'full',
): Check<Paging, `list-parts.list-parts.paging-${S}`> {
  return defineCheck(
    {
      id: `list-parts.list-parts.paging-${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef: 'spec §2.4 [D7747]',
      tags: ['list-parts', 'paging', ...(tier === 'full' ? ['heavy'] : [])],
      ...(tier === 'full' ? { tiers: ['full' as const] } : {}),
    },
    (input: Paging, kit) => {
      const exchanges = input.pages.map((page) => page.exchange);
      for (const page of input.pages) {
        const pre = requireSuccess(kit, page.exchange, 'List Parts');
        if (pre) return withExchanges(pre, exchanges);
      }
      const problem = pagingProblem(input);
      if (problem) return kit.fail(problem, { exchanges });
      return kit.pass(
        `${input.uploaded.length} parts over ${input.pages.length} pages, each once, ascending`,
        {
          variantSeen: 'complete-and-ordered',
          measured: { pages: input.pages.length, parts: input.uploaded.length },
          exchanges,
        },
      );
    },
  );
}

export const pagingMaxParts = pagingCheck('max-parts', 'Paging List Parts with max-parts', 'quick');
export const pagingOver1000 = pagingCheck(
  'over-1000',
  'Paging List Parts of more than 1000 parts with the default page size',
  'full',
);

export const LIST_PARTS_CHECKS = [pagingMaxParts, pagingOver1000] as const;

/** What each profile allows (docs/spec.md §2.4; AWS ListParts, and the peer suites). */
export const LIST_PARTS_EXPECTATIONS = {
  cos: {
    'list-parts.list-parts.paging-max-parts': expect([named('complete-and-ordered', COS_DOCS.listParts)]),
    'list-parts.list-parts.paging-over-1000': expect([named('complete-and-ordered', COS_DOCS.listParts)]),
  },
  s3: {
    'list-parts.list-parts.paging-max-parts': expect([
      named('complete-and-ordered', S3_DOCS.listParts, peerSuite('D3')),
    ]),
    'list-parts.list-parts.paging-over-1000': expect([
      named('complete-and-ordered', S3_DOCS.listParts, peerSuite('(d)14')),
    ]),
  },
} satisfies FamilyExpectations<typeof LIST_PARTS_CHECKS>;

/** Servers that break List Parts paging: order, marker, default page size. */
export const LIST_PARTS_MUTANTS = [
  {
    name: 'list-parts-unsorted',
    description: 'List Parts returns the parts in descending part-number order',
    family: FAMILY,
    catches: [pagingMaxParts.id],
    behaviour: { listPartsOrder: 'descending' },
  },
  {
    name: 'list-parts-marker-inclusive',
    description: 'a List Parts page starts at part-number-marker instead of after it (paging off by one)',
    family: FAMILY,
    catches: [pagingMaxParts.id],
    behaviour: { partNumberMarkerExclusive: false },
  },
  {
    name: 'list-parts-default-page-999',
    description: 'without max-parts, List Parts pages by 999 instead of 1000',
    family: FAMILY,
    catches: [pagingOver1000.id],
    behaviour: { listPartsDefaultMax: 999 },
  },
] as const satisfies readonly MutantDef[];
