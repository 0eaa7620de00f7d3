/**
 * Family 10, server-side encryption (spec §2.1 [D7746], §2.2 [D7750], §2.5 [D7742]): an upload initiated with
 * `x-cos-server-side-encryption: AES256` gets the header echoed on Upload Part (and on Complete).
 */
import type { Exchange } from '../../client/exchange.ts';
import { type Check, defineCheck } from '../kit/define.ts';
import { describeAnswer, header, isSuccess } from '../kit/describe.ts';
import { judgeAnswer, transportResult } from '../kit/response.ts';

const FAMILY = 'sse';

/** An SSE-initiated upload and one later answer that must echo the header. */
export interface SseEcho {
  initiate: Exchange | undefined;
  answer: Exchange | undefined;
}

function echoCheck(op: 'upload-part' | 'complete', title: string, specRef: string): Check<SseEcho> {
  return defineCheck<SseEcho>(
    {
      id: `sse.${op}.echo`,
      title,
      family: FAMILY,
      severity: 'must',
      specRef,
      tags: ['sse', op, 'initiate', 'headers'],
    },
    (i, kit) => {
      const sse = kit.profile.features.sse.value;
      const exchanges = [i.initiate, i.answer];
      const t = transportResult(kit, i.initiate, 'Initiate with SSE');
      if (t) return t;
      if (!isSuccess(i.initiate)) {
        const msg = `Initiate with ${sse.header}: ${sse.value} answered ${describeAnswer(i.initiate)}`;
        return sse.support === 'optional'
          ? kit.skip(`${msg}; SSE is optional under profile ${kit.profile.name}`, { exchanges })
          : kit.fail(msg, { exchanges });
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
  'Upload Part of an AES256 upload echoes the server-side-encryption header',
  'spec §2.2 [D7750] (SSE headers echoed)',
);
export const completeEcho = echoCheck(
  'complete',
  'Complete of an AES256 upload echoes the server-side-encryption header',
  'spec §2.5 [D7742] (SSE response headers)',
);

export const SSE_CHECKS = [uploadPartEcho, completeEcho] as const;
