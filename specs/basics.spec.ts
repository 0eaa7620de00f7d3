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

const suite = useSuite('basics');
const SIZE = 5 * 1024 + 17;

const uploaded = once(async () => {
  const key = suite.key('plain');
  const uploadId = await startUpload(suite, key);
  const spec = partSpec(suite.seedOf('basics.scenario'), nextUploadNo(), 1, SIZE);
  const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }]);
  return { key, uploadId, sent };
});

/** The listing of the upload (before it is completed, when both run). */
const listed = once(async () => {
  const { key, uploadId } = await uploaded();
  return listing(suite, key, uploadId);
});

const completed = once(async () => {
  const { key, uploadId, sent } = await uploaded();
  const etag = sent.res.headers.etag;
  return etag ? await suite.complete(key, uploadId, [{ partNumber: 1, etag }]) : undefined;
});

/** The Upload Part answer of the shared upload. */
const upload = async () => (await uploaded()).sent.res.exchange;

/** What the List Parts checks look at: the Upload Part answer and the listing after it. */
const listedPart = async () => {
  const { sent } = await uploaded();
  return { upload: sent.res.exchange, partNumber: 1, listing: await listed(), size: SIZE };
};

describe('basics', () => {
  checkTest(suite, statusOk, async () => ({ upload: await upload() }));
  checkTest(suite, emptyBody, async () => ({ upload: await upload() }));
  checkTest(suite, etagMd5, async () => {
    const { sent } = await uploaded();
    return { upload: sent.res.exchange, md5Hex: sent.digest.md5Hex };
  });
  checkTest(suite, requestId, async () => ({ upload: await upload() }));
  checkTest(suite, crc64, async () => {
    const { sent } = await uploaded();
    return { upload: sent.res.exchange, crc64: sent.digest.crc64 };
  });
  checkTest(suite, listPartsEtag, listedPart);
  checkTest(suite, listPartsSize, listedPart);
  checkTest(suite, completeAcceptsEtag, async () => {
    const { sent } = await uploaded();
    const done = await completed();
    return { upload: sent.res.exchange, complete: done?.exchange, resultRead: done?.data !== undefined };
  });
  assertFamilyCovered(suite);
});
