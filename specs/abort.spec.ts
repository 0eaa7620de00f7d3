/**
 * Family 9: Abort Multipart Upload (spec §2.6 [D7740]). Upload A on a fresh key: listed, aborted, then List
 * Multipart Uploads, List Parts and HEAD of the key. Upload B on a key that already holds an object: aborted,
 * and the object read back.
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
  nextUploadNo,
  partSpec,
  readObject,
  ScenarioError,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('abort');

async function uploadIdsUnder(prefix: string) {
  const r = await s.client.listMultipartUploads({ prefix });
  return { exchange: r.exchange, ...(r.data ? { uploadIds: r.data.uploads.map((u) => u.uploadId) } : {}) };
}

const aborted = once(async () => {
  const seed = s.seedOf('abort.fresh');
  const key = s.key('fresh', 'object');
  const uploadId = await startUpload(s, key);
  await sendParts(s, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, nextUploadNo(), 1, 3_000) }]);
  const before = await uploadIdsUnder(key);
  const abort = await s.abort(key, uploadId);
  const after = await uploadIdsUnder(key);
  const parts = await listing(s, key, uploadId);
  const head = await s.client.headObject(key);
  return { uploadId, before, abort, after, parts, head };
});

describe('abort', () => {
  checkTest(s, status204, async ({ env }) =>
    status204.judge({ abort: (await aborted()).abort.exchange }, env),
  );
  checkTest(s, leavesListing, async ({ env }) => {
    const a = await aborted();
    return leavesListing.judge({ uploadId: a.uploadId, before: a.before, after: a.after }, env);
  });
  checkTest(s, partsGone, async ({ env }) => partsGone.judge({ listing: (await aborted()).parts }, env));
  checkTest(s, noObject, async ({ env }) => noObject.judge({ head: (await aborted()).head.exchange }, env));
  checkTest(s, existingUntouched, async ({ seed, env }) => {
    const key = s.key('existing', 'object');
    const u = nextUploadNo();
    const spec = partSpec(seed, u, 0, 5_000);
    const put = await s.putObject(key, { spec });
    if ((put.status ?? 0) >= 300 || !put.status)
      throw new ScenarioError(`setup: Put Object answered ${put.status}`);
    const uploadId = await startUpload(s, key);
    await sendParts(s, key, uploadId, [{ partNumber: 1, spec: partSpec(seed, u, 1, 7_000) }]);
    const abort = await s.abort(key, uploadId);
    const read = await readObject(s, key, spec.size);
    return existingUntouched.judge({ specs: [spec], read, abort: abort.exchange }, env);
  });

  assertFamilyCovered(s);
});
