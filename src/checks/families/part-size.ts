/**
 * Family 6, part size limits (spec §2.2 [D7750] "each part 1MB–5GB, last part may be < 1MB", §2.5 [D7742]
 * EntityTooSmall, §3; peer-suites (d)1). A non-last part one byte under the minimum is refused (at Upload Part
 * or at Complete), at and above it accepted; the boundary COS means by "1 MB" (10^6 or 2^20) is measured, not
 * assumed. A last part may be 0 or 1 byte. In the full tier: a 5 GiB part is accepted, 5 GiB + 1 is refused
 * from its headers (Expect: 100-continue), never by sending the body.
 */
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import type { Profile, Variant } from '../../profiles/types.ts';
import { type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { type Check, defineCheck, type JudgeKit, withExchanges } from '../kit/define.ts';
import { describeAnswer, describeExchange, header, isSuccess } from '../kit/describe.ts';
import { partEtagProblem } from '../kit/etag.ts';
import { judgeAnswer, matchesVariant, transportResult } from '../kit/response.ts';
import type { CheckResult } from '../types.ts';
import {
  accepted,
  decision,
  doc,
  expect,
  named,
  observed,
  peerSuite,
  rejected,
} from '../../profiles/evidence.ts';
import { ACCEPTED_PART, COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { LIMITS } from '../../spec/limits.ts';

const FAMILY = 'part-size';
const BELOW_MIN_ID = 'part-size.upload-part.non-last-below-min-rejected';
const REF = 'spec §2.2 [D7750]; §2.5 [D7742]; §3';

/** One probe: a two-part upload whose first (non-last) part has `size` bytes and whose last part is tiny. */
export interface SizeProbe {
  size: number;
  first: Exchange | undefined;
  last: Exchange | undefined;
  complete: Exchange | undefined;
}

/** How a probe ended: accepted (Complete 2xx), refused (at Upload Part or Complete), or unknown. */
export type ProbeVerdict = 'accepted' | 'refused-at-upload-part' | 'refused-at-complete' | 'unknown';

/** The code that says a part is too small (spec §2.5 [D7742] EntityTooSmall). */
const ENTITY_TOO_SMALL = 'EntityTooSmall';

/**
 * Codes that say a part is too small under `profile`: EntityTooSmall and the codes its below-min check allows.
 * Any other refusal (InvalidArgument, InvalidPart, AccessDenied, SlowDown, a 5xx, a code-less 4xx) is about
 * something else and measures nothing.
 */
export function sizeRefusalCodes(profile: Profile): ReadonlySet<string> {
  const expectation = profile.expectations[BELOW_MIN_ID];
  const listed =
    expectation && 'variants' in expectation
      ? expectation.variants.flatMap((variant) => (variant.code ? [variant.code] : []))
      : [];
  return new Set([ENTITY_TOO_SMALL, ...listed]);
}

/** A refusal that names the part's size: a 4xx (or a 2xx carrying an `<Error>`) with one of `codes`. */
function refusesSize(ex: Exchange, codes: ReadonlySet<string>): boolean {
  const response = ex.response!;
  const code = response.error?.code;
  return code !== undefined && codes.has(code) && response.status >= 200 && response.status < 500;
}

/** Classifies a probe by its answers; only a refusal with one of `codes` counts as refused for its size. */
export function probeVerdict(
  probe: SizeProbe,
  codes: ReadonlySet<string> = new Set([ENTITY_TOO_SMALL]),
): ProbeVerdict {
  if (!probe.first?.response) return 'unknown';
  if (!isSuccess(probe.first) || probe.first.response.error) {
    return refusesSize(probe.first, codes) ? 'refused-at-upload-part' : 'unknown';
  }
  if (!isSuccess(probe.last) || !probe.complete?.response) return 'unknown';
  if (isSuccess(probe.complete) && !probe.complete.response.error) return 'accepted';
  return refusesSize(probe.complete, codes) ? 'refused-at-complete' : 'unknown';
}

function probeExchanges(probe: SizeProbe) {
  return [probe.first, probe.last, probe.complete];
}

function variantNamed(kit: JudgeKit, name: string): Variant | undefined {
  return kit.variants.find((variant) => variant.name === name);
}

export const belowMinRejected = defineCheck(
  {
    id: BELOW_MIN_ID,
    title: 'A non-last part one byte under the minimum, then Complete',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} [OBS-ckb]`,
    tags: ['upload-part', 'complete', 'part-size', 'boundary', 'error-code', 'EntityTooSmall'],
  },
  ({ probe }: { probe: SizeProbe }, kit) => {
    const exchanges = probeExchanges(probe);
    const transport = transportResult(kit, probe.first, `Upload Part of ${probe.size} bytes`);
    if (transport) return withExchanges(transport, exchanges);
    const atUpload = variantNamed(kit, 'at-upload-part');
    if (atUpload && matchesVariant(probe.first!, atUpload)) {
      return kit.pass(`refused at Upload Part: ${describeAnswer(probe.first)}`, {
        variantSeen: atUpload.name,
        exchanges,
      });
    }
    if (!isSuccess(probe.first)) {
      return kit.fail(`Upload Part of ${probe.size} bytes answered ${describeAnswer(probe.first)}`, {
        expected: 'EntityTooSmall (at Upload Part or at Complete)',
        exchanges,
      });
    }
    const t2 = transportResult(kit, probe.complete, 'Complete');
    if (t2) return withExchanges(t2, exchanges);
    const atComplete = variantNamed(kit, 'at-complete');
    if (atComplete && matchesVariant(probe.complete!, atComplete)) {
      return kit.pass(`refused at Complete: ${describeAnswer(probe.complete)}`, {
        variantSeen: atComplete.name,
        exchanges,
      });
    }
    return kit.fail(
      `a ${probe.size}-byte non-last part was not refused: Complete answered ${describeExchange(probe.complete)}`,
      { expected: '400 EntityTooSmall', observed: describeAnswer(probe.complete), exchanges },
    );
  },
);

function acceptedProbe(probe: SizeProbe, kit: JudgeKit): CheckResult {
  const exchanges = probeExchanges(probe);
  for (const [ex, what] of [
    [probe.first, `Upload Part of ${probe.size} bytes`],
    [probe.last, 'Upload Part of the last part'],
  ] as const) {
    const verdict = judgeAnswer(kit, ex, what);
    if (verdict.outcome !== 'pass') return withExchanges(verdict, exchanges);
  }
  return withExchanges(
    judgeAnswer(kit, probe.complete, `Complete with a ${probe.size}-byte first part`),
    exchanges,
  );
}

export const atMinAccepted = defineCheck(
  {
    id: 'part-size.upload-part.non-last-at-min-accepted',
    title: 'A non-last part of exactly the minimum size, then Complete',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'complete', 'part-size', 'boundary'],
  },
  ({ probe }: { probe: SizeProbe }, kit) => acceptedProbe(probe, kit),
);

export const aboveMinAccepted = defineCheck(
  {
    id: 'part-size.upload-part.non-last-above-min-accepted',
    title: 'A non-last part one byte over the minimum, then Complete',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'complete', 'part-size', 'boundary'],
  },
  ({ probe }: { probe: SizeProbe }, kit) => acceptedProbe(probe, kit),
);

/** Probes around every reading of the minimum, smallest first. */
export interface BoundaryProbes {
  probes: readonly SizeProbe[];
}

/** The measured minimum: the smallest accepted size with every smaller probe refused, every larger accepted. */
export function measureBoundary(
  probes: readonly SizeProbe[],
  codes?: ReadonlySet<string>,
):
  | { kind: 'found'; boundary: number }
  | { kind: 'none-accepted' | 'none-refused' | 'not-monotonic' | 'unknown' } {
  const sorted = [...probes].sort((a, b) => a.size - b.size);
  const verdicts = sorted.map((probe) => probeVerdict(probe, codes));
  if (verdicts.includes('unknown')) return { kind: 'unknown' };
  const firstAccepted = verdicts.indexOf('accepted');
  if (firstAccepted < 0) return { kind: 'none-accepted' };
  if (firstAccepted === 0) return { kind: 'none-refused' };
  if (verdicts.slice(firstAccepted).some((verdict) => verdict !== 'accepted'))
    return { kind: 'not-monotonic' };
  return { kind: 'found', boundary: sorted[firstAccepted].size };
}

export const boundaryMeasured = defineCheck(
  {
    id: 'part-size.upload-part.non-last-boundary-measured',
    title: 'The minimum non-last part size, measured around every documented reading',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} ("1 MB": 10^6 or 2^20 UNCONFIRMED)`,
    tags: ['upload-part', 'complete', 'part-size', 'boundary', 'measured'],
  },
  (input: BoundaryProbes, kit) => {
    const exchanges = input.probes.flatMap(probeExchanges);
    const codes = sizeRefusalCodes(kit.profile);
    const table = [...input.probes]
      .sort((a, b) => a.size - b.size)
      .map((probe) => `${probe.size}:${probeVerdict(probe, codes)}`)
      .join(' ');
    const measured: Record<string, string | number> = { probes: table };
    const boundary = measureBoundary(input.probes, codes);
    const allowed = kit.variants.map((variant) => variant.name);
    if (boundary.kind === 'unknown')
      return kit.indeterminate(
        `a probe got no answer about its size (a transport error, or a refusal other than ${[...codes].join('/')}): ${table}`,
        {
          measured,
          exchanges,
        },
      );
    if (boundary.kind !== 'found') {
      const why = {
        'none-accepted': 'no probe was accepted',
        'none-refused': 'every probe was accepted: the smallest probe is already at or over the minimum',
        'not-monotonic': 'acceptance is not monotonic in size',
      }[boundary.kind];
      return kit.fail(`${why} (${table})`, { expected: allowed.join(' or '), measured, exchanges });
    }
    measured.boundary = boundary.boundary;
    const hit = allowed.includes(String(boundary.boundary));
    return hit
      ? kit.pass(`minimum non-last part size measured: ${boundary.boundary} bytes`, {
          variantSeen: String(boundary.boundary),
          measured,
          expected: allowed.join(' or '),
          observed: String(boundary.boundary),
          exchanges,
        })
      : kit.fail(`measured minimum ${boundary.boundary} bytes is none of ${allowed.join(', ')}`, {
          expected: allowed.join(' or '),
          observed: String(boundary.boundary),
          measured,
          exchanges,
        });
  },
);

/** A multi-part upload whose last part is tiny, completed and read back. */
export interface TinyLastPart {
  uploads: readonly (Exchange | undefined)[];
  complete: Exchange | undefined;
  specs: readonly BodySpec[];
  read: ReadBack;
}

function tinyLast<const S extends string>(
  size: 0 | 1,
  slug: S,
): Check<TinyLastPart, `part-size.upload-part.${S}`> {
  return defineCheck(
    {
      id: `part-size.upload-part.${slug}`,
      title: `A last part of ${size} byte${size === 1 ? '' : 's'}, then Complete`,
      family: FAMILY,
      severity: 'must',
      specRef: `${REF}; peer-suites B10`,
      tags: ['upload-part', 'complete', 'part-size', 'boundary'],
    },
    (input: TinyLastPart, kit) => {
      const exchanges = [...input.uploads, input.complete, input.read.exchange];
      for (const [index, up] of input.uploads.entries()) {
        const verdict = judgeAnswer(kit, up, `Upload Part ${index + 1} of ${input.uploads.length}`);
        if (verdict.outcome !== 'pass') return withExchanges(verdict, exchanges);
      }
      const completeVerdict = judgeAnswer(kit, input.complete, 'Complete');
      if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
      const problem = readBackProblem(input.specs, input.read);
      if (problem) return kit.fail(`object differs: ${problem}`, { exchanges });
      return kit.pass(`last part of ${size} byte(s) accepted; object exact`, {
        variantSeen: 'accepted',
        exchanges,
      });
    },
  );
}

export const lastZeroBytes = tinyLast(0, 'last-zero-bytes');
export const lastOneByte = tinyLast(1, 'last-one-byte');

/** A part of the maximum size, streamed. */
export interface MaxSizePart {
  upload: Exchange | undefined;
  md5Hex: string;
}

export const maxAccepted = defineCheck(
  {
    id: 'part-size.upload-part.at-5gib-accepted',
    title: 'A part of exactly 5 GiB, and its ETag',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2 [D7750] ("5GB", read as 5 GiB)',
    tags: ['upload-part', 'part-size', 'boundary', 'heavy'],
    tiers: ['full'],
  },
  (input: MaxSizePart, kit) => {
    const verdict = judgeAnswer(kit, input.upload, 'Upload Part of 5 GiB');
    if (verdict.outcome !== 'pass') return verdict;
    const problem = partEtagProblem(header(input.upload, 'etag'), input.md5Hex);
    return problem ? kit.fail(problem, { exchanges: [input.upload] }) : verdict;
  },
);

/**
 * The request head was sent and then nothing came back until the deadline (the raw path's `TIMEOUT`; it reports
 * `CONNECT_TIMEOUT` while still connecting): a server that decides from the headers has answered long before.
 * A refused or reset connection is not silence, and stays unjudged.
 */
const SILENT_CODES: ReadonlySet<string> = new Set(['TIMEOUT']);

/** An Upload Part declaring more than the maximum, sent with `Expect: 100-continue` and no body. */
export interface OversizedDeclared {
  exchange: Exchange | undefined;
  /** The server answered `100 Continue` (it was ready to read the body). */
  continued: boolean;
  declaredLength: number;
}

export const overMaxRejected = defineCheck(
  {
    id: 'part-size.upload-part.over-5gib-rejected',
    title: 'A part declaring 5 GiB + 1 bytes, answered from its headers',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2 [D7750]; §4.2 EntityTooLarge [D7730-old]; §1.2 Expect [D7728]',
    tags: ['upload-part', 'part-size', 'boundary', 'error-code', 'EntityTooLarge', 'raw', 'heavy'],
    tiers: ['full'],
  },
  (input: OversizedDeclared, kit) => {
    if (input.continued) {
      return kit.fail(
        `the server answered 100 Continue to Content-Length ${input.declaredLength}: it would read the body`,
        {
          expected: '400 EntityTooLarge before 100 Continue',
          observed: '100 Continue',
          exchanges: [input.exchange],
        },
      );
    }
    const code = input.exchange?.transportError?.code;
    if (!input.exchange?.response && code !== undefined && SILENT_CODES.has(code)) {
      // Connected, headers sent, and no answer at all: the server did not refuse from the headers.
      return kit.fail(
        `the server neither refused Content-Length ${input.declaredLength} nor answered 100 Continue (${code}): it did not decide from the headers`,
        {
          expected: '400 EntityTooLarge before 100 Continue',
          observed: `no answer (${code})`,
          exchanges: [input.exchange],
        },
      );
    }
    return judgeAnswer(kit, input.exchange, `Upload Part declaring ${input.declaredLength} bytes`);
  },
);

export const PART_SIZE_CHECKS = [
  belowMinRejected,
  atMinAccepted,
  aboveMinAccepted,
  boundaryMeasured,
  lastZeroBytes,
  lastOneByte,
  maxAccepted,
  overMaxRejected,
] as const;

/** What each profile allows (docs/spec.md §1.2, §2.2, §2.5, §3, §4.2, §8; AWS quotas and error responses). */
export const PART_SIZE_EXPECTATIONS = {
  cos: {
    'part-size.upload-part.non-last-below-min-rejected': expect([
      { ...rejected('EntityTooSmall', COS_DOCS.complete), name: 'at-complete' },
      {
        ...rejected(
          'EntityTooSmall',
          observed('[OBS-ckb]', 'a real COS 400 EntityTooSmall on a PUT; spec §3 UNCONFIRMED'),
        ),
        name: 'at-upload-part',
      },
    ]),
    'part-size.upload-part.non-last-at-min-accepted': expect([ACCEPTED_PART.cos]),
    'part-size.upload-part.non-last-above-min-accepted': expect([ACCEPTED_PART.cos]),
    'part-size.upload-part.non-last-boundary-measured': expect([
      named('1000000', doc('spec §2.2 [D7750]', '"1MB" read as 10^6 bytes')),
      named('1048576', doc('spec §8 item 5', '"1MB" read as 1 MiB'), decision('reference server choice')),
    ]),
    'part-size.upload-part.last-zero-bytes': expect([
      accepted(
        'accepted',
        [200],
        doc('spec §2.2 [D7750]', 'the last part may be smaller than 1MB'),
        peerSuite('B10'),
      ),
    ]),
    'part-size.upload-part.last-one-byte': expect([
      accepted('accepted', [200], doc('spec §2.2 [D7750]', 'the last part may be smaller than 1MB')),
    ]),
    'part-size.upload-part.at-5gib-accepted': expect([
      accepted('accepted', [200], doc('spec §2.2 [D7750]', 'up to 5GB')),
    ]),
    'part-size.upload-part.over-5gib-rejected': expect([
      rejected(
        'EntityTooLarge',
        doc('spec §4.2 [D7730-old]'),
        doc('spec §1.2 [D7728]', 'Expect: 100-continue'),
      ),
    ]),
  },
  s3: {
    'part-size.upload-part.non-last-below-min-rejected': expect([
      { ...rejected('EntityTooSmall', S3_DOCS.complete, peerSuite('G8')), name: 'at-complete' },
    ]),
    'part-size.upload-part.non-last-at-min-accepted': expect([ACCEPTED_PART.s3]),
    'part-size.upload-part.non-last-above-min-accepted': expect([ACCEPTED_PART.s3]),
    'part-size.upload-part.non-last-boundary-measured': expect([
      named(String(LIMITS.s3MinPartSize), S3_DOCS.quotas),
    ]),
    'part-size.upload-part.last-zero-bytes': expect([
      accepted('accepted', [200], S3_DOCS.quotas, peerSuite('B10')),
    ]),
    'part-size.upload-part.last-one-byte': expect([
      accepted('accepted', [200], S3_DOCS.quotas, peerSuite('F3')),
    ]),
    'part-size.upload-part.at-5gib-accepted': expect([accepted('accepted', [200], S3_DOCS.quotas)]),
    'part-size.upload-part.over-5gib-rejected': expect([
      rejected('EntityTooLarge', S3_DOCS.errors, S3_DOCS.quotas),
    ]),
  },
} satisfies FamilyExpectations<typeof PART_SIZE_CHECKS>;

const MIB = 1024 * 1024;

/** Servers that break the part size limits. */
export const PART_SIZE_MUTANTS = [
  {
    name: 'min-part-size-unchecked',
    description: 'a non-last part of any size is accepted at Complete (no EntityTooSmall)',
    family: FAMILY,
    catches: [belowMinRejected.id, boundaryMeasured.id],
    behaviour: { minPartSize: 0 },
  },
  {
    name: 'min-part-size-5mib',
    description: 'non-last parts must be 5 MiB (the S3 minimum), so 1 MiB parts are refused',
    family: FAMILY,
    catches: [atMinAccepted.id, aboveMinAccepted.id, boundaryMeasured.id],
    behaviour: { minPartSize: 5 * MIB },
  },
  {
    name: 'small-last-part-rejected',
    description: 'the last part is held to the minimum size too (EntityTooSmall for a small last part)',
    family: FAMILY,
    catches: [lastZeroBytes.id, lastOneByte.id],
    behaviour: { minSizeExemptsLastPart: false },
  },
  {
    name: 'continue-before-size-check',
    description: 'Expect: 100-continue is answered before the header checks, so 5 GiB + 1 gets 100 Continue',
    family: FAMILY,
    catches: [overMaxRejected.id],
    behaviour: { validateBeforeContinue: false },
  },
] as const satisfies readonly MutantDef[];
