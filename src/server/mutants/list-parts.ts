/** Mutants of List Parts paging (spec §2.4 [D7747]): order, marker, default page size. */
import { mutant } from './types.ts';

const FAMILY = 'list-parts';

export const LIST_PARTS_MUTANTS = [
  mutant({
    name: 'list-parts-unsorted',
    description: 'List Parts returns the parts in descending part-number order',
    family: FAMILY,
    catches: ['list-parts.list-parts.paging-max-parts'],
    behaviour: { listPartsOrder: 'descending' },
  }),
  mutant({
    name: 'list-parts-marker-inclusive',
    description: 'a List Parts page starts at part-number-marker instead of after it (paging off by one)',
    family: FAMILY,
    catches: ['list-parts.list-parts.paging-max-parts'],
    behaviour: { partNumberMarkerExclusive: false },
  }),
  mutant({
    name: 'list-parts-default-page-999',
    description: 'without max-parts, List Parts pages by 999 instead of 1000',
    family: FAMILY,
    catches: ['list-parts.list-parts.paging-over-1000'],
    behaviour: { listPartsDefaultMax: 999 },
  }),
] as const;
