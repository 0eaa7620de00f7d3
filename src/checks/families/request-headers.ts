/**
 * Request headers of Upload Part (spec §1.2 [D7728], §2.2 [D7750], §2.2a): `x-cos-traffic-limit`
 * inside its range is honoured and the part stored intact, outside it (or not a number) refused with 400;
 * `Expect: 100-continue` on a valid part is answered `100 Continue` and then 200; a malformed Content-Length is
 * refused; bytes sent after the declared Content-Length never become part of the part; a right Content-MD5 on a
 * 0-byte last part is accepted and the upload completes; the Content-Type of a part does not change its bytes.
 */
import type { Exchange } from '../../client/exchange.ts';
import { accepted, decision, doc, expect, named, notApplicable } from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations, Variant } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { type Check, defineCheck, withExchanges } from '../kit/define.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import { partEtagProblem, unquote } from '../kit/etag.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import type { CheckResult } from '../types.ts';
import type { JudgeKit } from '../kit/define.ts';

const FAMILY = 'request-headers';

/** MD5 of zero bytes, as Content-MD5 (base64) and as a part ETag's hex. */
export const EMPTY_MD5 = {
  base64: '1B2M2Y8AsgTpgAmY7PhCfg==',
  hex: 'd41d8cd98f00b204e9800998ecf8427e',
} as const;

/** One Upload Part whose answer alone is judged. */
export interface HeaderAttempt {
  upload: Exchange | undefined;
}

/** One uploaded part of a stored-intact check: what it was sent with and what was sent. */
export interface SentWithHeader {
  /** The header situation, for messages (`x-cos-traffic-limit: 819200`, `Content-Type: text/plain`). */
  label: string;
  partNumber: number;
  upload: Exchange | undefined;
  size: number;
  md5Hex: string;
}

/** Parts uploaded with a header that must not change them, and a listing of the upload afterwards. */
export interface StoredIntact {
  parts: readonly SentWithHeader[];
  listing: PartListing;
}

/**
 * Every part answered as the profile allows with the MD5 of its bytes as ETag, and listed with its size and that
 * ETag: the header was honoured without changing what was stored.
 */
function judgeStoredIntact(input: StoredIntact, kit: JudgeKit): CheckResult {
  const exchanges = [...input.parts.map((part) => part.upload), input.listing.exchange];
  for (const part of input.parts) {
    const verdict = judgeAnswer(kit, part.upload, `Upload Part with ${part.label}`);
    if (verdict.outcome !== 'pass') return withExchanges(verdict, exchanges);
    const problem = partEtagProblem(part.upload!.response!.headers.etag, part.md5Hex);
    if (problem) return kit.fail(`Upload Part with ${part.label}: ${problem}`, { exchanges });
  }
  const lp = requireSuccess(kit, input.listing.exchange, 'List Parts');
  if (lp) return withExchanges(lp, exchanges);
  for (const part of input.parts) {
    const listed = listedPart(input.listing, part.partNumber);
    if (!listed) return kit.fail(`part ${part.partNumber} (${part.label}) is not listed`, { exchanges });
    if (listed.size !== part.size || unquote(listed.etag) !== part.md5Hex) {
      return kit.fail(
        `part ${part.partNumber} (${part.label}) is listed with ${listed.size} bytes and ETag ${listed.etag}; ` +
          `${part.size} bytes with MD5 ${part.md5Hex} were sent`,
        {
          expected: `${part.size} bytes, "${part.md5Hex}"`,
          observed: `${listed.size} bytes, ${listed.etag}`,
          exchanges,
        },
      );
    }
  }
  const labels = input.parts.map((part) => part.label).join(', ');
  return kit.pass(`${input.parts.length} parts (${labels}) answered 200 and listed with their size and MD5`, {
    variantSeen: kit.variants[0]?.name,
    exchanges,
  });
}

