/**
 * Family 7, integrity headers on Upload Part (spec §1.2 [D7728], §4.2, §4.3; peer-suites (d)6, (d)19):
 * Content-MD5 right → 200, wrong → 400 BadDigest, malformed → 400 InvalidDigest; no Content-Length → 411
 * MissingContentLength; a body cut short is never stored. After every failed upload the part uploaded before
 * is intact: List Parts still shows its ETag and, after Complete, the object holds its bytes.
 */
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import { type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { type Check, defineCheck, withExchanges } from '../kit/define.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { judgeAnswer, requireSuccess } from '../kit/response.ts';
import {
  accepted,
  decision,
  doc,
  expect,
  named,
  observed,
  recorded,
  rejected,
} from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'integrity';

/** One Upload Part with a particular integrity header situation. */
export interface IntegrityAttempt {
  upload: Exchange | undefined;
}

function headerCheck<const S extends string>(
  slug: S,
  title: string,
  specRef: string,
  tags: string[],
): Check<IntegrityAttempt, `integrity.upload-part.${S}`> {
  return defineCheck(
    {
      id: `integrity.upload-part.${slug}`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef,
      tags: ['upload-part', 'integrity', ...tags],
    },
    (input: IntegrityAttempt, kit) => judgeAnswer(kit, input.upload, title),
  );
}

export const md5Correct = headerCheck(
  'md5-correct',
  'Upload Part with the right Content-MD5',
  'spec §1.2 [D7728]; §2.2 [D7750]',
  ['content-md5'],
);
export const md5Wrong = headerCheck(
  'md5-wrong',
  'Upload Part with a wrong Content-MD5',
  'spec §4.2, §4.3 [D7730][OBS-rclone]',
  ['content-md5', 'error-code', 'BadDigest'],
);
export const md5Malformed = headerCheck(
  'md5-malformed',
  'Upload Part with a malformed Content-MD5',
  'spec §4.2, §4.3 [FLARE] (split UNCONFIRMED)',
  ['content-md5', 'error-code', 'InvalidDigest'],
);
export const missingContentLength = headerCheck(
  'missing-content-length',
  'Upload Part without Content-Length',
  'spec §2.2 [D7750-2017]; §4.3 [FLARE][D7730-old]',
  ['content-length', 'error-code', 'MissingContentLength', 'raw'],
);

/**
 * How a server ends a request it will not answer: it closes or resets the connection. A timeout or a refused
 * connection is not among them: there the server said nothing, so the check is not judged (indeterminate).
 */
const SERVER_CLOSED: ReadonlySet<string> = new Set(['SOCKET_CLOSED', 'ECONNRESET', 'EPIPE']);

/** A body shorter than its Content-Length; the client ends the request after the short body. */
export interface ShortBody {
  upload: Exchange | undefined;
  declared: number;
  sent: number;
}

/**
 * Statuses a front proxy (nginx, a load balancer) answers a body shorter than its Content-Length with, itself and
 * without a COS error document: 400 (nginx "client sent invalid request body") or 408 (its client body timeout).
 */
const BARE_REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 408]);

/**
 * A body shorter than its Content-Length is not accepted (spec §4.2 IncompleteBody / RequestTimeout, §4.3).
 * Allowed: the profile's error codes, a closed connection, and — the answer of a front proxy that refuses the
 * body before COS sees it — a bare 400 or 408 without a COS error document (`refused-bare`). The body was
 * refused, which is the rule, so the check passes; the missing error document is a separate, weaker finding
 * (spec §4.1, §4.4: an SDK reads an error without a document as its status, and without `x-cos-request-id` as a
 * network failure), reported in the message and as `measured.errorDocument: absent`, never as a failure. A 4xx
 * that does carry an error document must carry an allowed code.
 */
