/**
 * Family 8, Complete Multipart Upload (spec §2.5 [D7742], §5.2, §5.3): the part list must be ascending
 * (InvalidPartOrder), name uploaded parts with their ETags (InvalidPart), not be empty (MalformedXML); gaps are
 * refused under COS and allowed under S3; duplicates are observed; the result ETag is `"<32hex>-N"` (S3: the
 * MD5 of the part MD5s); a 200 whose body is an `<Error>` is a failure; leading keep-alive whitespace is
 * tolerated (a check whose Complete came without whitespace is skipped as "not exercised"); the whole-object
 * CRC-64 is the CRC of the parts in order.
 */
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
    (i: CompleteCall, kit) => {
      const sizeFirst = sizeRefusedFirst(kit, i.complete, title);
      return sizeFirst ?? judgeAnswer(kit, i.complete, title);
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
  if (kit.variants.some((v) => v.code === 'EntityTooSmall')) return undefined;
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
  (i: SubsetComplete, kit) => {
    const v = judgeAnswer(kit, i.complete, 'Complete naming parts with a gap', [i.read?.exchange]);
    if (v.outcome !== 'pass' || !isSuccess(i.complete)) return v;
    if (!i.read)
      return kit.error('the subset was accepted but the object was not read back', {
        exchanges: v.exchanges,
      });
    const problem = readBackProblem(i.specs, i.read);
    if (problem)
      return kit.fail(`subset accepted, but the object is not the named parts: ${problem}`, {
        exchanges: v.exchanges,
      });
    return v;
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
  (i: DuplicateComplete, kit) => {
    const exchanges = [i.complete, i.read?.exchange];
    const t = transportResult(kit, i.complete, 'Complete with a duplicate part number');
    if (t) return t;
    if (!isSuccess(i.complete) || i.complete!.response!.error) {
      const seen = `rejected-${describeAnswer(i.complete).replace(' ', '-')}`;
      return kit.pass(`duplicate part number: ${seen}`, { variantSeen: seen, exchanges });
    }
    // Accepted: the object must be the parts used once each or the duplicate used twice, nothing else.
    if (!i.read) {
      return kit.error('the Complete was accepted but the object was not read back', { exchanges });
    }
    const got = i.read.exchange;
    const lost = transportResult(kit, got, 'GET of the completed object');
    if (lost) return withExchanges(lost, exchanges);
    if ((got!.response!.status ?? 0) >= 500) {
      return kit.result(
        serverErrorOutcome(got!),
        `the Complete was accepted; the GET of the object answered ${describeAnswer(got)}`,
        { exchanges },
      );
    }
    if (holdsExactly(i.once, i.read)) {
      return kit.pass('duplicate part number: accepted-used-once', {
        variantSeen: 'accepted-used-once',
        exchanges,
      });
    }
    if (holdsExactly(i.twice, i.read)) {
      return kit.pass('duplicate part number: accepted-used-twice', {
        variantSeen: 'accepted-used-twice',
        exchanges,
      });
    }
    return kit.violation(
      `the Complete was accepted, but the object is neither reading: ${readBackProblem(i.once, {
        ...i.read,
        offset: 0,
        length: layoutSize(i.once),
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
  (i: CompletedUpload, kit) => {
    const pre = requireSuccess(kit, i.complete, 'Complete');
    if (pre) return pre;
    const n = i.partMd5s.length;
    const m = i.etag === undefined ? null : MULTIPART_ETAG.exec(i.etag);
    const expected = `"<32hex>-${n}"`;
    const observed = i.etag ?? '(none)';
    if (!m)
      return kit.fail(`result ETag ${observed} is not "<32hex>-N"`, {
        expected,
        observed,
        exchanges: [i.complete],
      });
    if (Number(m[2]) !== n) {
      return kit.fail(`result ETag ${observed} counts ${m[2]} parts, ${n} were named`, {
        expected,
        observed,
        exchanges: [i.complete],
      });
    }
    return kit.pass(`result ETag ${observed}`, {
      variantSeen: 'md5-dash-n',
      expected,
      observed,
      exchanges: [i.complete],
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
  (i: CompletedUpload, kit) => {
    const pre = requireSuccess(kit, i.complete, 'Complete');
    if (pre) return pre;
    const want = s3MultipartEtag(i.partMd5s);
    const observed = i.etag ?? '(none)';
    return i.etag === want
      ? kit.pass(`result ETag ${want}`, {
          variantSeen: 'md5-of-md5s',
          expected: want,
          observed,
          exchanges: [i.complete],
        })
      : kit.fail(`result ETag ${observed}, the S3 formula gives ${want}`, {
          expected: want,
          observed,
          exchanges: [i.complete],
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
  (i: CompleteBody, kit) => {
    const t = transportResult(kit, i.complete, 'Complete');
    if (t) return t;
    const r = i.complete!.response!;
    const exchanges = [i.complete];
    if (r.status < 200 || r.status >= 300)
      return kit.error(`precondition failed: Complete answered ${describeAnswer(i.complete)}`, { exchanges });
    if (r.error || i.root === 'Error') {
      return kit.fail(`${r.status} whose body is an <Error> (${r.error?.code ?? 'no code'})`, {
        expected: 'CompleteMultipartUploadResult',
        observed: `Error ${r.error?.code ?? ''}`.trim(),
        exchanges,
      });
    }
    if (i.root !== 'CompleteMultipartUploadResult') {
      return kit.fail(`${r.status} whose body root is ${i.root ?? '(unparseable)'}`, {
        expected: 'CompleteMultipartUploadResult',
        observed: i.root ?? '(none)',
        exchanges,
      });
    }
    return kit.pass(`${r.status} CompleteMultipartUploadResult`, { variantSeen: 'result', exchanges });
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
  (i: CompleteBody, kit) => {
    const pre = requireSuccess(kit, i.complete, 'Complete');
    if (pre) return pre;
    const ws = i.leadingWhitespace ?? 0;
    if (ws === 0) {
      // The rule is about a result behind whitespace: a plain result says nothing about it.
      return kit.skip(
        `not exercised: no Complete answer of this run started with whitespace${i.tried ? ` (${i.tried})` : ''}`,
        { measured: { leadingWhitespace: 0 }, exchanges: [i.complete] },
      );
    }
    const seen = 'whitespace-prefixed';
    if (i.root !== 'CompleteMultipartUploadResult') {
      return kit.fail(`the result was not read (${ws} leading whitespace bytes; root ${i.root ?? 'none'})`, {
        exchanges: [i.complete],
      });
    }
    return kit.pass(`result read (${ws} leading whitespace bytes)`, {
      variantSeen: seen,
      measured: { leadingWhitespace: ws },
      exchanges: [i.complete],
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
  (i: CompletedCrc, kit) => {
    const pre = requireSuccess(kit, i.complete, 'Complete');
    if (pre) return pre;
    return withExchanges(judgeCrcHeader(kit, i.complete, i.crc64, 'Complete'), [i.complete]);
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