export const trafficLimitInRange = defineCheck(
  {
    id: 'request-headers.upload-part.traffic-limit-in-range',
    title: 'Upload Parts with x-cos-traffic-limit at both ends of its range, then List Parts',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2 [D7750] (x-cos-traffic-limit, bit/s, 819200–838860800)',
    tags: ['upload-part', 'headers', 'x-cos-traffic-limit', 'list-parts'],
  },
  judgeStoredIntact,
);

/** What sets one Upload Part check of the family apart from the others. */
interface UploadPartCheckDef {
  title: string;
  specRef: string;
  tags: string[];
  severity?: 'must' | 'should';
  observation?: true;
}

/** A check `request-headers.upload-part.<slug>`. */
function uploadPartCheck<I, const S extends string>(
  slug: S,
  def: UploadPartCheckDef,
  judge: (input: I, kit: JudgeKit) => CheckResult,
): Check<I, `request-headers.upload-part.${S}`> {
  const { tags, severity, ...rest } = def;
  return defineCheck(
    {
      id: `request-headers.upload-part.${slug}`,
      family: FAMILY,
      severity: severity ?? 'must',
      tags: ['upload-part', 'headers', ...tags],
      ...rest,
    },
    judge,
  );
}

/** A header situation whose Upload Part answer alone is judged against the profile. */
function refusedHeader<const S extends string>(
  slug: S,
  title: string,
  specRef: string,
  tags: string[],
): Check<HeaderAttempt, `request-headers.upload-part.${S}`> {
  return uploadPartCheck(slug, { title, specRef, tags }, (input: HeaderAttempt, kit) =>
    judgeAnswer(kit, input.upload, title),
  );
}

export const trafficLimitBelowMin = refusedHeader(
  'traffic-limit-below-min',
  'Upload Part with x-cos-traffic-limit: 819199 (one below the documented minimum)',
  'spec §2.2 [D7750] (out of range → 400)',
  ['x-cos-traffic-limit'],
);
export const trafficLimitAboveMax = refusedHeader(
  'traffic-limit-above-max',
  'Upload Part with x-cos-traffic-limit: 838860801 (one above the documented maximum)',
  'spec §2.2 [D7750] (out of range → 400)',
  ['x-cos-traffic-limit'],
);
export const trafficLimitNotNumeric = refusedHeader(
  'traffic-limit-not-numeric',
  'Upload Part with x-cos-traffic-limit: fast',
  'spec §2.2 [D7750] (bit/s, a number; the answer to a non-number UNCONFIRMED)',
  ['x-cos-traffic-limit'],
);
export const contentLengthNotNumeric = refusedHeader(
  'content-length-not-numeric',
  'Upload Part with Content-Length: abc',
  'spec §1.2 [D7728]; §2.2a (RFC 9112 §6.3: an invalid Content-Length)',
  ['content-length', 'raw'],
);
export const contentLengthNegative = refusedHeader(
  'content-length-negative',
  'Upload Part with Content-Length: -5',
  'spec §1.2 [D7728]; §2.2a (RFC 9112 §6.3: an invalid Content-Length)',
  ['content-length', 'raw'],
);

/** A valid part sent with `Expect: 100-continue`, its body held until `100 Continue` or `waitMs`. */
export interface ExpectContinueAttempt {
  upload: Exchange | undefined;
  md5Hex: string;
  /** How long the client held the body waiting for `100 Continue` before sending it anyway. */
  waitMs: number;
}

