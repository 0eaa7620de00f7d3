/**
 * Family 2, partNumber (spec §2.2 [D7750] "范围在1 - 10000", §4.3): 1 and 10000 are valid (uploaded, listed,
 * completable); 0, 10001, -1, 1.5, abc, empty and 2^31 are rejected with 400 InvalidArgument and store nothing;
 * the odd forms `01` and `+1` are observed and recorded: refused or accepted as part 1, but an accepted part must
 * be stored as the body sent and a refused one not at all.
 */
import type { Exchange } from '../../client/exchange.ts';
import { layoutSize, type ReadBack, readBackProblem } from '../kit/bytes.ts';
import type { BodySpec } from '../../body/generate.ts';
import { type Check, defineCheck, type JudgeKit, withExchanges } from '../kit/define.ts';
import type { CheckResult } from '../types.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import { type ListedPart, listedPart, type PartListing } from '../kit/observations.ts';
import { unreadableListing } from '../kit/listing.ts';
import { unquote } from '../kit/etag.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import type { CheckId } from '../registry.ts';
import {
  decision,
  deviation,
  doc,
  expect,
  expectationTable,
  named,
  observed,
  peerSuite,
  RGW,
  rejected,
  rgwTable,
} from '../../profiles/evidence.ts';
import { ACCEPTED_PART, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations, KnownDeviation } from '../../profiles/types.ts';
import { STRICT_PART_NUMBER } from '../../server/behaviour.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { LIMITS } from '../../spec/limits.ts';

const FAMILY = 'part-number';
const REF = 'spec §2.2 [D7750]';

/** A valid part number taken through upload, listing and (optionally) Complete and a read-back. */
export interface ValidNumberRun {
  partNumber: number;
  upload: Exchange | undefined;
  listing: PartListing;
  complete?: Exchange;
  /** The whole completed object read back (streamed and hashed when large), compared with `specs`. */
  read?: ReadBack;
  specs?: readonly BodySpec[];
}

function judgeValidNumber(input: ValidNumberRun, kit: JudgeKit): CheckResult {
  const exchanges = [input.upload, input.listing.exchange, input.complete, input.read?.exchange];
  const up = judgeAnswer(kit, input.upload, `Upload Part partNumber=${input.partNumber}`);
  if (up.outcome !== 'pass') return withExchanges(up, exchanges);
  const pre = requireSuccess(kit, input.listing.exchange, 'List Parts');
  if (pre) return pre;
  const unread = unreadableListing(kit, input.listing, `whether part ${input.partNumber} was stored`, {
    exchanges,
  });
  if (unread) return unread;
  if (!input.listing.parts?.some((part) => part.partNumber === input.partNumber)) {
    return kit.fail(`part ${input.partNumber} was accepted but List Parts does not show it`, { exchanges });
  }
  if (input.complete) {
    const completeVerdict = judgeAnswer(kit, input.complete, `Complete with part ${input.partNumber}`);
    if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
    if (!input.read || !input.specs) {
      return kit.error('the object was completed but not read back', { exchanges });
    }
    const total = layoutSize(input.specs);
    if (input.read.offset !== 0 || input.read.length < total) {
      // A range (e.g. the tail holding part 10000) says nothing about the bytes outside it.
      return kit.error(
        `the read-back covers bytes ${input.read.offset}..${input.read.offset + input.read.length} of ${total}, not the whole object`,
        { exchanges },
      );
    }
    const problem = readBackProblem(input.specs, input.read);
    if (problem) return kit.fail(`object read back wrong: ${problem}`, { exchanges });
    return kit.pass(`part ${input.partNumber} uploaded, listed and completed`, {
      variantSeen: 'completed',
      exchanges,
    });
  }
  return kit.pass(`part ${input.partNumber} uploaded and listed`, { variantSeen: 'listed', exchanges });
}

export const minNumber = defineCheck(
  {
    id: 'part-number.upload-part.min-1',
    title: 'partNumber 1 through Upload Part, List Parts and Complete',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'part-number', 'boundary'],
  },
  judgeValidNumber,
);

export const maxNumber = defineCheck(
  {
    id: 'part-number.upload-part.max-10000',
    title: 'partNumber 10000 through Upload Part and List Parts',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'part-number', 'boundary'],
  },
  judgeValidNumber,
);

