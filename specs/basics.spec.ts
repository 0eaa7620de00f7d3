/**
 * Family 1: Upload Part basics (spec §2.2 [D7750]). One small single-part upload, then listed (only for the
 * List Parts checks) and completed (only for the Complete check): an endpoint without List Parts still has the
 * Upload Part answer judged.
 */
import { describe } from 'vitest';
import {
  completeAcceptsEtag,
  crc64,
  emptyBody,
  etagMd5,
  listPartsEtag,
  listPartsSize,
  requestId,
  statusOk,
} from '../src/checks/families/basics.ts';
import { listing, nextUploadNo, partSpec, sendParts, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('basics');
const SIZE = 5 * 1024 + 17;

const uploaded = once(async () => {
  const key = s.key('plain');
  const uploadId = await startUpload(s, key);
  const spec = partSpec(s.seedOf('basics.scenario'), nextUploadNo(), 1, SIZE);
  const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec }]);
  return { key, uploadId, sent };
});

/** The listing of the upload (before it is completed, when both run). */
const listed = once(async () => {
  const { key, uploadId } = await uploaded();
  return listing(s, key, uploadId);
});

const completed = once(async () => {
  const { key, uploadId, sent } = await uploaded();
  const etag = sent.res.headers.etag;
  return etag ? await s.complete(key, uploadId, [{ partNumber: 1, etag }]) : undefined;
});

const scenario = async () => ({ sent: (await uploaded()).sent });

describe('basics', () => {
  checkTest(s, statusOk, async ({ env }) =>
    statusOk.judge({ upload: (await scenario()).sent.res.exchange }, env),
  );
  checkTest(s, emptyBody, async ({ env }) =>
    emptyBody.judge({ upload: (await scenario()).sent.res.exchange }, env),
  );
  checkTest(s, etagMd5, async ({ env }) => {
    const { sent } = await scenario();
    return etagMd5.judge({ upload: sent.res.exchange, md5Hex: sent.digest.md5Hex }, env);
  });
  checkTest(s, requestId, async ({ env }) =>
    requestId.judge({ upload: (await scenario()).sent.res.exchange }, env),
  );
  checkTest(s, crc64, async ({ env }) => {
    const { sent } = await scenario();
    return crc64.judge({ upload: sent.res.exchange, crc64: sent.digest.crc64 }, env);
  });
  checkTest(s, listPartsEtag, async ({ env }) => {
    const { sent } = await scenario();
    const list = await listed();
    return listPartsEtag.judge({ upload: sent.res.exchange, partNumber: 1, listing: list, size: SIZE }, env);
  });
  checkTest(s, listPartsSize, async ({ env }) => {
    const { sent } = await scenario();
    const list = await listed();
    return listPartsSize.judge({ upload: sent.res.exchange, partNumber: 1, listing: list, size: SIZE }, env);
  });
  checkTest(s, completeAcceptsEtag, async ({ env }) => {
    const { sent } = await scenario();
    const done = await completed();
    return completeAcceptsEtag.judge(
      { upload: sent.res.exchange, complete: done?.exchange, resultRead: done?.data !== undefined },
      env,
    );
  });
  assertFamilyCovered(s);
});