export const expectContinueAccepted = defineCheck(
  {
    id: 'request-headers.upload-part.expect-continue-accepted',
    title: 'A valid Upload Part sent with Expect: 100-continue, the body held until the server answers',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §1.2 [D7728] (Expect: 100-continue); §2.2 [D7750]; §2.2a (RFC 9110 §10.1.1)',
    tags: ['upload-part', 'headers', 'expect', 'raw'],
  },
  (input: ExpectContinueAttempt, kit) => {
    const what = 'Upload Part with Expect: 100-continue';
    const ex = input.upload;
    const verdict = judgeAnswer(kit, ex, what);
    if (verdict.outcome !== 'pass') return verdict;
    const interim = ex!.response!.informational ?? [];
    if (!interim.includes(100)) {
      return kit.fail(
        `${what}: answered ${describeAnswer(ex)} without 100 Continue; the client sent the body anyway after ` +
          `waiting ${input.waitMs} ms (RFC 9110 §10.1.1: a server that will read the body sends 100 Continue first)`,
        {
          expected: '100 Continue, then 200',
          observed: `${describeAnswer(ex)} without 100`,
          exchanges: [ex],
        },
      );
    }
    const problem = partEtagProblem(ex!.response!.headers.etag, input.md5Hex);
    if (problem) return kit.fail(`${what}: ${problem}`, { exchanges: [ex] });
    return kit.pass(`${what}: 100 Continue, then ${describeAnswer(ex)} with the part's MD5`, {
      variantSeen: verdict.variantSeen,
      exchanges: [ex],
    });
  },
);

/** A body longer than its Content-Length on a fresh part number, then a listing of the upload. */
export interface LongerBody {
  upload: Exchange | undefined;
  partNumber: number;
  /** The declared prefix: its size (the Content-Length) and MD5. */
  declared: { size: number; md5Hex: string };
  /** Bytes written in all. */
  sent: number;
  listing: PartListing;
}

export const bodyLongerThanContentLength = defineCheck(
  {
    id: 'request-headers.upload-part.body-longer-than-content-length',
    title: 'Upload Part whose body is longer than its Content-Length, then List Parts',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §1.2 [D7728] (Content-Length); §2.2a (RFC 9112 §6.3)',
    tags: ['upload-part', 'headers', 'content-length', 'raw', 'list-parts'],
  },
  (input: LongerBody, kit) => {
    const exchanges = [input.upload, input.listing.exchange];
    const what = `Upload Part declaring ${input.declared.size} bytes, sending ${input.sent}`;
    const lp = requireSuccess(kit, input.listing.exchange, 'List Parts');
    if (lp) return withExchanges(lp, exchanges);
    const part = listedPart(input.listing, input.partNumber);
    const answer = describeAnswer(input.upload);
    const allows = (name: string) => kit.variants.some((variant) => variant.name === name);
    if (!part) {
      if (isSuccess(input.upload)) {
        return kit.violation(`${what}: answered ${answer}, but part ${input.partNumber} is not listed`, {
          exchanges,
        });
      }
      return allows('nothing-stored')
        ? kit.pass(`${what}: answered ${answer}; nothing stored`, {
            variantSeen: 'nothing-stored',
            exchanges,
          })
        : kit.fail(`${what}: answered ${answer}; nothing stored`, { exchanges });
    }
    if (part.size === input.declared.size && unquote(part.etag) === input.declared.md5Hex) {
      return allows('declared-bytes')
        ? kit.pass(
            `${what}: answered ${answer}; the part holds exactly the declared ${input.declared.size} bytes`,
            {
              variantSeen: 'declared-bytes',
              exchanges,
            },
          )
        : kit.fail(`${what}: the part holds the declared bytes`, { exchanges });
    }
    const extra =
      part.size > input.declared.size ? ': the bytes after the declared length became part of it' : '';
    return kit.fail(
      `${what}: answered ${answer}; part ${input.partNumber} is listed with ${part.size} bytes and ETag ${part.etag}${extra}`,
      {
        expected: `${input.declared.size} bytes, "${input.declared.md5Hex}" (or nothing stored)`,
        observed: `${part.size} bytes, ${part.etag}`,
        exchanges,
      },
    );
  },
);

/** A 0-byte last (and only) part with the right Content-MD5, and the Complete of the upload. */
export interface EmptyPartWithMd5 {
  upload: Exchange | undefined;
  complete: Exchange | undefined;
}

