/**
 * Family 11, authentication (spec §6 [D7778], §4.2 [D40105]): who may upload a part. A request without a signature,
 * with an unknown SecretId, a wrong secret, an expired q-sign-time, or parameters changed after signing is refused
 * and stores nothing; a signature that leaves some parameters unsigned (the client's choice, spec §6.1), one carried
 * in the query string (a presigned URL) and temporary credentials with their token (spec §6.6) are accepted.
 */
import type { Exchange } from '../../client/exchange.ts';
import { defineCheck, withExchanges } from '../kit/define.ts';
import { partEtagProblem } from '../kit/etag.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { unreadableListing } from '../kit/listing.ts';
import { judgeAnswer, requireSuccess } from '../kit/response.ts';
import type { CheckResult } from '../types.ts';
import type { JudgeKit } from '../kit/define.ts';
import {
  accepted,
  decision,
  doc,
  expect,
  named,
  notApplicable,
  recorded,
  rejected,
} from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { Evidence, FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import type { SignerKind } from '../../target/types.ts';

const FAMILY = 'auth';

/** Why the temporary-credential checks are skipped on a target configured without a temporary key. */
export const NO_TEMPORARY_CREDENTIALS =
  'no temporary credentials configured (set COS_TEMP_SECRET_ID, COS_TEMP_SECRET_KEY and COS_TEMP_SECURITY_TOKEN, or "temporaryCredentials" in the config file)';

export const wrongSignatureRefused = defineCheck(
  {
    id: 'auth.upload-part.wrong-signature-refused',
    title: 'Upload Part signed with a wrong secret',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778]; §4.2 [D40105][FLARE]',
    tags: ['auth', 'upload-part', 'error-code', 'SignatureDoesNotMatch'],
  },
  (input: { upload: Exchange | undefined }, kit) =>
    judgeAnswer(kit, input.upload, 'Upload Part with a wrong signature'),
);

/** The refused upload and a correctly signed listing after it. */
export interface WrongSignatureStore {
  upload: Exchange | undefined;
  listing: PartListing;
}

/**
 * Whether a correctly signed listing of an upload that only refused requests touched is empty: pass when no part
 * is listed, fail when one is; indeterminate when no refused request got an answer (an empty listing proves
 * nothing then) or the listing is unreadable.
 */
function judgeNothingStored(
  kit: JudgeKit,
  refused: readonly (Exchange | undefined)[],
  listing: PartListing,
  what: string,
): CheckResult {
  const exchanges = [...refused, listing.exchange];
  if (!refused.some((ex) => ex?.response)) {
    // The requests may never have reached the server: an empty listing would prove nothing.
    const why = refused.map((ex) => ex?.transportError?.code ?? 'not sent').join(', ');
    return kit.indeterminate(`the ${what} got no answer (${why}), so an empty listing proves nothing`, {
      exchanges,
    });
  }
  const pre = requireSuccess(kit, listing.exchange, 'List Parts (correctly signed)');
  if (pre) return withExchanges(pre, exchanges);
  const unread = unreadableListing(kit, listing, 'whether a part was stored', { exchanges });
  if (unread) return unread;
  const listed = listing.parts ?? [];
  return listed.length === 0
    ? kit.pass('no part stored', { variantSeen: 'nothing-stored', exchanges })
    : kit.fail(`part(s) ${listed.map((part) => part.partNumber).join(', ')} listed after the ${what}`, {
        exchanges,
      });
}

export const wrongSignatureStoresNothing = defineCheck(
  {
    id: 'auth.upload-part.wrong-signature-stores-nothing',
    title: 'List Parts after a wrongly signed Upload Part',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778]',
    tags: ['auth', 'upload-part', 'list-parts'],
  },
  (input: WrongSignatureStore, kit) =>
    judgeNothingStored(kit, [input.upload], input.listing, 'wrongly signed upload'),
);

/** One Upload Part answer. */
export interface AuthAnswer {
  upload: Exchange | undefined;
}

export const anonymousRefused = defineCheck(
  {
    id: 'auth.upload-part.anonymous-refused',
    title: 'Upload Part without an Authorization header or query signature',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778]; §4.2 [D40105]',
    tags: ['auth', 'upload-part', 'error-code', 'AccessDenied'],
  },
  (input: AuthAnswer, kit) => judgeAnswer(kit, input.upload, 'Upload Part without a signature'),
);