export const shortBody = defineCheck(
  {
    id: 'integrity.upload-part.short-body',
    title: 'Upload Part whose body is shorter than its Content-Length',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §4.2 IncompleteBody, RequestTimeout [FLARE]; §4.3',
    tags: ['upload-part', 'integrity', 'content-length', 'raw', 'IncompleteBody'],
  },
  (input: ShortBody, kit) => {
    const what = `Upload Part declaring ${input.declared} bytes, sending ${input.sent}`;
    const ex = input.upload;
    const code = ex?.transportError?.code;
    if (!ex?.response && code !== undefined && SERVER_CLOSED.has(code)) {
      // The server ended the connection without an answer: allowed when the profile says so; never a success.
      return kit.variants.some((variant) => variant.name === 'connection-closed')
        ? kit.pass(`${what}: the server closed the connection (${code})`, {
            variantSeen: 'connection-closed',
            exchanges: [ex],
          })
        : kit.fail(`${what}: the server closed the connection without an answer (${code})`, {
            exchanges: [ex],
          });
    }
    // Anything else without an answer (a timeout, a refused connection) says nothing about the rule.
    if (isSuccess(ex)) return kit.fail(`${what}: accepted with ${describeAnswer(ex)}`, { exchanges: [ex] });
    const response = ex?.response;
    const bare = kit.variants.find((variant) => variant.name === 'refused-bare');
    const noDocument = response?.error === undefined && !/<Error[\s>]/.test(response?.bodyText ?? '');
    if (response && bare && BARE_REFUSAL_STATUSES.has(response.status) && noDocument) {
      return kit.pass(
        `${what}: refused with a bare ${response.status} and no COS error document (as a front proxy answers); ` +
          'the body was not accepted, which is the rule. Weaker finding: without an error document an SDK ' +
          'sees only the status (spec §4.1, §4.4)',
        {
          variantSeen: bare.name,
          measured: { errorDocument: 'absent', status: response.status },
          exchanges: [ex],
        },
      );
    }
    return judgeAnswer(kit, ex, what);
  },
);

/** The part stored before, the failed attempts to overwrite it, and what remained. */
export interface FailedOverwrites {
  partNumber: number;
  original: { upload: Exchange | undefined; spec: BodySpec };
  attempts: ReadonlyArray<{ label: string; upload: Exchange | undefined; listing: PartListing }>;
  complete?: Exchange;
  /** Bodies of the object's parts in part-number order (the original for `partNumber`). */
  specs?: readonly BodySpec[];
  read?: ReadBack;
}

export const failedKeepsPrevious = defineCheck(
  {
    id: 'integrity.upload-part.failed-keeps-previous',
    title: 'A stored part after failed Upload Parts of its number, completed and read back',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2 [D7750]; §4.3',
    tags: ['upload-part', 'integrity', 'list-parts', 'bytes'],
  },
  (input: FailedOverwrites, kit) => {
    const exchanges = [
      input.original.upload,
      ...input.attempts.flatMap((attempt) => [attempt.upload, attempt.listing.exchange]),
      input.complete,
      input.read?.exchange,
    ];
    const pre = requireSuccess(kit, input.original.upload, 'the original upload');
    if (pre) return withExchanges(pre, exchanges);
    const etag = input.original.upload!.response!.headers.etag;
    for (const attempt of input.attempts) {
      if (isSuccess(attempt.upload)) {
        return kit.error(`attempt "${attempt.label}" was accepted, so it was not a failed upload`, {
          exchanges,
        });
      }
      const lp = requireSuccess(kit, attempt.listing.exchange, `List Parts after "${attempt.label}"`);
      if (lp) return withExchanges(lp, exchanges);
      const part = listedPart(attempt.listing, input.partNumber);
      if (!part)
        return kit.fail(`after "${attempt.label}" part ${input.partNumber} is no longer listed`, {
          exchanges,
        });
      if (part.etag !== etag) {
        return kit.fail(
          `after "${attempt.label}" part ${input.partNumber} is listed with ${part.etag}, was ${etag}`,
          {
            expected: etag,
            observed: part.etag,
            exchanges,
          },
        );
      }
    }
    if (input.complete) {
      const completeVerdict = judgeAnswer(kit, input.complete, 'Complete with the original ETag');
      if (completeVerdict.outcome !== 'pass') return withExchanges(completeVerdict, exchanges);
      if (input.read && input.specs) {
        const problem = readBackProblem(input.specs, input.read);
        if (problem) return kit.fail(`object does not hold the original bytes: ${problem}`, { exchanges });
      }
    }
    return kit.pass(`${input.attempts.length} failed uploads left part ${input.partNumber} intact`, {
      variantSeen: 'intact',
      exchanges,
    });
  },
);

export const INTEGRITY_CHECKS = [
  md5Correct,
  md5Wrong,
  md5Malformed,
  missingContentLength,
  shortBody,
  failedKeepsPrevious,
] as const;

