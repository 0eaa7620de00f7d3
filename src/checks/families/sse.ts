/**
 * Family 10, server-side encryption (spec §2.1 [D7746], §2.2 [D7750], §2.5 [D7742]): an upload initiated with
 * `x-cos-server-side-encryption: AES256` gets the header echoed on Upload Part (and on Complete). Where SSE is
 * optional (s3 profile) an Initiate refused as unsupported skips the checks; any other refusal is no verdict.
 */
import type { Exchange } from '../../client/exchange.ts';
import { type Check, defineCheck } from '../kit/define.ts';
import { describeAnswer, header, isSuccess } from '../kit/describe.ts';
import { judgeAnswer, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import { accepted, doc, expect } from '../../profiles/evidence.ts';
import { S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'sse';

/** An SSE-initiated upload and one later answer that must echo the header. */
export interface SseEcho {
  initiate: Exchange | undefined;
  answer: Exchange | undefined;
}

/** Codes that refuse an unsupported encryption algorithm (AWS S3 error codes: InvalidEncryptionAlgorithmError). */
const SSE_UNSUPPORTED_CODES: ReadonlySet<string> = new Set(['InvalidEncryptionAlgorithmError']);

/** An error message about encryption (`Server Side Encryption … not supported`, `… KMS is not configured`). */
const SSE_MESSAGE = /encrypt|server[- ]side|\bSSE\b|\bKMS\b/i;

/**
 * Whether a refused Initiate says the endpoint does not support SSE, so that skipping is right where SSE is
 * optional: a `501` (NotImplemented, spec §4.2), or a `400` whose code is {@link SSE_UNSUPPORTED_CODES} or whose
 * `<Message>` names encryption. Anything else (403, 404, another 400, a 5xx) is no such statement.
 */
export function saysSseUnsupported(ex: Exchange): boolean {
  const r = ex.response;
  if (!r) return false;
  if (r.status === 501) return true;
  if (r.status !== 400 || !r.error) return false;
  return SSE_UNSUPPORTED_CODES.has(r.error.code ?? '') || SSE_MESSAGE.test(r.error.message ?? '');
}

function echoCheck<const O extends 'upload-part' | 'complete'>(
  op: O,
  title: string,
  specRef: string,
): Check<SseEcho, `sse.${O}.echo`> {
  return defineCheck(
    {
      id: `sse.${op}.echo`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef,
      tags: ['sse', op, 'initiate', 'headers'],
    },
    (i: SseEcho, kit) => {
      const sse = kit.profile.features.sse.value;
      const exchanges = [i.initiate, i.answer];
      const t = transportResult(kit, i.initiate, 'Initiate with SSE');
      if (t) return t;
      if (!isSuccess(i.initiate) || i.initiate!.response!.error) {
        const msg = `Initiate with ${sse.header}: ${sse.value} answered ${describeAnswer(i.initiate)}`;
        if (sse.support === 'optional' && saysSseUnsupported(i.initiate!)) {
          return kit.skip(`${msg}; SSE is optional under profile ${kit.profile.name}`, { exchanges });
        }
        if ((i.initiate!.response!.status ?? 0) >= 500) {
          return kit.result(
            serverErrorOutcome(i.initiate!),
            `${msg}, a server error, not an answer about SSE`,
            {
              exchanges,
            },
          );
        }
        if (sse.support === 'optional') {
          return kit.error(`${msg}, a refusal that does not say SSE is unsupported`, { exchanges });
        }
        return kit.fail(msg, { exchanges });
      }
      const v = judgeAnswer(kit, i.answer, op === 'upload-part' ? 'Upload Part' : 'Complete', [i.initiate]);
      if (v.outcome !== 'pass') return v;
      const got = header(i.answer, sse.header);
      return got === sse.value
        ? kit.pass(`${sse.header}: ${got} echoed`, { variantSeen: 'echoed', exchanges })
        : kit.fail(`${sse.header} is ${got === undefined ? 'absent' : JSON.stringify(got)}`, {
            expected: sse.value,
            observed: got ?? '(absent)',
            exchanges,
          });
    },
  );
}

export const uploadPartEcho = echoCheck(
  'upload-part',
  'Server-side-encryption header of an Upload Part of an AES256 upload',
  'spec §2.2 [D7750] (SSE headers echoed)',
);
export const completeEcho = echoCheck(
  'complete',
  'Server-side-encryption header of the Complete of an AES256 upload',
  'spec §2.5 [D7742] (SSE response headers)',
);

export const SSE_CHECKS = [uploadPartEcho, completeEcho] as const;

/** What each profile allows (docs/spec.md §2.1, §2.2, §2.5; AWS UploadPart and CompleteMultipartUpload). */
export const SSE_EXPECTATIONS = {
  cos: {
    'sse.upload-part.echo': expect([
      accepted('echoed', [200], doc('spec §2.2 [D7750]', 'SSE headers echoed')),
    ]),
    'sse.complete.echo': expect([
      accepted('echoed', [200], doc('spec §2.5 [D7742]', 'SSE response headers')),
    ]),
  },
  s3: {
    'sse.upload-part.echo': expect([accepted('echoed', [200], S3_DOCS.uploadPart)]),
    'sse.complete.echo': expect([accepted('echoed', [200], S3_DOCS.complete)]),
  },
} satisfies FamilyExpectations<typeof SSE_CHECKS>;

/** Servers that break the family's rules. */
export const SSE_MUTANTS = [
  {
    name: 'sse-header-dropped',
    description: 'Upload Part and Complete of an AES256 upload do not echo x-cos-server-side-encryption',
    family: FAMILY,
    catches: [uploadPartEcho.id, completeEcho.id],
    behaviour: { echoServerSideEncryption: false },
  },
] as const satisfies readonly MutantDef[];