export const md5EmptyLastPart = defineCheck(
  {
    id: 'request-headers.upload-part.md5-empty-last-part',
    title: `A 0-byte last part with Content-MD5: ${EMPTY_MD5.base64}, then Complete`,
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §1.2 [D7728] (Content-MD5); §2.2 [D7750] (the last part may be smaller than 1MB)',
    tags: ['upload-part', 'headers', 'content-md5', 'complete'],
  },
  (input: EmptyPartWithMd5, kit) => {
    const exchanges = [input.upload, input.complete];
    const uploadVerdict = judgeAnswer(kit, input.upload, 'Upload Part of 0 bytes with its Content-MD5');
    if (uploadVerdict.outcome !== 'pass') return withExchanges(uploadVerdict, exchanges);
    const problem = partEtagProblem(input.upload!.response!.headers.etag, EMPTY_MD5.hex);
    if (problem) return kit.fail(`Upload Part of 0 bytes: ${problem}`, { exchanges });
    const completeVerdict = judgeAnswer(kit, input.complete, 'Complete with the 0-byte part', [input.upload]);
    if (completeVerdict.outcome !== 'pass') return completeVerdict;
    return kit.pass('the 0-byte part with its Content-MD5 was accepted and the upload completed', {
      variantSeen: uploadVerdict.variantSeen,
      exchanges,
    });
  },
);

export const contentTypeBytesKept = defineCheck(
  {
    id: 'request-headers.upload-part.content-type-bytes-kept',
    title: 'Upload Parts of binary bytes with Content-Type text/plain and application/json, then List Parts',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2 [D7750] (Content-Type optional); §5.1 (part ETag = MD5 of the bytes)',
    tags: ['upload-part', 'headers', 'content-type', 'list-parts'],
  },
  judgeStoredIntact,
);

/** One part sent with a size-limit header its size breaks, and a listing of the upload afterwards. */
export interface PsizeAttempt {
  /** `x-cos-psize-max: 1000` on a part of 3000 bytes, … */
  label: string;
  upload: Exchange | undefined;
  partNumber: number;
  size: number;
  md5Hex: string;
  listing: PartListing;
}

/**
 * What an endpoint does with a part that breaks its own `x-cos-psize-min` / `x-cos-psize-max` (semantics
 * UNCONFIRMED, spec §2.2a): refuses it (`enforced`) or stores it (`ignored`); either is recorded. A violation
 * under every reading: accepted but not stored as sent, or refused but listed.
 */
function psizeCheck<const S extends string>(
  slug: S,
  title: string,
): Check<PsizeAttempt, `request-headers.upload-part.${S}`> {
  return uploadPartCheck(
    slug,
    {
      title,
      severity: 'should',
      specRef: 'spec §2.2 [D7750] (EN page of 2025-12-15); §2.2a (semantics UNCONFIRMED)',
      tags: ['x-cos-psize', 'list-parts', 'observation'],
      observation: true,
    },
    (input: PsizeAttempt, kit) => {
      const exchanges = [input.upload, input.listing.exchange];
      const what = `Upload Part with ${input.label}`;
      const transport = transportResult(kit, input.upload, what);
      if (transport) return withExchanges(transport, exchanges);
      const status = input.upload!.response!.status;
      if (status >= 500) {
        return kit.result(
          serverErrorOutcome(input.upload!),
          `${what}: ${describeAnswer(input.upload)}, a server error`,
          {
            exchanges,
          },
        );
      }
      const lp = requireSuccess(kit, input.listing.exchange, 'List Parts');
      if (lp) return withExchanges(lp, exchanges);
      const listed = listedPart(input.listing, input.partNumber);
      const accepted = isSuccess(input.upload) && !input.upload!.response!.error;
      if (accepted && (!listed || listed.size !== input.size || unquote(listed.etag) !== input.md5Hex)) {
        const seen = listed ? `${listed.size} bytes, ${listed.etag}` : 'not listed';
        return kit.violation(`${what}: answered ${describeAnswer(input.upload)}, but the part is ${seen}`, {
          expected: `${input.size} bytes, "${input.md5Hex}"`,
          observed: seen,
          exchanges,
        });
      }
      if (!accepted && listed) {
        return kit.violation(
          `${what}: refused (${describeAnswer(input.upload)}), but part ${input.partNumber} is listed`,
          {
            expected: 'no part stored',
            exchanges,
          },
        );
      }
      const seen = accepted ? 'ignored' : 'enforced';
      const message = `${what}: ${seen} (${describeAnswer(input.upload)})`;
      return kit.variants.some((variant) => variant.name === seen)
        ? kit.pass(message, { variantSeen: seen, observed: describeAnswer(input.upload), exchanges })
        : kit.fail(message, { observed: seen, exchanges });
    },
  );
}