export const unknownKeyRefused = defineCheck(
  {
    id: 'auth.upload-part.unknown-key-refused',
    title: 'Upload Part signed with a SecretId the endpoint does not know',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §4.2 [D40105][FLARE]',
    tags: ['auth', 'upload-part', 'error-code', 'InvalidAccessKeyId'],
  },
  (input: AuthAnswer, kit) => judgeAnswer(kit, input.upload, 'Upload Part with an unknown SecretId'),
);

export const expiredSignatureRefused = defineCheck(
  {
    id: 'auth.upload-part.expired-signature-refused',
    title: 'Upload Part whose signature time window ended two hours ago',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.4 [D40105]; §4.2',
    tags: ['auth', 'upload-part', 'error-code', 'RequestTimeTooSkewed'],
  },
  (input: AuthAnswer, kit) => judgeAnswer(kit, input.upload, 'Upload Part with an expired signature'),
);

export const tamperedParamsRefused = defineCheck(
  {
    id: 'auth.upload-part.tampered-params-refused',
    title: 'Upload Part sent with another partNumber than the one signed',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778] steps 3 and 8; §4.2 [D40105]',
    tags: ['auth', 'upload-part', 'error-code', 'SignatureDoesNotMatch'],
  },
  (input: AuthAnswer, kit) =>
    judgeAnswer(kit, input.upload, 'Upload Part whose partNumber was changed after signing'),
);

export const tamperedUploadIdRefused = defineCheck(
  {
    id: 'auth.upload-part.tampered-upload-id-refused',
    title: 'Upload Part sent to another uploadId than the one signed',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778] steps 3 and 8; §4.2 [D40105]',
    tags: ['auth', 'upload-part', 'error-code', 'SignatureDoesNotMatch'],
  },
  (input: AuthAnswer, kit) =>
    judgeAnswer(kit, input.upload, 'Upload Part whose uploadId was changed after signing'),
);

/** An Upload Part whose q-url-param-list leaves partNumber out, and the signer the run used. */
export interface PartialSignature extends AuthAnswer {
  signer: SignerKind;
}

export const partialParamsAccepted = defineCheck(
  {
    id: 'auth.upload-part.partial-params-accepted',
    title: 'Upload Part whose q-url-param-list leaves partNumber unsigned',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778] "The client chooses which headers and parameters to sign"',
    tags: ['auth', 'upload-part', 'q-url-param-list'],
  },
  (input: PartialSignature, kit) => {
    if (input.signer !== 'cos') {
      return kit.skip(`q-url-param-list is a COS q-sign field; this run signs with ${input.signer}`, {
        exchanges: [input.upload],
      });
    }
    return judgeAnswer(kit, input.upload, 'Upload Part signing only uploadId');
  },
);

/** Every refused Upload Part of one upload, and a correctly signed listing of that upload after them. */
export interface RefusalsStore {
  refused: readonly (Exchange | undefined)[];
  listing: PartListing;
}

export const refusalsStoreNothing = defineCheck(
  {
    id: 'auth.upload-part.refusals-store-nothing',
    title: 'List Parts after unsigned, unknown-key, expired, tampered and token-less Upload Parts',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778], §6.4, §6.6',
    tags: ['auth', 'upload-part', 'list-parts'],
  },
  (input: RefusalsStore, kit) => judgeNothingStored(kit, input.refused, input.listing, 'refused uploads'),
);

/** An Upload Part signed in the query string, the bytes' MD5, and a listing after it. */
export interface PresignedUpload extends AuthAnswer {
  md5Hex: string;
  listing: PartListing | undefined;
  partNumber: number;
}

