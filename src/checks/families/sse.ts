/**
 * Family 10, server-side encryption (spec §2.1 [D7746], §2.2 [D7750], §2.5 [D7742], §5.4 [D7745]):
 * - SSE-COS: an upload initiated with `x-cos-server-side-encryption: AES256` gets the header echoed on Initiate,
 *   Upload Part and Complete, and the completed object shows it on HEAD. Where SSE is optional (s3 profile) an
 *   Initiate refused as unsupported skips the checks; any other refusal is no verdict.
 * - SSE-KMS: `cos/kms` (s3: `aws:kms`) with a key id and a context is echoed with the key id on Initiate and
 *   Upload Part. The part ETag of such an upload is not the MD5 of the bytes (spec §5.1), so these scenarios feed
 *   no ETag check. An endpoint that says it does not support KMS (no key service) skips them.
 * - SSE-C: every part of an upload initiated with a customer key must carry the same key (none, another, or a
 *   key MD5 that is not the key's → 400); a part with a key on an upload without one → 400; the key is echoed as
 *   its algorithm and MD5; reading the object needs the key. An endpoint that refuses SSE-C as unsupported (or
 *   over plain HTTP) skips them. The key never reaches a report (src/client/redact.ts SECRET_HEADERS).
 */
import type { Exchange } from '../../client/exchange.ts';
import type { CheckIdOf } from '../grammar.ts';
import { type Check, defineCheck, type JudgeKit } from '../kit/define.ts';
import { describeAnswer, header, isSuccess } from '../kit/describe.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import type { CheckResult } from '../types.ts';
import { accepted, decision, doc, expect } from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'sse';

/**
 * An encrypted upload and one later answer about it: `expect` holds the response headers (name → value) the
 * answer must carry, `steps` the requests between Initiate and the answer that must have succeeded.
 */
export interface SseEcho {
  initiate: Exchange | undefined;
  steps?: readonly (Exchange | undefined)[];
  answer: Exchange | undefined;
  expect?: Readonly<Record<string, string>>;
}

/** An upload (encrypted or not) and a request about it that must be refused. */
export interface SseRefusal {
  initiate: Exchange | undefined;
  steps?: readonly (Exchange | undefined)[];
  answer: Exchange | undefined;
}

/** Which encryption the Initiate asked for: it decides whether a refusal may skip. */
type Kind = 'sse' | 'kms' | 'ssec' | 'none';

/** Codes that refuse an unsupported encryption algorithm (AWS S3 error codes: InvalidEncryptionAlgorithmError). */
const SSE_UNSUPPORTED_CODES: ReadonlySet<string> = new Set(['InvalidEncryptionAlgorithmError']);

/** An error message about encryption (`Server Side Encryption … not supported`, `… KMS is not configured`). */
const SSE_MESSAGE = /encrypt|server[- ]side|\bSSE\b|\bKMS\b/i;

/** An error message about the transport SSE-C needs (`… must be made over a secure connection`). */
const SECURE_MESSAGE = /secure connection|https|\bssl\b|\btls\b/i;

/**
 * Whether a refused Initiate says the endpoint does not support SSE, so that skipping is right where SSE is
 * optional: a `501` (NotImplemented, spec §4.2), or a `400` whose code is {@link SSE_UNSUPPORTED_CODES} or whose
 * `<Message>` names encryption. Anything else (403, 404, another 400, a 5xx) is no such statement.
 */
export function saysSseUnsupported(ex: Exchange): boolean {
  const response = ex.response;
  if (!response) return false;
  if (response.status === 501) return true;
  if (response.status !== 400 || !response.error) return false;
  return (
    SSE_UNSUPPORTED_CODES.has(response.error.code ?? '') || SSE_MESSAGE.test(response.error.message ?? '')
  );
}

/** {@link saysSseUnsupported}, or a 400 saying SSE-C needs a secure connection (the run uses plain HTTP). */
export function saysSseCUnusable(ex: Exchange): boolean {
  const response = ex.response;
  return (
    saysSseUnsupported(ex) || (response?.status === 400 && SECURE_MESSAGE.test(response.error?.message ?? ''))
  );
}

