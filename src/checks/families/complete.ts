/**
 * Family 8, Complete Multipart Upload (spec §2.5 [D7742], §5.2, §5.3): the part list must be ascending
 * (InvalidPartOrder), name uploaded parts with their ETags (InvalidPart), not be empty (MalformedXML); gaps are
 * refused under COS and allowed under S3; duplicates are observed; the result ETag is `"<32hex>-N"` (S3: the
 * MD5 of the part MD5s); a 200 whose body is an `<Error>` is a failure; leading keep-alive whitespace is
 * tolerated (a check whose Complete came without whitespace is skipped as "not exercised"); the whole-object
 * CRC-64 is the CRC of the parts in order.
 */
import { createHash } from 'node:crypto';
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import { layoutSize, type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { judgeCrcHeader } from '../kit/crc.ts';
import { type Check, defineCheck, type JudgeKit, withExchanges } from '../kit/define.ts';
import type { CheckResult } from '../types.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import { MULTIPART_ETAG, s3MultipartEtag } from '../kit/etag.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import {
  accepted,
  decision,
  deviation,
  doc,
  expect,
  named,
  notApplicable,
  peerSuite,
  RGW,
  recorded,
  rejected,
  rgwTable,
  sdk,
} from '../../profiles/evidence.ts';
import { COS_DOCS, CRC_OPTIONAL, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { completeAcceptsEtag } from './basics.ts';
import { earlierEtagRejected } from './overwrite.ts';

const FAMILY = 'complete';
const REF = 'spec §2.5 [D7742]';

/** One Complete call. */
export interface CompleteCall {
  complete: Exchange | undefined;
}

function refusal<const S extends string>(
  slug: S,
  title: string,
  specRef: string,
  tags: string[],
): Check<CompleteCall, `complete.complete.${S}`> {
  return defineCheck(
    {
      id: `complete.complete.${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef,
      tags: ['complete', 'error-code', ...tags],
    },
    (input: CompleteCall, kit) => {
      const sizeFirst = sizeRefusedFirst(kit, input.complete, title);
      return sizeFirst ?? judgeAnswer(kit, input.complete, title);
    },
  );
}

/**
 * The refusal probes keep every non-last part at the profile's minimum (spec §2.2), so they break one rule only
 * under the profile's reading of "1 MB". An endpoint whose minimum is larger (Ceph RGW: 5 MiB) answers
 * EntityTooSmall before it looks at the rule probed: that says nothing of this rule (the part-size checks judge
 * the minimum), so the check is indeterminate, neither a pass nor a failure of the rule.
 */
function sizeRefusedFirst(kit: JudgeKit, ex: Exchange | undefined, what: string): CheckResult | undefined {
  if (ex?.response?.error?.code !== 'EntityTooSmall') return undefined;
  if (kit.variants.some((variant) => variant.code === 'EntityTooSmall')) return undefined;
  return kit.indeterminate(
    `${what}: ${describeAnswer(ex)}: the endpoint refused the part sizes first (its minimum non-last part is larger than the profile's, which the part-size checks judge), so this rule was not observed`,
    { observed: describeAnswer(ex), exchanges: [ex] },
  );
}

export const ascendingRequired = refusal(
  'ascending-order-required',
  'Complete with parts not in ascending order',
  REF,
  ['InvalidPartOrder'],
);
export const missingPart = refusal(
  'missing-part',
  'Complete naming a part that was never uploaded',
  `${REF}[D7730-old]`,
  ['InvalidPart'],
);
export const wrongEtag = refusal(
  'wrong-etag',
  'Complete naming a part with a wrong ETag',
  `${REF}[D7730-old]`,
  ['InvalidPart', 'etag'],
);
export const emptyList = refusal(
  'empty-part-list',
  'Complete with an empty part list',
  'spec §4.2 MalformedXML [FLARE][D7730-old]; peer-suites G1',
  ['MalformedXML'],
);

/** Complete naming a subset of the uploaded parts with a gap, and (when accepted) the object. */
export interface SubsetComplete extends CompleteCall {
  /** Bodies of the named parts in order: what the object must hold if the subset is accepted. */
  specs: readonly BodySpec[];
  read?: ReadBack;
}

export const subsetWithGaps = defineCheck(
  {
    id: 'complete.complete.subset-with-gaps',
    title: 'Complete naming a subset of the parts with a gap',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} "上传块编号不连续" (UNCONFIRMED on the service); peer-suites (d)3`,
    tags: ['complete', 'error-code', 'InvalidPart', 'profile-dependent'],
  },
  (input: SubsetComplete, kit) => {
    const verdict = judgeAnswer(kit, input.complete, 'Complete naming parts with a gap', [
      input.read?.exchange,
    ]);
    if (verdict.outcome !== 'pass' || !isSuccess(input.complete)) return verdict;
    if (!input.read)
      return kit.error('the subset was accepted but the object was not read back', {
        exchanges: verdict.exchanges,
      });
    const problem = readBackProblem(input.specs, input.read);
    if (problem)
      return kit.fail(`subset accepted, but the object is not the named parts: ${problem}`, {
        exchanges: verdict.exchanges,
      });
    return verdict;
  },
);

/** Complete naming one part number twice, and the object if it was accepted. */
export interface DuplicateComplete extends CompleteCall {
  /** The object if the named parts were used once each, and if the duplicate was used twice. */
  once: readonly BodySpec[];
  twice: readonly BodySpec[];
  /** The whole object read back after an accepted Complete. */
  read?: ReadBack;
}

/** Whether `read` holds exactly the whole of `specs` laid end to end (whatever length the read asked for). */
function holdsExactly(specs: readonly BodySpec[], read: ReadBack): boolean {
  return readBackProblem(specs, { ...read, offset: 0, length: layoutSize(specs) }) === undefined;
}

export const duplicateNumbers = defineCheck(
  {
    id: 'complete.complete.duplicate-part-numbers',
    title: 'Complete naming a part number twice',
    family: FAMILY,
    severity: 'should',
    specRef: `${REF} (not specified); peer-suites (d)9`,
    tags: ['complete', 'observation'],
    observation: true,
  },
  (input: DuplicateComplete, kit) => {
    const exchanges = [input.complete, input.read?.exchange];
    const transport = transportResult(kit, input.complete, 'Complete with a duplicate part number');
    if (transport) return transport;
    if (!isSuccess(input.complete) || input.complete!.response!.error) {
      const seen = `rejected-${describeAnswer(input.complete).replace(' ', '-')}`;
      return kit.pass(`duplicate part number: ${seen}`, { variantSeen: seen, exchanges });
    }
    // Accepted: the object must be the parts used once each or the duplicate used twice, nothing else.
    if (!input.read) {
      return kit.error('the Complete was accepted but the object was not read back', { exchanges });
    }
    const got = input.read.exchange;
    const lost = transportResult(kit, got, 'GET of the completed object');
    if (lost) return withExchanges(lost, exchanges);
    if ((got!.response!.status ?? 0) >= 500) {
      return kit.result(
        serverErrorOutcome(got!),
        `the Complete was accepted; the GET of the object answered ${describeAnswer(got)}`,
        { exchanges },
      );
    }
    if (holdsExactly(input.once, input.read)) {
      return kit.pass('duplicate part number: accepted-used-once', {
        variantSeen: 'accepted-used-once',
        exchanges,
      });
    }
    if (holdsExactly(input.twice, input.read)) {
      return kit.pass('duplicate part number: accepted-used-twice', {
        variantSeen: 'accepted-used-twice',
        exchanges,
      });
    }
    return kit.violation(
      `the Complete was accepted, but the object is neither reading: ${readBackProblem(input.once, {
        ...input.read,
        offset: 0,
        length: layoutSize(input.once),
      })}`,
      { expected: 'the parts used once each, or the duplicate used twice', exchanges },
    );
  },
);

/** A successful Complete: its answer, the ETag parsed from its result, and what the parts were. */
export interface CompletedUpload extends CompleteCall {
  /** `<ETag>` of the CompleteMultipartUploadResult (entities decoded), if the body parsed. */
  etag?: string;
  /** MD5 hex of every named part, in order. */
  partMd5s: readonly string[];
}

export const etagFormat = defineCheck(
  {
    id: 'complete.complete.etag-format',
    title: 'Form of the completed object ETag and its part count',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §5.2 [D7742]',
    tags: ['complete', 'etag'],
  },
  (input: CompletedUpload, kit) => {
    const pre = requireSuccess(kit, input.complete, 'Complete');
    if (pre) return pre;
    const partCount = input.partMd5s.length;
    const match = input.etag === undefined ? null : MULTIPART_ETAG.exec(input.etag);
    const expected = `"<32hex>-${partCount}"`;
    const observed = input.etag ?? '(none)';
    if (!match)
      return kit.fail(`result ETag ${observed} is not "<32hex>-N"`, {
        expected,
        observed,
        exchanges: [input.complete],
      });
    if (Number(match[2]) !== partCount) {
      return kit.fail(`result ETag ${observed} counts ${match[2]} parts, ${partCount} were named`, {
        expected,
        observed,
        exchanges: [input.complete],
      });
    }
    return kit.pass(`result ETag ${observed}`, {
      variantSeen: 'md5-dash-n',
      expected,
      observed,
      exchanges: [input.complete],
    });
  },
);

export const etagS3Formula = defineCheck(
  {
    id: 'complete.complete.etag-s3-formula',
    title: 'The completed object ETag against the S3 formula (MD5 of the binary part MD5s, "-N")',
    family: FAMILY,
    severity: 'should',
    specRef: 'spec §5.2 (S3 formula; COS examples contradict it); peer-suites F8, F9',
    tags: ['complete', 'etag', 'profile-dependent'],
  },
  (input: CompletedUpload, kit) => {
    const pre = requireSuccess(kit, input.complete, 'Complete');
    if (pre) return pre;
    const want = s3MultipartEtag(input.partMd5s);
    const observed = input.etag ?? '(none)';
    return input.etag === want
      ? kit.pass(`result ETag ${want}`, {
          variantSeen: 'md5-of-md5s',
          expected: want,
          observed,
          exchanges: [input.complete],
        })
      : kit.fail(`result ETag ${observed}, the S3 formula gives ${want}`, {
          expected: want,
          observed,
          exchanges: [input.complete],
        });
  },
);

/** The raw body of a Complete answer: what root element it has (leading whitespace already skipped). */
export interface CompleteBody extends CompleteCall {
  /** Root element name of the parsed body (`CompleteMultipartUploadResult`, `Error`), if any. */
  root?: string;
  /** Count of leading whitespace bytes before the XML. */
  leadingWhitespace?: number;
  /** What the run tried to make the endpoint stream whitespace (e.g. a Complete of many parts), for the report. */
  tried?: string;
}

export const notErrorBody = defineCheck(
  {
    id: 'complete.complete.not-error-body',
    title: 'Root element of the body of a 200 Complete',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} (errors may arrive in a 200 body); [GO] object_part.go`,
    tags: ['complete', 'error-in-200'],
  },
  (input: CompleteBody, kit) => {
    const transport = transportResult(kit, input.complete, 'Complete');
    if (transport) return transport;
    const response = input.complete!.response!;
    const exchanges = [input.complete];
    if (response.status < 200 || response.status >= 300)
      return kit.error(`precondition failed: Complete answered ${describeAnswer(input.complete)}`, {
        exchanges,
      });
    if (response.error || input.root === 'Error') {
      return kit.fail(`${response.status} whose body is an <Error> (${response.error?.code ?? 'no code'})`, {
        expected: 'CompleteMultipartUploadResult',
        observed: `Error ${response.error?.code ?? ''}`.trim(),
        exchanges,
      });
    }
    if (input.root !== 'CompleteMultipartUploadResult') {
      return kit.fail(`${response.status} whose body root is ${input.root ?? '(unparseable)'}`, {
        expected: 'CompleteMultipartUploadResult',
        observed: input.root ?? '(none)',
        exchanges,
      });
    }
    return kit.pass(`${response.status} CompleteMultipartUploadResult`, { variantSeen: 'result', exchanges });
  },
);

/**
 * The result behind keep-alive whitespace is read as the result (spec §2.5). Judged only when whitespace was
 * seen: a Complete answered without it did not exercise the rule, and the check is skipped as "not exercised"
 * (a pass there would claim what was never observed). The embedded server streams whitespace before every
 * result; against an endpoint the full tier tries a Complete of many parts, slow enough for a keep-alive.
 */
export const leadingWhitespace = defineCheck(
  {
    id: 'complete.complete.leading-whitespace',
    title: 'A Complete answer preceded by keep-alive whitespace',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} (whitespace streamed while merging)`,
    tags: ['complete', 'keep-alive'],
  },
  (input: CompleteBody, kit) => {
    const pre = requireSuccess(kit, input.complete, 'Complete');
    if (pre) return pre;
    const ws = input.leadingWhitespace ?? 0;
    if (ws === 0) {
      // The rule is about a result behind whitespace: a plain result says nothing about it.
      return kit.skip(
        `not exercised: no Complete answer of this run started with whitespace${input.tried ? ` (${input.tried})` : ''}`,
        { measured: { leadingWhitespace: 0 }, exchanges: [input.complete] },
      );
    }
    const seen = 'whitespace-prefixed';
    if (input.root !== 'CompleteMultipartUploadResult') {
      return kit.fail(
        `the result was not read (${ws} leading whitespace bytes; root ${input.root ?? 'none'})`,
        {
          exchanges: [input.complete],
        },
      );
    }
    return kit.pass(`result read (${ws} leading whitespace bytes)`, {
      variantSeen: seen,
      measured: { leadingWhitespace: ws },
      exchanges: [input.complete],
    });
  },
);

/** A successful Complete and the CRC-64 of the parts it named, concatenated. */
export interface CompletedCrc extends CompleteCall {
  crc64: string;
}

export const objectCrc64 = defineCheck(
  {
    id: 'complete.complete.crc64',
    title: 'Complete x-cos-hash-crc64ecma against the CRC-64 of the parts in part-number order',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §5.3 [D40334]',
    tags: ['complete', 'crc64'],
  },
  (input: CompletedCrc, kit) => {
    const pre = requireSuccess(kit, input.complete, 'Complete');
    if (pre) return pre;
    return withExchanges(judgeCrcHeader(kit, input.complete, input.crc64, 'Complete'), [input.complete]);
  },
);

export const COMPLETE_CHECKS = [
  ascendingRequired,
  missingPart,
  wrongEtag,
  emptyList,
  subsetWithGaps,
  duplicateNumbers,
  etagFormat,
  etagS3Formula,
  notErrorBody,
  leadingWhitespace,
  objectCrc64,
] as const;

/** What each profile allows (docs/spec.md §2.5, §3, §4.2, §5.2, §5.3; AWS CompleteMultipartUpload, RGW). */
export const COMPLETE_EXPECTATIONS = {
  cos: {
    'complete.complete.ascending-order-required': expect([rejected('InvalidPartOrder', COS_DOCS.complete)]),
    'complete.complete.missing-part': expect([
      rejected('InvalidPart', doc('spec §3', 'missing part'), doc('spec §4.2 [D7730-old]')),
    ]),
    'complete.complete.wrong-etag': expect([
      rejected('InvalidPart', doc('spec §3', 'ETag mismatch'), doc('spec §4.2 [D7730-old]')),
    ]),
    'complete.complete.empty-part-list': expect([
      rejected('MalformedXML', doc('spec §4.2 [FLARE][D7730-old]'), peerSuite('G1')),
    ]),
    'complete.complete.subset-with-gaps': expect(
      [
        rejected(
          'InvalidPart',
          doc('spec §2.5 [D7742]', '"上传块编号不连续" → InvalidPart, in every version incl. 2026'),
        ),
      ],
      { note: 'UNCONFIRMED on the service: S3 allows gaps' },
    ),
    'complete.complete.duplicate-part-numbers': expect([
      named('any', decision('not specified; peer-suites (d)9: verify')),
    ]),
    'complete.complete.etag-format': expect([named('md5-dash-n', doc('spec §5.2 [D7742]'))]),
    'complete.complete.etag-s3-formula': notApplicable(
      'the COS document examples are not reproducible with the S3 formula',
      doc('spec §5.2', 'derivation UNCONFIRMED'),
    ),
    'complete.complete.not-error-body': expect([
      named('result', COS_DOCS.complete, sdk('[GO] object_part.go', '"200 OK, but body contains an error"')),
    ]),
    'complete.complete.leading-whitespace': expect(
      [named('whitespace-prefixed', doc('spec §2.5 [D7742]', 'whitespace streamed while merging'))],
      { note: 'a Complete answered without whitespace does not exercise the rule: the check is skipped' },
    ),
    'complete.complete.crc64': expect([
      named('equal', doc('spec §5.3 [D40334]', 'whole-object CRC on Complete')),
    ]),
  },
  s3: {
    'complete.complete.ascending-order-required': expect(
      [rejected('InvalidPartOrder', S3_DOCS.complete, peerSuite('G6'))],
      {
        deviations: [deviation(RGW, '200 (parts sorted silently)', rgwTable('Complete with parts [2,1]'))],
      },
    ),
    'complete.complete.missing-part': expect([rejected('InvalidPart', S3_DOCS.complete, peerSuite('G4'))]),
    'complete.complete.wrong-etag': expect([rejected('InvalidPart', S3_DOCS.complete, peerSuite('G5'))]),
    'complete.complete.empty-part-list': expect([
      rejected(
        'MalformedXML',
        S3_DOCS.complete,
        peerSuite('G1'),
        recorded('docs/vendors.md', 'RGW: 400 MalformedXML'),
      ),
    ]),
    'complete.complete.subset-with-gaps': expect(
      [accepted('accepted', [200], S3_DOCS.complete, peerSuite('(d)3'))],
      {
        deviations: [deviation(RGW, '400 InvalidPart', rgwTable('Complete listing a subset'))],
      },
    ),
    'complete.complete.duplicate-part-numbers': expect(
      [named('any', peerSuite('(d)9', 'verify; B8 implies accepted'))],
      {
        deviations: [deviation(RGW, '200 (duplicates removed)', rgwTable('Complete with duplicate [1,1,2]'))],
      },
    ),
    'complete.complete.etag-format': expect([named('md5-dash-n', S3_DOCS.complete, peerSuite('F10'))], {
      deviations: [
        deviation(
          RGW,
          '<ETag></ETag> (empty) on the first Complete',
          rgwTable('CompleteMultipartUpload response'),
        ),
      ],
    }),
    'complete.complete.etag-s3-formula': expect([
      named(
        'md5-of-md5s',
        peerSuite('F8, F9'),
        recorded('docs/vendors.md', 'RGW object ETag "<md5 of part md5s>-2"'),
      ),
    ]),
    'complete.complete.not-error-body': expect([named('result', S3_DOCS.complete, peerSuite('(d)12'))]),
    'complete.complete.leading-whitespace': expect(
      [named('whitespace-prefixed', S3_DOCS.complete, peerSuite('(d)12'))],
      { note: 'a Complete answered without whitespace does not exercise the rule: the check is skipped' },
    ),
    'complete.complete.crc64': expect(CRC_OPTIONAL),
  },
} satisfies FamilyExpectations<typeof COMPLETE_CHECKS>;

/** `"<md5 of the concatenated hex MD5 strings>-N"`: the right shape, the wrong derivation (not S3's). */
function md5OfHexStrings(partMd5Hexes: readonly string[]): string {
  const md5 = createHash('md5').update(partMd5Hexes.join('')).digest('hex');
  return `"${md5}-${partMd5Hexes.length}"`;
}

/** `"<md5 of the binary part MD5s>"` without the `-N` part count. */
function withoutPartCount(partMd5Hexes: readonly string[]): string {
  const md5 = createHash('md5');
  for (const hex of partMd5Hexes) md5.update(Buffer.from(hex, 'hex'));
  return `"${md5.digest('hex')}"`;
}

/** Servers that break Complete: its refusals, its result document and its headers. */
export const COMPLETE_MUTANTS = [
  {
    name: 'complete-unordered-list-accepted',
    description: 'Complete accepts a part list that is not in ascending order',
    family: FAMILY,
    catches: [ascendingRequired.id],
    behaviour: { requireAscendingParts: false },
  },
  {
    name: 'complete-repeated-part-dropped',
    description:
      'Complete accepts a part number listed twice and leaves that part out of the object altogether',
    family: FAMILY,
    catches: [duplicateNumbers.id],
    // Duplicates must get past the order and contiguity rules to reach the assembly that drops them.
    behaviour: { requireAscendingParts: false, completeRequiresContiguous: false },
    handlers: { completeMultipartUpload: 'repeatedPartDropped' },
  },
  {
    name: 'complete-missing-part-ignored',
    description: 'Complete skips listed parts that were never uploaded instead of answering InvalidPart',
    family: FAMILY,
    catches: [missingPart.id],
    behaviour: { requireListedPartsExist: false },
  },
  {
    name: 'complete-ignores-etags',
    description: 'Complete never compares the listed ETags with the stored parts',
    family: FAMILY,
    catches: [wrongEtag.id, earlierEtagRejected.id],
    behaviour: { checkCompleteEtags: false },
  },
  {
    name: 'complete-empty-list-accepted',
    description: 'Complete with no Part makes an empty object instead of answering MalformedXML',
    family: FAMILY,
    catches: [emptyList.id],
    behaviour: { completeRequiresParts: false },
  },
  {
    name: 'complete-gaps-accepted',
    description:
      'Complete accepts part numbers that are not contiguous from 1 (the S3 rule, not the COS one)',
    family: FAMILY,
    catches: [subsetWithGaps.id],
    behaviour: { completeRequiresContiguous: false },
  },
  {
    name: 'multipart-etag-without-count',
    description: 'the completed object ETag lacks its "-N" part count',
    family: FAMILY,
    catches: [etagFormat.id],
    behaviour: { multipartEtag: withoutPartCount },
  },
  {
    name: 'multipart-etag-md5-of-hex',
    description: 'the completed object ETag hashes the hex MD5 strings instead of the binary digests',
    family: FAMILY,
    catches: [etagS3Formula.id],
    behaviour: { multipartEtag: md5OfHexStrings },
    // The COS profile leaves the derivation open (the check does not apply there); S3 fixes it.
    run: { profile: 's3' },
  },
  {
    name: 'complete-200-error-body',
    description:
      'every Complete answers 200 whose body is an <Error> (assembly fails after the 200 went out)',
    family: FAMILY,
    catches: [notErrorBody.id, completeAcceptsEtag.id],
    handlers: { completeMultipartUpload: 'assemblyFails' },
  },
  {
    name: 'complete-result-wrong-root',
    description: 'the Complete result document is <CompleteMultipartUploadResponse>',
    family: FAMILY,
    catches: [notErrorBody.id, leadingWhitespace.id],
    behaviour: { completeResultElement: 'CompleteMultipartUploadResponse' },
  },
  {
    name: 'object-crc64-missing',
    description: 'Complete (and reads of the object) answer no x-cos-hash-crc64ecma',
    family: FAMILY,
    catches: [objectCrc64.id],
    behaviour: { crc64Header: (crc, of) => (of === 'object' ? undefined : crc) },
  },
] as const satisfies readonly MutantDef[];