export const presignedStored = defineCheck(
  {
    id: 'auth.upload-part.presigned-stored',
    title: 'Upload Part through a presigned URL, then List Parts',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.1 [D7778] "Transport"; §6.5; §2.4 [D7747]',
    tags: ['auth', 'upload-part', 'presigned', 'list-parts'],
  },
  (input: PresignedUpload, kit) => {
    const exchanges = [input.upload, input.listing?.exchange];
    const pre = requireSuccess(kit, input.upload, 'Upload Part through a presigned URL');
    if (pre) {
      // A refusal of a well-signed presigned request is the deviation this check is about.
      if (pre.outcome === 'error' && input.upload?.response) {
        return kit.fail(`the presigned Upload Part was refused: ${pre.message}`, { exchanges });
      }
      return withExchanges(pre, exchanges);
    }
    if (!input.listing) return kit.error('no List Parts was sent after the presigned upload', { exchanges });
    const listPre = requireSuccess(kit, input.listing.exchange, 'List Parts (correctly signed)');
    if (listPre) return withExchanges(listPre, exchanges);
    const unread = unreadableListing(kit, input.listing, 'whether the part was stored', { exchanges });
    if (unread) return unread;
    const part = listedPart(input.listing, input.partNumber);
    if (!part)
      return kit.fail(`part ${input.partNumber} not listed after a 2xx presigned upload`, { exchanges });
    const problem = partEtagProblem(part.etag, input.md5Hex);
    if (problem) return kit.fail(`listed part ${input.partNumber}: ${problem}`, { exchanges });
    return kit.pass(`part ${input.partNumber} listed with ETag ${part.etag}`, {
      variantSeen: 'stored',
      exchanges,
    });
  },
);

/** An Upload Part with the target's temporary key (absent: the target has none configured). */
export interface TemporaryAnswer {
  upload: Exchange | undefined;
  configured: boolean;
}

function judgeTemporary(kit: JudgeKit, input: TemporaryAnswer, what: string): CheckResult {
  if (!input.configured) return kit.skip(NO_TEMPORARY_CREDENTIALS);
  return judgeAnswer(kit, input.upload, what);
}

export const temporaryTokenHeader = defineCheck(
  {
    id: 'auth.upload-part.temporary-token-header',
    title: 'Upload Part with a temporary key, its token in a header',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.6 [D7778][D7728]',
    tags: ['auth', 'upload-part', 'temporary-credentials'],
  },
  (input: TemporaryAnswer, kit) =>
    judgeTemporary(kit, input, 'Upload Part with a temporary key (header token)'),
);

export const temporaryTokenQuery = defineCheck(
  {
    id: 'auth.upload-part.temporary-token-query',
    title: 'Upload Part through a presigned URL with a temporary key, its token in the query',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.6 [D7778][D7728]; §6.1 "Transport"',
    tags: ['auth', 'upload-part', 'temporary-credentials', 'presigned'],
  },
  (input: TemporaryAnswer, kit) => judgeTemporary(kit, input, 'presigned Upload Part with a temporary key'),
);

export const temporaryTokenMissingRefused = defineCheck(
  {
    id: 'auth.upload-part.temporary-token-missing-refused',
    title: 'Upload Part with a temporary key and no security token',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.6 [D7778]; §4.2',
    tags: ['auth', 'upload-part', 'temporary-credentials', 'error-code'],
  },
  (input: TemporaryAnswer, kit) =>
    judgeTemporary(kit, input, 'Upload Part with a temporary key without its token'),
);

export const temporaryTokenWrongRefused = defineCheck(
  {
    id: 'auth.upload-part.temporary-token-wrong-refused',
    title: 'Upload Part with a temporary key and another security token',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §6.6 [D7778]; §4.2',
    tags: ['auth', 'upload-part', 'temporary-credentials', 'error-code'],
  },
  (input: TemporaryAnswer, kit) =>
    judgeTemporary(kit, input, 'Upload Part with a temporary key and a wrong token'),
);

export const AUTH_CHECKS = [
  wrongSignatureRefused,
  wrongSignatureStoresNothing,
  anonymousRefused,
  unknownKeyRefused,
  expiredSignatureRefused,
  tamperedParamsRefused,
  tamperedUploadIdRefused,
  partialParamsAccepted,
  refusalsStoreNothing,
  presignedStored,
  temporaryTokenHeader,
  temporaryTokenQuery,
  temporaryTokenMissingRefused,
  temporaryTokenWrongRefused,
] as const;

