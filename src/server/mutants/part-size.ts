/** Mutants of the part size limits (spec §2.2 [D7750] 1 MB–5 GB, last part smaller; §2.5 EntityTooSmall). */
import { mutant } from './types.ts';

const FAMILY = 'part-size';
const MIB = 1024 * 1024;

export const PART_SIZE_MUTANTS = [
  mutant({
    name: 'min-part-size-unchecked',
    description: 'a non-last part of any size is accepted at Complete (no EntityTooSmall)',
    family: FAMILY,
    catches: [
      'part-size.upload-part.non-last-below-min-rejected',
      'part-size.upload-part.non-last-boundary-measured',
    ],
    behaviour: { minPartSize: 0 },
  }),
  mutant({
    name: 'min-part-size-5mib',
    description: 'non-last parts must be 5 MiB (the S3 minimum), so 1 MiB parts are refused',
    family: FAMILY,
    catches: [
      'part-size.upload-part.non-last-at-min-accepted',
      'part-size.upload-part.non-last-above-min-accepted',
      'part-size.upload-part.non-last-boundary-measured',
    ],
    behaviour: { minPartSize: 5 * MIB },
  }),
  mutant({
    name: 'small-last-part-rejected',
    description: 'the last part is held to the minimum size too (EntityTooSmall for a small last part)',
    family: FAMILY,
    catches: ['part-size.upload-part.last-zero-bytes', 'part-size.upload-part.last-one-byte'],
    behaviour: { minSizeExemptsLastPart: false },
  }),
  mutant({
    name: 'continue-before-size-check',
    description: 'Expect: 100-continue is answered before the header checks, so 5 GiB + 1 gets 100 Continue',
    family: FAMILY,
    catches: ['part-size.upload-part.over-5gib-rejected'],
    behaviour: { validateBeforeContinue: false },
  }),
] as const;
