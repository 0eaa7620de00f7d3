/** Family 10: server-side encryption (spec §2.1, §2.2, §2.5). An AES256 upload: Upload Part and Complete echo it. */
import { describe } from 'vitest';
import { completeEcho, uploadPartEcho } from '../src/checks/families/sse.ts';
import { completeList, nextUploadNo, partSpec, sendParts } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('sse');

const encrypted = once(async () => {
  const sse = s.profile.features.sse.value;
  const key = s.key('aes256');
  const init = await s.initiate(key, { [sse.header]: sse.value });
  const uploadId = init.data?.uploadId;
  if (!uploadId) return { initiate: init.exchange, upload: undefined, complete: undefined };
  const [sent] = await sendParts(s, key, uploadId, [
    { partNumber: 1, spec: partSpec(s.seedOf('sse.aes256'), nextUploadNo(), 1, 4_000) },
  ]);
  const complete = await s.complete(key, uploadId, completeList([sent]));
  return { initiate: init.exchange, upload: sent.res.exchange, complete: complete.exchange };
});

describe('sse', () => {
  checkTest(s, uploadPartEcho, async ({ env }) => {
    const e = await encrypted();
    return uploadPartEcho.judge({ initiate: e.initiate, answer: e.upload }, env);
  });
  checkTest(s, completeEcho, async ({ env }) => {
    const e = await encrypted();
    return completeEcho.judge({ initiate: e.initiate, answer: e.complete }, env);
  });

  assertFamilyCovered(s);
});