/** The part size of the psize observations and the limits each breaks. */
export const PSIZE_PROBE = { size: 3_000, max: 1_000, min: 5_000 } as const;

export const psizeMaxBelowSize = psizeCheck(
  'psize-max-observed',
  `Upload Part of ${PSIZE_PROBE.size} bytes with x-cos-psize-max: ${PSIZE_PROBE.max}, then List Parts`,
);
export const psizeMinAboveSize = psizeCheck(
  'psize-min-observed',
  `Upload Part of ${PSIZE_PROBE.size} bytes with x-cos-psize-min: ${PSIZE_PROBE.min}, then List Parts`,
);

export const REQUEST_HEADERS_CHECKS = [
  trafficLimitInRange,
  trafficLimitBelowMin,
  trafficLimitAboveMax,
  trafficLimitNotNumeric,
  expectContinueAccepted,
  contentLengthNotNumeric,
  contentLengthNegative,
  bodyLongerThanContentLength,
  md5EmptyLastPart,
  contentTypeBytesKept,
  psizeMaxBelowSize,
  psizeMinAboveSize,
] as const;

/** RFC 9112 §6.3 (message body length), the rule for a Content-Length that is not a non-negative integer. */
const RFC9112_LENGTH = doc(
  'spec §2.2a; https://www.rfc-editor.org/rfc/rfc9112#section-6.3',
  'an invalid Content-Length is an unrecoverable framing error: the server answers 400 and closes',
);
/** RFC 9110 §10.1.1 (Expect). */
const RFC9110_EXPECT = doc(
  'spec §2.2a; https://www.rfc-editor.org/rfc/rfc9110#section-10.1.1',
  'a server that reads the body answers 100 Continue first (or a final status from the headers alone)',
);
/** Any 400, with or without an error document: the code is not documented. */
const refused400 = (...evidence: Variant['evidence']): Variant => ({ name: '400', status: [400], evidence });

const TRAFFIC_LIMIT = doc(
  'spec §2.2 [D7750]',
  'x-cos-traffic-limit in bit/s, 819200–838860800; outside → 400',
);
const NO_CODE_NOTE =
  'the documents give the status (400) but no error code; the reference server answers InvalidArgument';
const LENGTH_NOTE =
  'no COS document covers a malformed Content-Length; HTTP/1.1 requires 400 (a front proxy may answer it bare)';
const LONGER_VARIANTS = (source: Variant['evidence'][number]) => [
  named('declared-bytes', source, RFC9112_LENGTH),
  named(
    'nothing-stored',
    decision('the bytes after the body are not a request', 'refusing the whole request is as safe'),
  ),
];

/** Either answer is recorded: what the psize headers do is UNCONFIRMED (spec §2.2a). */
const PSIZE_COS = expect(
  [
    named('enforced', doc('spec §2.2 [D7750]', 'EN page of 2025-12-15: per-part size limits')),
    named(
      'ignored',
      decision('spec §2.2a: semantics UNCONFIRMED', 'an endpoint without the feature stores the part'),
    ),
  ],
  { confidence: 'inferred', note: 'which request enforces the limits, and how, is not documented' },
);