export const maxNumberCompleted = defineCheck(
  {
    id: 'part-number.upload-part.max-10000-completed',
    title: 'An object completed from part 10000, read back',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; spec §2.5 [D7742]`,
    tags: ['upload-part', 'part-number', 'boundary', 'complete', 'heavy'],
    tiers: ['full'],
  },
  judgeValidNumber,
);

/** An Upload Part with an invalid partNumber, and the listing after it. */
export interface InvalidNumberRun {
  /** The partNumber exactly as sent on the wire. */
  wire: string;
  upload: Exchange | undefined;
  /**
   * Parts listed before and after the attempt: nothing stored means no new part and every part listed before
   * with the same ETag and size after.
   */
  before: PartListing;
  after: PartListing;
}

/** How a part listed before differs in the listing after (gone, or another ETag or size), or undefined. */
function changedPart(before: readonly ListedPart[], after: PartListing): string | undefined {
  for (const was of before) {
    const now = listedPart(after, was.partNumber);
    if (!now) return `part ${was.partNumber} is no longer listed`;
    if (now.etag !== was.etag || now.size !== was.size) {
      return `part ${was.partNumber} changed from ETag ${was.etag}, Size ${was.size} to ETag ${now.etag}, Size ${now.size}`;
    }
  }
  return undefined;
}

function invalidNumberCheck<const S extends string>(
  slug: S,
  title: string,
): Check<InvalidNumberRun, `part-number.upload-part.reject-${S}`> {
  return defineCheck(
    {
      id: `part-number.upload-part.reject-${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef: `${REF}; spec §4.3 (code UNCONFIRMED)`,
      tags: ['upload-part', 'part-number', 'error-code', 'InvalidArgument'],
    },
    (input: InvalidNumberRun, kit) => {
      const verdict = judgeAnswer(kit, input.upload, `Upload Part partNumber=${JSON.stringify(input.wire)}`, [
        input.before.exchange,
        input.after.exchange,
      ]);
      if (verdict.outcome !== 'pass') return verdict;
      const n0 = input.before.parts?.length;
      const n1 = input.after.parts?.length;
      if (n0 === undefined || n1 === undefined) {
        const failed = n0 === undefined ? input.before.exchange : input.after.exchange;
        return kit.indeterminate(
          `rejected with ${describeAnswer(input.upload)} as required, but List Parts ${n0 === undefined ? 'before' : 'after'} it answered ${describeAnswer(failed)}, so whether a part was stored is unknown`,
          { exchanges: verdict.exchanges },
        );
      }
      if (n1 > n0) {
        return kit.fail(
          `rejected with ${describeAnswer(input.upload)} but List Parts shows ${n1 - n0} new part(s)`,
          {
            exchanges: verdict.exchanges,
          },
        );
      }
      // A value mapped onto an existing part (`1.5` read as 1) adds nothing: only the part's ETag and size show it.
      const changed = changedPart(input.before.parts ?? [], input.after);
      if (changed) {
        return kit.fail(`rejected with ${describeAnswer(input.upload)} but ${changed}`, {
          exchanges: verdict.exchanges,
        });
      }
      return verdict;
    },
  );
}

export const rejectZero = invalidNumberCheck('zero', 'Upload Part with partNumber 0');
export const rejectAboveMax = invalidNumberCheck('10001', 'Upload Part with partNumber 10001');
export const rejectNegative = invalidNumberCheck('negative', 'Upload Part with partNumber -1');
export const rejectFraction = invalidNumberCheck('fraction', 'Upload Part with partNumber 1.5');
export const rejectNonNumeric = invalidNumberCheck('non-numeric', 'Upload Part with partNumber abc');
export const rejectEmpty = invalidNumberCheck('empty', 'Upload Part with an empty partNumber');
export const rejectInt32Overflow = invalidNumberCheck(
  '2pow31',
  'Upload Part with partNumber 2^31 (2147483648)',
);

/** The invalid wire forms, by check, for the scenario. */
export const INVALID_PART_NUMBERS = [
  [rejectZero, '0'],
  [rejectAboveMax, '10001'],
  [rejectNegative, '-1'],
  [rejectFraction, '1.5'],
  [rejectNonNumeric, 'abc'],
  [rejectEmpty, ''],
  [rejectInt32Overflow, String(2 ** 31)],
] as const;

/** An odd but arguably numeric form, observed. */
export interface OddNumberRun {
  wire: string;
  /** The number it reads as, if accepted (1 for `01` and `+1`). */
  readsAs: number;
  /** MD5 hex and size of the body sent. */
  sent: { md5Hex: string; size: number };
  upload: Exchange | undefined;
  /** List Parts of the (otherwise empty) upload after the attempt. */
  after: PartListing;
}

