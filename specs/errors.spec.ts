/**
 * Family `errors`: the error answers themselves (spec §4.1, §4.4). One upload and a fixed set of provoked errors of
 * Upload Part (unsigned, wrongly signed, partNumber 0, a wrong Content-MD5, an unknown upload id), List Parts, Complete
 * (a part never uploaded) and Abort (an unknown upload id); both checks judge every answer that is an error.
 */
import { describe } from 'vitest';
import { errorDocumentFields, errorRequestId } from '../src/checks/families/errors.ts';
import type { Exchange } from '../src/client/exchange.ts';
import { nextUploadNo, partSpec, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('errors');

/** Bytes of every part this file sends. */
const PART_BYTES = 1_000;

/** An upload id no server issued (any server answers NoSuchUpload for it). */
const UNKNOWN_UPLOAD_ID = 'cos-conformance-unknown-upload-id';

/** The MD5 of no bytes, as Content-MD5: wrong for any non-empty part. */
const EMPTY_MD5_BASE64 = '1B2M2Y8AsgTpgAmY7PhCfg==';

/** An ETag no part has. */
const UNKNOWN_ETAG = `"${'0'.repeat(32)}"`;

const provoked = once(async (): Promise<Exchange[]> => {
  const key = suite.key('provoked');
  const uploadId = await startUpload(suite, key);
  const upload = nextUploadNo();
  const body = (part: number) => ({
    spec: partSpec(suite.seedOf('errors.provoked'), upload, part, PART_BYTES),
  });
  const wrongSecret = suite.clientWith((target) => ({
    ...target,
    credentials: { ...target.credentials, secretKey: `${target.credentials.secretKey}-not-the-key` },
  }));
  const answers = [
    await suite.client.uploadPart(key, uploadId, 1, body(1), { signing: { skip: true } }),
    await wrongSecret.uploadPart(key, uploadId, 2, body(2)),
    await suite.client.uploadPart(key, uploadId, '0', body(3)),
    await suite.client.uploadPart(key, uploadId, 4, body(4), { contentMd5: EMPTY_MD5_BASE64 }),
    await suite.client.uploadPart(key, UNKNOWN_UPLOAD_ID, 5, body(5)),
    await suite.client.listParts(key, UNKNOWN_UPLOAD_ID),
    await suite.complete(key, uploadId, [{ partNumber: 1, etag: UNKNOWN_ETAG }]),
    await suite.abort(key, UNKNOWN_UPLOAD_ID),
  ];
  return answers.map((answer) => answer.exchange);
});

describe('errors', () => {
  checkTest(suite, errorRequestId, async () => ({ exchanges: await provoked() }));
  checkTest(suite, errorDocumentFields, async () => ({ exchanges: await provoked() }));

  assertFamilyCovered(suite);
});