/** What a refused Initiate of `kind` means: a skip where the endpoint says so and may, else no verdict or a fail. */
function refusedInitiate(
  kit: JudgeKit,
  kind: Kind,
  ex: Exchange,
  exchanges: readonly (Exchange | undefined)[],
) {
  const sse = kit.profile.features.sse.value;
  const msg = `Initiate ${kind === 'none' ? 'without encryption' : `with ${kindName(kind)}`} answered ${describeAnswer(ex)}`;
  const optional = kind === 'kms' || kind === 'ssec' || (kind === 'sse' && sse.support === 'optional');
  const says = kind === 'ssec' ? saysSseCUnusable(ex) : saysSseUnsupported(ex);
  if (optional && says) {
    return kit.skip(`${msg}; ${kindName(kind)} is optional under profile ${kit.profile.name}`, { exchanges });
  }
  if ((ex.response?.status ?? 0) >= 500) {
    return kit.result(serverErrorOutcome(ex), `${msg}, a server error, not an answer about SSE`, {
      exchanges,
    });
  }
  if (optional || kind === 'none') {
    return kit.error(`${msg}, a refusal that does not say the encryption is unsupported`, { exchanges });
  }
  return kit.fail(msg, { exchanges });
}

function kindName(kind: Kind): string {
  return { sse: 'SSE (AES256)', kms: 'SSE-KMS', ssec: 'SSE-C', none: 'no encryption' }[kind];
}

/** The verdict on the Initiate and the steps after it, or undefined when they all succeeded. */
function setupResult(
  kit: JudgeKit,
  kind: Kind,
  input: {
    initiate: Exchange | undefined;
    steps?: readonly (Exchange | undefined)[];
    answer: Exchange | undefined;
  },
): CheckResult | undefined {
  const exchanges = [input.initiate, ...(input.steps ?? []), input.answer];
  const transport = transportResult(kit, input.initiate, `Initiate with ${kindName(kind)}`);
  if (transport) return transport;
  if (!isSuccess(input.initiate) || input.initiate!.response!.error)
    return refusedInitiate(kit, kind, input.initiate!, exchanges);
  for (const step of input.steps ?? []) {
    const failed = requireSuccess(kit, step, step?.op ?? 'a step of the scenario');
    if (failed)
      return {
        ...failed,
        exchanges: [...failed.exchanges, ...exchanges.filter((exchange) => exchange !== undefined)],
      };
  }
  return undefined;
}

/** The answer must be a success carrying every header of `expected`. */
function judgeEcho(
  kit: JudgeKit,
  kind: Kind,
  what: string,
  input: SseEcho,
  expected: Readonly<Record<string, string>>,
): CheckResult {
  const early = setupResult(kit, kind, input);
  if (early) return early;
  const exchanges = [input.initiate, ...(input.steps ?? []), input.answer];
  const verdict = judgeAnswer(kit, input.answer, what, [input.initiate, ...(input.steps ?? [])]);
  if (verdict.outcome !== 'pass') return verdict;
  const wrong = Object.entries(expected).filter(([name, value]) => header(input.answer, name) !== value);
  const shown = (name: string): string => {
    const got = header(input.answer, name);
    return got === undefined ? 'absent' : JSON.stringify(got);
  };
  if (wrong.length === 0) {
    return kit.pass(`${Object.keys(expected).join(', ')} echoed`, { variantSeen: 'echoed', exchanges });
  }
  return kit.fail(wrong.map(([name]) => `${name} is ${shown(name)}`).join('; '), {
    expected: wrong.map(([name, value]) => `${name}: ${value}`).join(', '),
    observed: wrong.map(([name]) => `${name}: ${shown(name)}`).join(', '),
    exchanges,
  });
}

type EchoOp = 'initiate' | 'upload-part' | 'complete' | 'head-object';

const OP_TITLES: Record<EchoOp | 'get-object', string> = {
  initiate: 'Initiate',
  'upload-part': 'Upload Part',
  complete: 'Complete',
  'head-object': 'HEAD Object',
  'get-object': 'GET Object',
};

function echoCheck<const Id extends CheckIdOf<'sse'>>(
  id: Id,
  op: EchoOp,
  kind: Exclude<Kind, 'none'>,
  title: string,
  specRef: string,
): Check<SseEcho, Id> {
  return defineCheck(
    { id, title, family: FAMILY, severity: 'must', specRef, tags: ['sse', op, 'headers'] },
    (input: SseEcho, kit) => {
      const sse = kit.profile.features.sse.value;
      const expected = kind === 'sse' ? { [sse.header]: sse.value } : (input.expect ?? {});
      return judgeEcho(kit, kind, OP_TITLES[op], input, expected);
    },
  );
}