/** What each profile allows (docs/spec.md §1.2, §2.2, §2.2a; AWS UploadPart and the common request headers). */
export const REQUEST_HEADERS_EXPECTATIONS = {
  cos: {
    'request-headers.upload-part.traffic-limit-in-range': expect([
      accepted('accepted', [200], TRAFFIC_LIMIT),
    ]),
    'request-headers.upload-part.traffic-limit-below-min': expect([refused400(TRAFFIC_LIMIT)], {
      note: NO_CODE_NOTE,
    }),
    'request-headers.upload-part.traffic-limit-above-max': expect([refused400(TRAFFIC_LIMIT)], {
      note: NO_CODE_NOTE,
    }),
    'request-headers.upload-part.traffic-limit-not-numeric': expect(
      [refused400(TRAFFIC_LIMIT, decision('a value that is no number of bit/s is outside the range'))],
      { confidence: 'inferred', note: `the documents state only the range; ${NO_CODE_NOTE}` },
    ),
    'request-headers.upload-part.expect-continue-accepted': expect([
      accepted(
        'continue-then-200',
        [200],
        doc('spec §1.2 [D7728]', 'Expect: the only valid value is 100-continue'),
        doc('spec §2.2 [D7750]', 'Expect: 100-continue, optional'),
        RFC9110_EXPECT,
      ),
    ]),
    'request-headers.upload-part.content-length-not-numeric': expect([refused400(RFC9112_LENGTH)], {
      note: LENGTH_NOTE,
    }),
    'request-headers.upload-part.content-length-negative': expect([refused400(RFC9112_LENGTH)], {
      note: LENGTH_NOTE,
    }),
    'request-headers.upload-part.body-longer-than-content-length': expect(
      LONGER_VARIANTS(doc('spec §1.2 [D7728]', 'Content-Length')),
      { note: 'the answer may be 200, a 400 for the trailing bytes, or a closed connection' },
    ),
    'request-headers.upload-part.md5-empty-last-part': expect([
      accepted(
        'accepted',
        [200],
        doc('spec §1.2 [D7728]', 'Content-MD5'),
        doc('spec §2.2 [D7750]', 'the last part may be smaller than 1MB'),
      ),
    ]),
    'request-headers.upload-part.content-type-bytes-kept': expect([
      accepted('bytes-kept', [200], doc('spec §2.2 [D7750]', 'Content-Type, optional'), COS_DOCS.uploadPart),
    ]),
    'request-headers.upload-part.psize-max-observed': PSIZE_COS,
    'request-headers.upload-part.psize-min-observed': PSIZE_COS,
  },
  s3: {
    'request-headers.upload-part.traffic-limit-in-range': notApplicable(
      'x-cos-traffic-limit is a COS header; S3 has no per-request bandwidth limit',
      S3_DOCS.uploadPart,
    ),
    'request-headers.upload-part.traffic-limit-below-min': notApplicable(
      'x-cos-traffic-limit is a COS header',
      S3_DOCS.uploadPart,
    ),
    'request-headers.upload-part.traffic-limit-above-max': notApplicable(
      'x-cos-traffic-limit is a COS header',
      S3_DOCS.uploadPart,
    ),
    'request-headers.upload-part.traffic-limit-not-numeric': notApplicable(
      'x-cos-traffic-limit is a COS header',
      S3_DOCS.uploadPart,
    ),
    'request-headers.upload-part.expect-continue-accepted': expect([
      accepted(
        'continue-then-200',
        [200],
        doc('https://docs.aws.amazon.com/AmazonS3/latest/API/RESTCommonRequestHeaders.html', 'Expect'),
        RFC9110_EXPECT,
      ),
    ]),
    'request-headers.upload-part.content-length-not-numeric': expect([refused400(RFC9112_LENGTH)]),
    'request-headers.upload-part.content-length-negative': expect([refused400(RFC9112_LENGTH)]),
    'request-headers.upload-part.body-longer-than-content-length': expect(
      LONGER_VARIANTS(S3_DOCS.uploadPart),
    ),
    'request-headers.upload-part.md5-empty-last-part': expect([
      accepted('accepted', [200], S3_DOCS.uploadPart, S3_DOCS.quotas),
    ]),
    'request-headers.upload-part.content-type-bytes-kept': expect([
      accepted('bytes-kept', [200], S3_DOCS.uploadPart),
    ]),
    'request-headers.upload-part.psize-max-observed': notApplicable(
      'x-cos-psize-max is a COS header',
      S3_DOCS.uploadPart,
    ),
    'request-headers.upload-part.psize-min-observed': notApplicable(
      'x-cos-psize-min is a COS header',
      S3_DOCS.uploadPart,
    ),
  },
} satisfies FamilyExpectations<typeof REQUEST_HEADERS_CHECKS>;

