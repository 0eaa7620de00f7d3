/** Mutants of part order in the completed object (spec §2.2 [D7750] out-of-order upload, §2.5 [D7742]). */
import { mutant } from './types.ts';

export const OUT_OF_ORDER_MUTANTS = [
  mutant({
    name: 'assemble-in-upload-order',
    description: 'Complete concatenates the parts in the order they were uploaded, not by part number',
    family: 'out-of-order',
    // The size rule is applied in that order too, so the concurrent and fixed-object cases may end in
    // EntityTooSmall (an error of their setup) instead: only the sequential property is certain to fail.
    catches: ['out-of-order.upload-part.sequential'],
    behaviour: { assembleOrder: 'upload-time' },
  }),
  mutant({
    name: 'concurrent-parts-lost',
    description:
      'parts uploaded at the same time are lost: each commit writes back the part list it read first',
    family: 'out-of-order',
    catches: ['out-of-order.upload-part.concurrent', 'list-parts.list-parts.paging-max-parts'],
    handlers: { uploadPart: 'concurrentPartsLost' },
  }),
  mutant({
    name: 'range-end-exclusive',
    description: 'Get Object serves bytes=a-b without byte b (the range end read as exclusive)',
    family: 'out-of-order',
    catches: ['out-of-order.upload-part.part-ranges', 'out-of-order.upload-part.boundary-reads'],
    behaviour: { rangeEndInclusive: false },
  }),
] as const;