function refusalCheck<const Id extends CheckIdOf<'sse'>>(
  id: Id,
  op: 'upload-part' | 'get-object',
  kind: Kind,
  title: string,
  specRef: string,
): Check<SseRefusal, Id> {
  return defineCheck(
    { id, title, family: FAMILY, severity: 'must', specRef, tags: ['sse', 'sse-c', op] },
    (input: SseRefusal, kit) =>
      setupResult(kit, kind, input) ??
      judgeAnswer(kit, input.answer, OP_TITLES[op], [input.initiate, ...(input.steps ?? [])]),
  );
}

// --- SSE-COS (AES256) ---

export const initiateEcho = echoCheck(
  'sse.initiate.echo',
  'initiate',
  'sse',
  'Server-side-encryption header of the Initiate of an AES256 upload',
  'spec §2.1 [D7746] (SSE response headers)',
);
export const uploadPartEcho = echoCheck(
  'sse.upload-part.echo',
  'upload-part',
  'sse',
  'Server-side-encryption header of an Upload Part of an AES256 upload',
  'spec §2.2 [D7750] (SSE headers echoed)',
);
export const completeEcho = echoCheck(
  'sse.complete.echo',
  'complete',
  'sse',
  'Server-side-encryption header of the Complete of an AES256 upload',
  'spec §2.5 [D7742] (SSE response headers)',
);
export const headObjectEcho = echoCheck(
  'sse.head-object.echo',
  'head-object',
  'sse',
  'Server-side-encryption header of HEAD of an object completed from an AES256 upload',
  'spec §5.4 [D7745] (HEAD returns the SSE headers)',
);

// --- SSE-KMS ---

export const initiateKmsEcho = echoCheck(
  'sse.initiate.kms-echo',
  'initiate',
  'kms',
  'SSE-KMS value and key id on the Initiate of a KMS upload',
  'spec §2.1 [D7746], §5.4',
);
export const uploadPartKmsEcho = echoCheck(
  'sse.upload-part.kms-echo',
  'upload-part',
  'kms',
  'SSE-KMS value and key id on an Upload Part of a KMS upload (its ETag not judged, spec §5.1)',
  'spec §2.2 [D7750] ("cos/kms with the key id"), §5.1',
);

// --- SSE-C ---

export const initiateSsecEcho = echoCheck(
  'sse.initiate.ssec-echo',
  'initiate',
  'ssec',
  'SSE-C algorithm and key MD5 on the Initiate of an SSE-C upload',
  'spec §2.1 [D7746], §5.4',
);
export const uploadPartSsecEcho = echoCheck(
  'sse.upload-part.ssec-echo',
  'upload-part',
  'ssec',
  'Upload Part of an SSE-C upload with the same key: status and the algorithm and key MD5',
  'spec §2.2 [D7750] ("SSE-C algorithm + key-MD5")',
);
export const headObjectSsecEcho = echoCheck(
  'sse.head-object.ssec-echo',
  'head-object',
  'ssec',
  'HEAD with the key of an object completed from an SSE-C upload',
  'spec §5.4 [D7745]',
);
export const ssecKeyMissing = refusalCheck(
  'sse.upload-part.ssec-key-missing',
  'upload-part',
  'ssec',
  'Upload Part without the SSE-C headers on an SSE-C upload',
  'spec §2.2 [D7750] (the trio required with the same key), §5.4',
);
export const ssecOtherKey = refusalCheck(
  'sse.upload-part.ssec-other-key',
  'upload-part',
  'ssec',
  'Upload Part with another customer key on an SSE-C upload',
  'spec §2.2 [D7750] (the same key), §5.4',
);
export const ssecKeyMd5Mismatch = refusalCheck(
  'sse.upload-part.ssec-key-md5-mismatch',
  'upload-part',
  'ssec',
  'Upload Part whose SSE-C key MD5 is not the MD5 of the key sent',
  'spec §5.4 (the key MD5 verifies the key)',
);
export const ssecUnexpected = refusalCheck(
  'sse.upload-part.ssec-unexpected',
  'upload-part',
  'none',
  'Upload Part with SSE-C headers on an upload initiated without them',
  'spec §2.2 [D7750] (the trio is not to be sent otherwise)',
);
export const ssecReadWithoutKey = refusalCheck(
  'sse.get-object.ssec-key-required',
  'get-object',
  'ssec',
  'GET without the key of an object completed from an SSE-C upload',
  'spec §5.4 (reading an SSE-C object needs its key)',
);