/** Servers that break the family's rules. */
export const REQUEST_HEADERS_MUTANTS = [
  {
    name: 'traffic-limit-unchecked',
    description: 'x-cos-traffic-limit is never checked: values out of range or not a number are accepted',
    family: FAMILY,
    catches: [trafficLimitBelowMin.id, trafficLimitAboveMax.id, trafficLimitNotNumeric.id],
    behaviour: { validateTrafficLimit: () => true },
  },
  {
    name: 'traffic-limit-refused',
    description:
      'any x-cos-traffic-limit, even inside 819200..838860800, is refused with 400 InvalidArgument',
    family: FAMILY,
    catches: [trafficLimitInRange.id],
    behaviour: { validateTrafficLimit: (raw: string | undefined) => raw === undefined },
  },
  {
    name: 'continue-never-sent',
    description: 'Expect: 100-continue is never answered with 100 Continue; the body is read when it comes',
    family: FAMILY,
    catches: [expectContinueAccepted.id],
    behaviour: { answerExpectContinue: false },
  },
  {
    name: 'refused-after-continue',
    description: 'a valid part sent with Expect: 100-continue gets 100 Continue, then 400 InvalidRequest',
    family: FAMILY,
    catches: [expectContinueAccepted.id],
    handlers: { uploadPart: 'refusedAfterContinue' },
  },
  {
    name: 'malformed-content-length-as-missing',
    description:
      'a Content-Length that is not a number (abc, -5) is answered 411 MissingContentLength, not 400',
    family: FAMILY,
    catches: [contentLengthNotNumeric.id, contentLengthNegative.id],
    handlers: { uploadPart: 'malformedLengthAsMissing' },
  },
  {
    name: 'trailing-bytes-stored',
    description: 'bytes sent after the declared Content-Length are appended to the stored part',
    family: FAMILY,
    catches: [bodyLongerThanContentLength.id],
    handlers: { uploadPart: 'trailingBytesStored' },
  },
  {
    name: 'empty-body-md5-refused',
    description: 'a Content-MD5 on a 0-byte part is answered 400 BadDigest although it is the MD5 of nothing',
    family: FAMILY,
    catches: [md5EmptyLastPart.id],
    handlers: { uploadPart: 'emptyBodyDigestRefused' },
  },
  {
    name: 'text-body-transcoded',
    description:
      'a part sent as text/* or application/json is stored re-encoded as UTF-8, changing its bytes',
    family: FAMILY,
    catches: [contentTypeBytesKept.id],
    handlers: { uploadPart: 'textBodyTranscoded' },
  },
  {
    name: 'psize-limits-mishandled',
    description:
      'a part over x-cos-psize-max is cut to the limit and answered 200; one under x-cos-psize-min is stored, then refused',
    family: FAMILY,
    catches: [psizeMaxBelowSize.id, psizeMinAboveSize.id],
    handlers: { uploadPart: 'psizeMishandled' },
  },
] as const satisfies readonly MutantDef[];
