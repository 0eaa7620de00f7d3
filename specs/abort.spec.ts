/**
 * Family 9: Abort Multipart Upload (spec §2.6 [D7740]). Upload A on a fresh key, aborted (status-204), then
 * List Parts (parts-gone) and HEAD of the key (no-object), each only for its check. Upload L, listed with List
 * Multipart Uploads before and after its Abort (leaves-listing), so only that check needs List Multipart
 * Uploads. Upload B on a key that already holds an object: aborted, and the object read back.
 */
import { describe } from 'vitest';
import {
  existingUntouched,
  leavesListing,
  noObject,
  partsGone,
  status204,
} from '../src/checks/families/abort.ts';
import {
  listing,
  need,
  nextUploadNo,
  partSpec,
  readObject,
  ScenarioError,
  sendParts,
  startUpload,
  unlessMissing,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('abort');

async function uploadIdsUnder(prefix: string) {
  const answer = await suite.client.listMultipartUploads({ prefix });
  return {
    exchange: answer.exchange,
    ...(answer.data ? { uploadIds: answer.data.uploads.map((upload) => upload.uploadId) } : {}),
  };
}

/** A fresh upload with one part, and the Abort of it. */
async function abortFresh(name: string, between?: (key: string) => Promise<void>) {
  const seed = suite.seedOf(`abort.${name}`);
  const key = suite.key(name, 'object');
  const uploadId = await startUpload(suite, key);
  await sendParts(suite, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, nextUploadNo(), 1, 3_000) }]);
  await between?.(key);
  const abort = await suite.abort(key, uploadId);
  return { key, uploadId, abort };
}

const aborted = once(() => abortFresh('fresh'));

/** Upload A after an Abort that worked: what parts-gone and no-object look at. */
const abortedOk = once(async () => {
  const upload = await aborted();
  need('abortMultipartUpload', upload.abort);
  return upload;
});

const listed = once(async () => {
  let before: Awaited<ReturnType<typeof uploadIdsUnder>> | undefined;
  const upload = await abortFresh('listed', async (key) => {
    before = await uploadIdsUnder(key);
  });
  need('abortMultipartUpload', upload.abort);
  return { uploadId: upload.uploadId, before: before!, after: await uploadIdsUnder(upload.key) };
});

describe('abort', () => {
  checkTest(suite, status204, async () => ({
    abort: unlessMissing('abortMultipartUpload', (await aborted()).abort.exchange),
  }));
  checkTest(suite, leavesListing, listed);
  checkTest(suite, partsGone, async () => {
    const upload = await abortedOk();
    return { listing: await listing(suite, upload.key, upload.uploadId) };
  });
  checkTest(suite, noObject, async () => ({
    head: (await suite.client.headObject((await abortedOk()).key)).exchange,
  }));
  checkTest(suite, existingUntouched, async ({ seed }) => {
    const key = suite.key('existing', 'object');
    const uploadNo = nextUploadNo();
    const spec = partSpec(seed, uploadNo, 0, 5_000);
    const put = await suite.putObject(key, { spec });
    if ((put.status ?? 0) >= 300 || !put.status)
      throw new ScenarioError(`setup: Put Object answered ${put.status}`);
    const uploadId = await startUpload(suite, key);
    await sendParts(suite, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, uploadNo, 1, 7_000) }]);
    const abort = need('abortMultipartUpload', await suite.abort(key, uploadId));
    const read = await readObject(suite, key, spec.size);
    return { specs: [spec], read, abort: abort.exchange };
  });

  assertFamilyCovered(suite);
});
