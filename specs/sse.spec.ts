/**
 * Family 10: server-side encryption (spec §2.1, §2.2, §2.5). An AES256 upload: Upload Part echoes it, and Complete
 * (sent only for the Complete check) echoes it.
 */
import { describe } from 'vitest';
import { completeEcho, uploadPartEcho } from '../src/checks/families/sse.ts';
import { completeList, nextUploadNo, partSpec, sendParts } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('sse');

/** An AES256 upload with one part (Upload Part's echo). */
const encrypted = once(async () => {
  const sse = suite.profile.features.sse.value;
  const key = suite.key('aes256');
  const init = await suite.initiate(key, { [sse.header]: sse.value });
  const uploadId = init.data?.uploadId;
  if (!uploadId) return { key, initiate: init.exchange, uploadId, sent: undefined };
  const [sent] = await sendParts(suite, key, uploadId, [
    { partNumber: 1, spec: partSpec(suite.seedOf('sse.aes256'), nextUploadNo(), 1, 4_000) },
  ]);
  return { key, initiate: init.exchange, uploadId, sent };
});

/** The same upload completed (Complete's echo). */
const completed = once(async () => {
  const upload = await encrypted();
  if (!upload.uploadId || !upload.sent) return undefined;
  return (await suite.complete(upload.key, upload.uploadId, completeList([upload.sent]))).exchange;
});

describe('sse', () => {
  checkTest(suite, uploadPartEcho, async () => {
    const upload = await encrypted();
    return { initiate: upload.initiate, answer: upload.sent?.res.exchange };
  });
  checkTest(suite, completeEcho, async () => {
    const upload = await encrypted();
    return { initiate: upload.initiate, answer: await completed() };
  });

  assertFamilyCovered(suite);
});
