/** Mutants of the partNumber rule (spec §2.2 [D7750] "范围在1 - 10000", §4.3): wrong bounds, lenient parsing. */
import { STRICT_PART_NUMBER } from '../behaviour.ts';
import { LIMITS } from '../../spec/limits.ts';
import { mutant } from './types.ts';

const FAMILY = 'part-number';
const MIN = LIMITS.minPartNumber;
const MAX = LIMITS.maxPartNumber;

/** A validator: strict decimal form, then `inRange` on the number. */
function strictWithin(inRange: (n: number) => boolean): (raw: string | undefined) => boolean {
  return (raw) => raw !== undefined && STRICT_PART_NUMBER.test(raw) && inRange(Number(raw));
}

/** The id of a part-number rejection check; a slug the catalogue lacks does not compile where `catches` takes it. */
const REJECT = <const S extends string>(slug: S) => `part-number.upload-part.reject-${slug}` as const;

export const PART_NUMBER_MUTANTS = [
  mutant({
    name: 'part-number-zero-accepted',
    description: 'partNumber 0 is accepted (lower bound off by one)',
    family: FAMILY,
    catches: [REJECT('zero')],
    behaviour: {
      validatePartNumber: (raw) => raw === '0' || strictWithin((n) => n >= MIN && n <= MAX)(raw),
    },
  }),
  mutant({
    name: 'part-number-one-refused',
    description: 'partNumber 1 is refused (lower bound off by one the other way)',
    family: FAMILY,
    catches: ['part-number.upload-part.min-1'],
    behaviour: { validatePartNumber: strictWithin((n) => n > MIN && n <= MAX) },
  }),
  mutant({
    name: 'part-number-10001-accepted',
    description: 'partNumber 10001 is accepted (upper bound off by one)',
    family: FAMILY,
    catches: [REJECT('10001')],
    behaviour: { validatePartNumber: strictWithin((n) => n >= MIN && n <= MAX + 1) },
  }),
  mutant({
    name: 'part-number-10000-refused',
    description: 'partNumber 10000 is refused (upper bound exclusive)',
    family: FAMILY,
    catches: ['part-number.upload-part.max-10000', 'part-number.upload-part.max-10000-completed'],
    behaviour: { validatePartNumber: strictWithin((n) => n >= MIN && n < MAX) },
    // The full-tier check uploads parts 1..10000 of 1 MiB before it reaches part 10000.
    run: { heavy: true },
  }),
  mutant({
    name: 'part-number-refused-but-stored',
    description:
      'a refused partNumber is stored under its parseInt value when that is 1..10000 (1.5 overwrites part 1), then refused',
    family: FAMILY,
    // 01 and +1 are refused (strict form) yet stored as part 1: the observations see a refusal that stored a part.
    catches: [
      REJECT('fraction'),
      'part-number.upload-part.leading-zero',
      'part-number.upload-part.plus-sign',
    ],
    handlers: { uploadPart: 'refusedNumberStored' },
  }),
  mutant({
    name: 'part-number-unvalidated',
    description: 'partNumber is not validated at all: every form is accepted',
    family: FAMILY,
    catches: [
      REJECT('zero'),
      REJECT('10001'),
      REJECT('negative'),
      REJECT('fraction'),
      REJECT('non-numeric'),
      REJECT('empty'),
      REJECT('2pow31'),
    ],
    behaviour: { validatePartNumber: () => true },
  }),
] as const;