/** What each profile allows (docs/spec.md §1.2, §2.2, §4.2, §4.3; AWS error responses, and what RGW answered). */
export const INTEGRITY_EXPECTATIONS = {
  cos: {
    'integrity.upload-part.md5-correct': expect([
      accepted('200', [200], doc('spec §1.2 [D7728]', 'Content-MD5')),
    ]),
    'integrity.upload-part.md5-wrong': expect([
      rejected(
        'BadDigest',
        doc('spec §4.2 [D7730]'),
        observed('[OBS-rclone]', 'real COS PUT → 400 BadDigest'),
      ),
    ]),
    'integrity.upload-part.md5-malformed': expect([
      rejected('InvalidDigest', doc('spec §4.2, §4.3 [FLARE]', 'malformed vs mismatch split UNCONFIRMED')),
    ]),
    'integrity.upload-part.missing-content-length': expect([
      rejected(
        'MissingContentLength',
        doc('spec §4.3 [FLARE][D7730-old]'),
        doc('spec §2.2 [D7750-2017]', 'required'),
      ),
    ]),
    'integrity.upload-part.short-body': expect([
      rejected('IncompleteBody', doc('spec §4.2 [FLARE]', 'body length ≠ Content-Length')),
      rejected('RequestTimeout', doc('spec §4.2 [FLARE]', 'read timeout of a slow client')),
      named(
        'connection-closed',
        decision('nothing stored is what matters', 'the server may drop the connection'),
      ),
      named(
        'refused-bare',
        decision(
          'a front proxy (nginx) refuses a short body itself, without a COS error document',
          'the body was refused, which is the rule; the missing document is reported, not failed',
        ),
      ),
    ]),
    'integrity.upload-part.failed-keeps-previous': expect([accepted('intact', [200], COS_DOCS.uploadPart)]),
  },
  s3: {
    'integrity.upload-part.md5-correct': expect([accepted('200', [200], S3_DOCS.uploadPart)]),
    'integrity.upload-part.md5-wrong': expect([rejected('BadDigest', S3_DOCS.errors)]),
    'integrity.upload-part.md5-malformed': expect([rejected('InvalidDigest', S3_DOCS.errors)]),
    'integrity.upload-part.missing-content-length': expect([
      rejected(
        'MissingContentLength',
        S3_DOCS.errors,
        recorded('docs/vendors.md', 'RGW answers 411 MissingContentLength'),
      ),
    ]),
    'integrity.upload-part.short-body': expect([
      rejected('IncompleteBody', S3_DOCS.errors),
      rejected('RequestTimeout', S3_DOCS.errors),
      named(
        'connection-closed',
        decision('nothing stored is what matters', 'the server may drop the connection'),
      ),
      named(
        'refused-bare',
        decision(
          'a front proxy (nginx) refuses a short body itself, without an S3 error document',
          'the body was refused, which is the rule; the missing document is reported, not failed',
        ),
      ),
    ]),
    'integrity.upload-part.failed-keeps-previous': expect([accepted('intact', [200], S3_DOCS.uploadPart)]),
  },
} satisfies FamilyExpectations<typeof INTEGRITY_CHECKS>;

/** Servers whose Content-MD5 or Content-Length checks are missing or wrong, or that store refused bodies. */
export const INTEGRITY_MUTANTS = [
  {
    name: 'content-md5-ignored',
    description: 'Content-MD5 is never compared with the body: a wrong digest is stored and answered 200',
    family: FAMILY,
    catches: [md5Wrong.id],
    behaviour: { checkContentMd5: false },
  },
  {
    name: 'content-md5-expects-hex',
    description: 'Content-MD5 must be hex, so the correct base64 digest is refused as InvalidDigest',
    family: FAMILY,
    catches: [md5Correct.id],
    behaviour: { isWellFormedContentMd5: (value) => /^[0-9a-f]{32}$/i.test(value) },
  },
  {
    name: 'content-md5-form-unchecked',
    description: 'a malformed Content-MD5 is answered BadDigest instead of InvalidDigest',
    family: FAMILY,
    catches: [md5Malformed.id],
    behaviour: { isWellFormedContentMd5: () => true },
  },
  {
    name: 'content-length-optional',
    description: 'Upload Part without Content-Length (chunked) is accepted instead of 411',
    family: FAMILY,
    catches: [missingContentLength.id],
    behaviour: { requireContentLength: false },
  },
  {
    name: 'truncated-body-stored',
    description: 'a body cut short of its Content-Length is stored as the part and answered 200',
    family: FAMILY,
    catches: [shortBody.id],
    handlers: { uploadPart: 'truncatedBodyStored' },
  },
  {
    name: 'bad-md5-part-stored',
    description:
      'a part with a wrong Content-MD5 is answered BadDigest but stored anyway, replacing the old one',
    family: FAMILY,
    catches: [failedKeepsPrevious.id],
    handlers: { uploadPart: 'md5CheckedAfterStoring' },
  },
] as const satisfies readonly MutantDef[];
