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

const s = useSuite('abort');

async function uploadIdsUnder(prefix: string) {
  const r = await s.client.listMultipartUploads({ prefix });
  return { exchange: r.exchange, ...(r.data ? { uploadIds: r.data.uploads.map((u) => u.uploadId) } : {}) };
}

/** A fresh upload with one part, and the Abort of it. */
async function abortFresh(name: string, between?: (key: string) => Promise<void>) {
  const seed = s.seedOf(`abort.${name}`);
  const key = s.key(name, 'object');
  const uploadId = await startUpload(s, key);
  await sendParts(s, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, nextUploadNo(), 1, 3_000) }]);
  await between?.(key);
  const abort = await s.abort(key, uploadId);
  return { key, uploadId, abort };
}

const aborted = once(() => abortFresh('fresh'));

/** Upload A after an Abort that worked: what parts-gone and no-object look at. */
const abortedOk = once(async () => {
  const a = await aborted();
  need('abortMultipartUpload', a.abort);
  return a;
});

const listed = once(async () => {
  let before: Awaited<ReturnType<typeof uploadIdsUnder>> | undefined;
  const a = await abortFresh('listed', async (key) => {
    before = await uploadIdsUnder(key);
  });
  need('abortMultipartUpload', a.abort);
  return { uploadId: a.uploadId, before: before!, after: await uploadIdsUnder(a.key) };
});

describe('abort', () => {
  checkTest(s, status204, async ({ env }) =>
    status204.judge({ abort: unlessMissing('abortMultipartUpload', (await aborted()).abort.exchange) }, env),
  );
  checkTest(s, leavesListing, async ({ env }) => leavesListing.judge(await listed(), env));
  checkTest(s, partsGone, async ({ env }) => {
    const a = await abortedOk();
    return partsGone.judge({ listing: await listing(s, a.key, a.uploadId) }, env);
  });
  checkTest(s, noObject, async ({ env }) =>
    noObject.judge({ head: (await s.client.headObject((await abortedOk()).key)).exchange }, env),
  );
  checkTest(s, existingUntouched, async ({ seed, env }) => {
    const key = s.key('existing', 'object');
    const u = nextUploadNo();
    const spec = partSpec(seed, u, 0, 5_000);
    const put = await s.putObject(key, { spec });
    if ((put.status ?? 0) >= 300 || !put.status)
      throw new ScenarioError(`setup: Put Object answered ${put.status}`);
    const uploadId = await startUpload(s, key);
    await sendParts(s, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, u, 1, 7_000) }]);
    const abort = need('abortMultipartUpload', await s.abort(key, uploadId));
    const read = await readObject(s, key, spec.size);
    return existingUntouched.judge({ specs: [spec], read, abort: abort.exchange }, env);
  });

  assertFamilyCovered(s);
});
