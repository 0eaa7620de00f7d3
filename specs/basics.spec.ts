/** Family 1: Upload Part basics (spec §2.2 [D7750]). One small single-part upload, listed and completed. */
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

const scenario = once(async () => {
  const key = s.key('plain');
  const uploadId = await startUpload(s, key);
  const spec = partSpec(s.seedOf('basics.scenario'), nextUploadNo(), 1, SIZE);
  const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec }]);
  const list = await listing(s, key, uploadId);
  const etag = sent.res.headers.etag;
  const done = etag ? await s.complete(key, uploadId, [{ partNumber: 1, etag }]) : undefined;
  return { sent, list, complete: done?.exchange, resultRead: done?.data !== undefined };
});

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
    const { sent, list } = await scenario();
    return listPartsEtag.judge({ upload: sent.res.exchange, partNumber: 1, listing: list, size: SIZE }, env);
  });
  checkTest(s, listPartsSize, async ({ env }) => {
    const { sent, list } = await scenario();
    return listPartsSize.judge({ upload: sent.res.exchange, partNumber: 1, listing: list, size: SIZE }, env);
  });
  checkTest(s, completeAcceptsEtag, async ({ env }) => {
    const { sent, complete, resultRead } = await scenario();
    return completeAcceptsEtag.judge({ upload: sent.res.exchange, complete, resultRead }, env);
  });
  assertFamilyCovered(s);
});
