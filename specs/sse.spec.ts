/**
 * Family 10: server-side encryption (spec §2.1, §2.2, §2.5). An AES256 upload: Upload Part echoes it, and Complete
 * (sent only for the Complete check) echoes it.
 */
import { describe } from 'vitest';
import { completeEcho, uploadPartEcho } from '../src/checks/families/sse.ts';
import { completeList, nextUploadNo, partSpec, sendParts } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('sse');

/** An AES256 upload with one part (Upload Part's echo). */
const encrypted = once(async () => {
  const sse = s.profile.features.sse.value;
  const key = s.key('aes256');
  const init = await s.initiate(key, { [sse.header]: sse.value });
  const uploadId = init.data?.uploadId;
  if (!uploadId) return { key, initiate: init.exchange, uploadId, sent: undefined };
  const [sent] = await sendParts(s, key, uploadId, [
    { partNumber: 1, spec: partSpec(s.seedOf('sse.aes256'), nextUploadNo(), 1, 4_000) },
  ]);
  return { key, initiate: init.exchange, uploadId, sent };
});

/** The same upload completed (Complete's echo). */
const completed = once(async () => {
  const e = await encrypted();
  if (!e.uploadId || !e.sent) return undefined;
  return (await s.complete(e.key, e.uploadId, completeList([e.sent]))).exchange;
});

describe('sse', () => {
  checkTest(s, uploadPartEcho, async ({ env }) => {
    const e = await encrypted();
    return uploadPartEcho.judge({ initiate: e.initiate, answer: e.sent?.res.exchange }, env);
  });
  checkTest(s, completeEcho, async ({ env }) => {
    const e = await encrypted();
    return completeEcho.judge({ initiate: e.initiate, answer: await completed() }, env);
  });

  assertFamilyCovered(s);
});