export const SSE_CHECKS = [
  initiateEcho,
  uploadPartEcho,
  completeEcho,
  headObjectEcho,
  initiateKmsEcho,
  uploadPartKmsEcho,
  initiateSsecEcho,
  uploadPartSsecEcho,
  headObjectSsecEcho,
  ssecKeyMissing,
  ssecOtherKey,
  ssecKeyMd5Mismatch,
  ssecUnexpected,
  ssecReadWithoutKey,
] as const;

const AWS = 'https://docs.aws.amazon.com/AmazonS3/latest';
/** The AWS pages of the rules beyond S3_DOCS: Initiate, HEAD, GET, and the SSE-C and SSE-KMS guides. */
const S3_SSE_DOCS = {
  initiate: doc(`${AWS}/API/API_CreateMultipartUpload.html`, 'SSE response headers'),
  head: doc(`${AWS}/API/API_HeadObject.html`, 'x-amz-server-side-encryption in the response'),
  kms: doc(`${AWS}/userguide/UsingKMSEncryption.html`, 'aws:kms with the key id echoed'),
  ssec: doc(
    `${AWS}/userguide/ServerSideEncryptionCustomerKeys.html`,
    'the same key on every part; reads need the key; the ETag is not the MD5',
  ),
} as const;

const COS_SSE_C = doc(
  'spec §2.2 [D7750]',
  'the SSE-C trio, with the same key, on every part of an SSE-C upload',
);
/** The status of an SSE-C refusal: 400 is what S3 answers; COS documents the rule, not the status. */
const REFUSED_400 = decision(
  '400',
  'a client error about the request headers; the status COS uses is UNCONFIRMED (spec §5.4)',
);

/** 200 with the headers echoed. */
const echoed = (...evidence: Parameters<typeof accepted>[2][]) =>
  expect([accepted('echoed', [200], ...evidence)]);
/** A refusal: any 400 (the code is not documented); confidence inferred. */
const refused = (...evidence: Parameters<typeof accepted>[2][]) =>
  expect([accepted('refused-400', [400], ...evidence, REFUSED_400)], {
    confidence: 'inferred',
    note: 'the rule is documented; the status 400 is inferred (spec §5.4)',
  });