/** Why a listed part is not the body sent, or undefined when ETag and size match it. */
function storedProblem(
  part: ListedPart | undefined,
  sent: OddNumberRun['sent'],
  partNumber: number,
): string | undefined {
  if (!part) return `part ${partNumber} is not listed`;
  if (unquote(part.etag).toLowerCase() !== sent.md5Hex) {
    return `part ${partNumber} is listed with ETag ${part.etag}, the body sent has MD5 ${sent.md5Hex}`;
  }
  if (part.size !== sent.size)
    return `part ${partNumber} is listed with Size ${part.size}, ${sent.size} bytes were sent`;
  return undefined;
}

function oddNumberCheck<const S extends string>(
  slug: S,
  title: string,
): Check<OddNumberRun, `part-number.upload-part.${S}`> {
  return defineCheck(
    {
      id: `part-number.upload-part.${slug}`,
      title,
      family: FAMILY,
      severity: 'should',
      specRef: `${REF} (form not specified)`,
      tags: ['upload-part', 'part-number', 'observation'],
      observation: true,
    },
    (input: OddNumberRun, kit) => {
      const exchanges = [input.upload, input.after.exchange];
      const what = `Upload Part partNumber=${input.wire}`;
      const transport = transportResult(kit, input.upload, what);
      if (transport) return withExchanges(transport, exchanges);
      const accepted = isSuccess(input.upload) && !input.upload!.response!.error;
      const seen = accepted
        ? `accepted-as-${input.readsAs}`
        : `rejected-${describeAnswer(input.upload).replace(' ', '-')}`;
      // Either way the listing must be read: an accepted part is stored as the body sent, a refused one not at all.
      const pre = requireSuccess(kit, input.after.exchange, 'List Parts after it');
      if (pre) return withExchanges(pre, exchanges);
      const parts = input.after.parts;
      if (parts === undefined) {
        return kit.indeterminate(`${what}: ${seen}, but List Parts after it had no readable part list`, {
          exchanges,
        });
      }
      if (accepted) {
        const problem = storedProblem(listedPart(input.after, input.readsAs), input.sent, input.readsAs);
        if (problem) {
          return kit.violation(`${what} answered ${describeAnswer(input.upload)}, but ${problem}`, {
            expected: `part ${input.readsAs} stored with the body sent`,
            observed: `listed [${parts.map((part) => part.partNumber).join(',')}]`,
            exchanges,
          });
        }
      } else if (parts.length > 0) {
        return kit.violation(
          `${what} was refused (${describeAnswer(input.upload)}), but List Parts shows part(s) ${parts.map((part) => part.partNumber).join(', ')}`,
          { expected: 'no part stored', exchanges },
        );
      }
      return kit.pass(`${what}: ${seen}`, {
        variantSeen: seen,
        observed: describeAnswer(input.upload),
        exchanges,
      });
    },
  );
}

export const leadingZero = oddNumberCheck('leading-zero', 'Upload Part with partNumber 01');
export const plusSign = oddNumberCheck('plus-sign', 'Upload Part with partNumber +1');

export const PART_NUMBER_CHECKS = [
  minNumber,
  maxNumber,
  maxNumberCompleted,
  ...INVALID_PART_NUMBERS.map(([check]) => check),
  leadingZero,
  plusSign,
] as const;

/** COS: stated `documented`: the observation is of other bad arguments, the exact code is UNCONFIRMED (spec §4.3). */
const cosInvalidPartNumbers = expectationTable(
  INVALID_PART_NUMBERS.map(
    ([check]) =>
      [
        check.id,
        expect(
          [
            rejected(
              'InvalidArgument',
              doc('spec §2.2 [D7750]', 'partNumber "范围在1 - 10000"'),
              doc('spec §4.3', 'exact code UNCONFIRMED; InvalidArgument is the recommended reading'),
              observed('[OBS-node9]', 'COS answers bad arguments with InvalidArgument "Invalid Argument"'),
            ),
          ],
          { confidence: 'documented' },
        ),
      ] as const,
  ),
);

const RGW_PART_NUMBER: Partial<Record<CheckId, KnownDeviation>> = {
  [rejectZero.id]: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
  [rejectAboveMax.id]: deviation(RGW, '200 (accepted and listed)', rgwTable('partNumber 0, -1, 10001')),
  [rejectNegative.id]: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
};