const COS_SIGNATURE = doc('spec §6.1 [D7778]');
const COS_AUTH_ERRORS = doc('spec §4.2 [D40105][FLARE]');
const COS_TIME_WINDOW = doc(
  'spec §6.4 [D40105]',
  'RequestTimeTooSkewed, or AccessDenied "Request has expired"',
);
const COS_TEMPORARY = doc(
  'spec §6.6 [D7778][D7728]',
  'x-cos-security-token as a header or a query parameter',
);
const S3_PRESIGNED = doc(
  'https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html',
  'X-Amz-* query parameters, X-Amz-Security-Token for temporary credentials',
);
const S3_TEMPORARY = doc(
  'https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#UsingTemporarySecurityCredentials',
  'x-amz-security-token with a temporary key',
);
/** No page names the code of a missing or wrong token: the codes servers plausibly answer are all allowed. */
const TOKEN_CODES_UNCONFIRMED = decision(
  'spec §6.6, §4.2',
  'UNCONFIRMED: no code is documented for a missing or wrong token (§4.2 names only ExpiredToken); ' +
    'InvalidAccessKeyId (the key id alone names no valid key), AccessDenied and InvalidToken (AWS) are allowed',
);
const tokenRefusals = (...evidence: Evidence[]) =>
  expect([
    rejected('InvalidAccessKeyId', ...evidence, TOKEN_CODES_UNCONFIRMED),
    rejected('AccessDenied', ...evidence, TOKEN_CODES_UNCONFIRMED),
    rejected('InvalidToken', ...evidence, TOKEN_CODES_UNCONFIRMED),
  ]);

/** What each profile allows (docs/spec.md §4.2, §6; AWS error responses and SigV4 pages, and what RGW answered). */
export const AUTH_EXPECTATIONS = {
  cos: {
    'auth.upload-part.wrong-signature-refused': expect([
      rejected('SignatureDoesNotMatch', doc('spec §4.2 [D40105][FLARE]'), doc('spec §6.1 [D7778]')),
    ]),
    'auth.upload-part.wrong-signature-stores-nothing': expect([
      named('nothing-stored', doc('spec §6.1 [D7778]')),
    ]),
    'auth.upload-part.anonymous-refused': expect([
      rejected('AccessDenied', doc('spec §4.2 [D40105]', 'no permission'), COS_SIGNATURE),
    ]),
    'auth.upload-part.unknown-key-refused': expect([rejected('InvalidAccessKeyId', COS_AUTH_ERRORS)]),
    'auth.upload-part.expired-signature-refused': expect([
      rejected('RequestTimeTooSkewed', COS_TIME_WINDOW),
      rejected('AccessDenied', COS_TIME_WINDOW),
    ]),
    'auth.upload-part.tampered-params-refused': expect([
      rejected(
        'SignatureDoesNotMatch',
        doc('spec §6.1 [D7778]', 'the server recomputes HttpParameters from the values sent'),
        COS_AUTH_ERRORS,
      ),
    ]),
    'auth.upload-part.tampered-upload-id-refused': expect([
      rejected(
        'SignatureDoesNotMatch',
        doc('spec §6.1 [D7778]', 'the server recomputes HttpParameters from the values sent'),
        COS_AUTH_ERRORS,
      ),
    ]),
    'auth.upload-part.partial-params-accepted': expect([
      accepted(
        '200',
        [200],
        doc('spec §6.1 [D7778]', 'the client declares what it signed in q-url-param-list'),
      ),
    ]),
    'auth.upload-part.refusals-store-nothing': expect([named('nothing-stored', COS_SIGNATURE)]),
    'auth.upload-part.presigned-stored': expect([
      named('stored', doc('spec §6.1 [D7778]', 'the same fields in the query string')),
    ]),
    'auth.upload-part.temporary-token-header': expect([accepted('200', [200], COS_TEMPORARY)]),
    'auth.upload-part.temporary-token-query': expect([accepted('200', [200], COS_TEMPORARY)]),
    'auth.upload-part.temporary-token-missing-refused': tokenRefusals(COS_TEMPORARY),
    'auth.upload-part.temporary-token-wrong-refused': tokenRefusals(COS_TEMPORARY),
  },
  s3: {
    'auth.upload-part.wrong-signature-refused': expect([
      rejected(
        'SignatureDoesNotMatch',
        S3_DOCS.errors,
        recorded('docs/vendors.md', 'RGW: a wrong secret gives 403 SignatureDoesNotMatch'),
      ),
    ]),
    'auth.upload-part.wrong-signature-stores-nothing': expect([named('nothing-stored', S3_DOCS.errors)]),
    'auth.upload-part.anonymous-refused': expect([rejected('AccessDenied', S3_DOCS.errors)]),
    'auth.upload-part.unknown-key-refused': expect([rejected('InvalidAccessKeyId', S3_DOCS.errors)]),
    'auth.upload-part.expired-signature-refused': expect([
      rejected('RequestTimeTooSkewed', S3_DOCS.errors),
      rejected('AccessDenied', S3_DOCS.errors, S3_PRESIGNED),
    ]),
    'auth.upload-part.tampered-params-refused': expect([rejected('SignatureDoesNotMatch', S3_DOCS.errors)]),
    'auth.upload-part.tampered-upload-id-refused': expect([
      rejected('SignatureDoesNotMatch', S3_DOCS.errors),
    ]),
    'auth.upload-part.partial-params-accepted': notApplicable(
      'SigV4 signs the whole query string: leaving parameters unsigned is a COS q-sign choice',
      doc('spec §6.1 [D7778], §6.5 [D37421]'),
    ),
    'auth.upload-part.refusals-store-nothing': expect([named('nothing-stored', S3_DOCS.errors)]),
    'auth.upload-part.presigned-stored': expect([named('stored', S3_PRESIGNED)]),
    'auth.upload-part.temporary-token-header': expect([accepted('200', [200], S3_TEMPORARY)]),
    'auth.upload-part.temporary-token-query': expect([accepted('200', [200], S3_PRESIGNED)]),
    'auth.upload-part.temporary-token-missing-refused': tokenRefusals(S3_TEMPORARY, S3_DOCS.errors),
    'auth.upload-part.temporary-token-wrong-refused': tokenRefusals(S3_TEMPORARY, S3_DOCS.errors),
  },
} satisfies FamilyExpectations<typeof AUTH_CHECKS>;