/** What each profile allows (docs/spec.md §2.1, §2.2, §2.5, §5.4; the AWS pages for s3). */
export const SSE_EXPECTATIONS = {
  cos: {
    'sse.initiate.echo': echoed(doc('spec §2.1 [D7746]', 'SSE response headers echoed')),
    'sse.upload-part.echo': echoed(doc('spec §2.2 [D7750]', 'SSE headers echoed')),
    'sse.complete.echo': echoed(doc('spec §2.5 [D7742]', 'SSE response headers')),
    'sse.head-object.echo': echoed(doc('spec §5.4 [D7745]', 'HEAD returns the SSE headers')),
    'sse.initiate.kms-echo': echoed(doc('spec §2.1 [D7746], §5.4', 'cos/kms with the key id')),
    'sse.upload-part.kms-echo': echoed(doc('spec §2.2 [D7750]', 'cos/kms with the key id echoed')),
    'sse.initiate.ssec-echo': echoed(doc('spec §2.1 [D7746], §5.4', 'algorithm and key MD5')),
    'sse.upload-part.ssec-echo': echoed(doc('spec §2.2 [D7750]', 'SSE-C algorithm and key MD5 echoed')),
    'sse.head-object.ssec-echo': echoed(doc('spec §5.4 [D7745]', 'HEAD returns the SSE headers')),
    'sse.upload-part.ssec-key-missing': refused(COS_SSE_C),
    'sse.upload-part.ssec-other-key': refused(COS_SSE_C),
    'sse.upload-part.ssec-key-md5-mismatch': refused(doc('spec §5.4', 'the key MD5 verifies the key')),
    'sse.upload-part.ssec-unexpected': refused(
      doc('spec §2.2 [D7750]', 'the trio is not to be sent otherwise'),
    ),
    'sse.get-object.ssec-key-required': refused(doc('spec §5.4', 'an SSE-C object is read with its key')),
  },
  s3: {
    'sse.initiate.echo': echoed(S3_SSE_DOCS.initiate),
    'sse.upload-part.echo': echoed(S3_DOCS.uploadPart),
    'sse.complete.echo': echoed(S3_DOCS.complete),
    'sse.head-object.echo': echoed(S3_SSE_DOCS.head),
    'sse.initiate.kms-echo': echoed(S3_SSE_DOCS.initiate, S3_SSE_DOCS.kms),
    'sse.upload-part.kms-echo': echoed(S3_DOCS.uploadPart, S3_SSE_DOCS.kms),
    'sse.initiate.ssec-echo': echoed(S3_SSE_DOCS.initiate, S3_SSE_DOCS.ssec),
    'sse.upload-part.ssec-echo': echoed(S3_DOCS.uploadPart, S3_SSE_DOCS.ssec),
    'sse.head-object.ssec-echo': echoed(S3_SSE_DOCS.head, S3_SSE_DOCS.ssec),
    'sse.upload-part.ssec-key-missing': refused(S3_DOCS.uploadPart, S3_SSE_DOCS.ssec),
    'sse.upload-part.ssec-other-key': refused(S3_DOCS.uploadPart, S3_SSE_DOCS.ssec),
    'sse.upload-part.ssec-key-md5-mismatch': refused(S3_SSE_DOCS.ssec),
    'sse.upload-part.ssec-unexpected': refused(S3_DOCS.uploadPart),
    'sse.get-object.ssec-key-required': refused(S3_SSE_DOCS.ssec),
  },
} satisfies FamilyExpectations<typeof SSE_CHECKS>;

/** Servers that break the family's rules. */
export const SSE_MUTANTS = [
  {
    name: 'sse-header-dropped',
    description:
      'Initiate, Upload Part and Complete of an AES256 upload do not echo x-cos-server-side-encryption',
    family: FAMILY,
    catches: [initiateEcho.id, uploadPartEcho.id, completeEcho.id],
    behaviour: { echoServerSideEncryption: false },
  },
  {
    name: 'sse-head-without-header',
    description: 'HEAD and GET of an encrypted object do not show its server-side-encryption headers',
    family: FAMILY,
    catches: [headObjectEcho.id],
    behaviour: { objectShowsEncryption: false },
  },
  {
    name: 'sse-kms-key-id-dropped',
    description: 'Initiate and Upload Part of an SSE-KMS upload echo cos/kms without the KMS key id',
    family: FAMILY,
    catches: [initiateKmsEcho.id, uploadPartKmsEcho.id],
    behaviour: { echoKmsKeyId: false },
  },
  {
    name: 'ssec-echo-dropped',
    description: 'Initiate, Upload Part and HEAD of an SSE-C upload do not echo the algorithm and key MD5',
    family: FAMILY,
    catches: [initiateSsecEcho.id, uploadPartSsecEcho.id, headObjectSsecEcho.id],
    behaviour: { echoCustomerKey: false },
  },
  {
    name: 'ssec-key-not-enforced-on-parts',
    description: 'parts of an SSE-C upload are accepted without the key or with another key',
    family: FAMILY,
    catches: [ssecKeyMissing.id, ssecOtherKey.id],
    behaviour: { enforceCustomerKeyOnParts: false },
  },
  {
    name: 'ssec-key-md5-unchecked',
    description: 'an SSE-C key MD5 header that is not the MD5 of the key sent is not refused',
    family: FAMILY,
    catches: [ssecKeyMd5Mismatch.id],
    behaviour: { checkCustomerKeyMd5: false },
  },
  {
    name: 'ssec-on-plain-upload-accepted',
    description: 'a part carrying SSE-C headers is accepted on an upload initiated without SSE-C',
    family: FAMILY,
    catches: [ssecUnexpected.id],
    behaviour: { refuseUnexpectedCustomerKey: false },
  },
  {
    name: 'ssec-read-without-key',
    description: 'GET and HEAD of an SSE-C object succeed without the customer key',
    family: FAMILY,
    catches: [ssecReadWithoutKey.id],
    behaviour: { requireCustomerKeyToRead: false },
  },
] as const satisfies readonly MutantDef[];