const s3InvalidPartNumbers = expectationTable(
  INVALID_PART_NUMBERS.map(([check]) => {
    const rgwDeviation = RGW_PART_NUMBER[check.id];
    return [
      check.id,
      expect(
        [
          rejected(
            'InvalidArgument',
            S3_DOCS.uploadPart,
            peerSuite(
              'B2 (versitygw UploadPart_invalid_part_number)',
              '"Part number must be an integer between 1 and 10000"',
            ),
          ),
        ],
        rgwDeviation ? { deviations: [rgwDeviation] } : {},
      ),
    ] as const;
  }),
);

/** What each profile allows (docs/spec.md §2.2, §4.3; AWS UploadPart, and what RGW answered). */
export const PART_NUMBER_EXPECTATIONS = {
  cos: {
    'part-number.upload-part.min-1': expect([ACCEPTED_PART.cos]),
    'part-number.upload-part.max-10000': expect([ACCEPTED_PART.cos]),
    'part-number.upload-part.max-10000-completed': expect([ACCEPTED_PART.cos]),
    ...cosInvalidPartNumbers,
    'part-number.upload-part.leading-zero': expect([
      named('any', decision('form not specified by spec §2.2')),
    ]),
    'part-number.upload-part.plus-sign': expect([named('any', decision('form not specified by spec §2.2'))]),
  },
  s3: {
    'part-number.upload-part.min-1': expect([ACCEPTED_PART.s3]),
    'part-number.upload-part.max-10000': expect([ACCEPTED_PART.s3]),
    'part-number.upload-part.max-10000-completed': expect([ACCEPTED_PART.s3]),
    ...s3InvalidPartNumbers,
    'part-number.upload-part.leading-zero': expect([named('any', decision('form not specified'))]),
    'part-number.upload-part.plus-sign': expect([named('any', decision('form not specified'))]),
  },
} satisfies FamilyExpectations<typeof PART_NUMBER_CHECKS>;

const MIN = LIMITS.minPartNumber;
const MAX = LIMITS.maxPartNumber;

/** A validator: strict decimal form, then `inRange` on the number. */
function strictWithin(inRange: (partNumber: number) => boolean): (raw: string | undefined) => boolean {
  return (raw) => raw !== undefined && STRICT_PART_NUMBER.test(raw) && inRange(Number(raw));
}

/** Servers that break the partNumber rule: wrong bounds, lenient parsing. */
export const PART_NUMBER_MUTANTS = [
  {
    name: 'part-number-zero-accepted',
    description: 'partNumber 0 is accepted (lower bound off by one)',
    family: FAMILY,
    catches: [rejectZero.id],
    behaviour: {
      validatePartNumber: (raw) =>
        raw === '0' || strictWithin((partNumber) => partNumber >= MIN && partNumber <= MAX)(raw),
    },
  },
  {
    name: 'part-number-one-refused',
    description: 'partNumber 1 is refused (lower bound off by one the other way)',
    family: FAMILY,
    catches: [minNumber.id],
    behaviour: { validatePartNumber: strictWithin((partNumber) => partNumber > MIN && partNumber <= MAX) },
  },
  {
    name: 'part-number-10001-accepted',
    description: 'partNumber 10001 is accepted (upper bound off by one)',
    family: FAMILY,
    catches: [rejectAboveMax.id],
    behaviour: {
      validatePartNumber: strictWithin((partNumber) => partNumber >= MIN && partNumber <= MAX + 1),
    },
  },
  {
    name: 'part-number-10000-refused',
    description: 'partNumber 10000 is refused (upper bound exclusive)',
    family: FAMILY,
    catches: [maxNumber.id, maxNumberCompleted.id],
    behaviour: { validatePartNumber: strictWithin((partNumber) => partNumber >= MIN && partNumber < MAX) },
    // The full-tier check uploads parts 1..10000 of 1 MiB before it reaches part 10000.
    run: { heavy: true },
  },
  {
    name: 'part-number-refused-but-stored',
    description:
      'a refused partNumber is stored under its parseInt value when that is 1..10000 (1.5 overwrites part 1), then refused',
    family: FAMILY,
    // 01 and +1 are refused (strict form) yet stored as part 1: the observations see a refusal that stored a part.
    catches: [rejectFraction.id, leadingZero.id, plusSign.id],
    handlers: { uploadPart: 'refusedNumberStored' },
  },
  {
    name: 'part-number-unvalidated',
    description: 'partNumber is not validated at all: every form is accepted',
    family: FAMILY,
    catches: [
      rejectZero.id,
      rejectAboveMax.id,
      rejectNegative.id,
      rejectFraction.id,
      rejectNonNumeric.id,
      rejectEmpty.id,
      rejectInt32Overflow.id,
    ],
    behaviour: { validatePartNumber: () => true },
  },
] as const satisfies readonly MutantDef[];