/** Servers that break the family's rules. */
export const AUTH_MUTANTS = [
  {
    name: 'signature-unchecked',
    description: 'signatures are not verified: a wrongly signed Upload Part is stored',
    family: FAMILY,
    catches: [
      wrongSignatureRefused.id,
      wrongSignatureStoresNothing.id,
      anonymousRefused.id,
      unknownKeyRefused.id,
      expiredSignatureRefused.id,
      tamperedParamsRefused.id,
      tamperedUploadIdRefused.id,
      refusalsStoreNothing.id,
      temporaryTokenMissingRefused.id,
      temporaryTokenWrongRefused.id,
    ],
    behaviour: { checkSignature: false },
  },
  {
    name: 'anonymous-allowed',
    description: 'a request without any signature is served anonymously',
    family: FAMILY,
    catches: [anonymousRefused.id, refusalsStoreNothing.id],
    behaviour: { refuseAnonymous: false },
  },
  {
    name: 'unknown-key-signature-mismatch',
    description: 'an unknown SecretId is answered SignatureDoesNotMatch instead of InvalidAccessKeyId',
    family: FAMILY,
    catches: [unknownKeyRefused.id],
    behaviour: { unknownKeyCode: 'SignatureDoesNotMatch' },
  },
  {
    name: 'sign-time-unchecked',
    description: 'the signature time window is not checked: an expired signature is accepted',
    family: FAMILY,
    catches: [expiredSignatureRefused.id, refusalsStoreNothing.id],
    behaviour: { checkSignTime: false },
  },
  {
    name: 'every-param-signed',
    description: 'a COS signature must cover every query parameter: a partial q-url-param-list is refused',
    family: FAMILY,
    catches: [partialParamsAccepted.id],
    behaviour: { acceptPartialParamList: false },
  },
  {
    name: 'presigned-refused',
    description: 'signatures in the query string (presigned URLs) are refused with AccessDenied',
    family: FAMILY,
    catches: [presignedStored.id, temporaryTokenQuery.id],
    behaviour: { acceptQuerySignature: false },
  },
  {
    name: 'security-token-unchecked',
    description: 'a temporary key is accepted without its security token, or with another one',
    family: FAMILY,
    catches: [temporaryTokenMissingRefused.id, temporaryTokenWrongRefused.id, refusalsStoreNothing.id],
    behaviour: { checkSecurityToken: false },
  },
  {
    name: 'security-token-header-ignored',
    description:
      'the security token is read from the query only: a temporary key with its token in a header is refused',
    family: FAMILY,
    catches: [temporaryTokenHeader.id],
    behaviour: { readSecurityTokenHeader: false },
  },
] as const satisfies readonly MutantDef[];
