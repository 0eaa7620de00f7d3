/**
 * Family 11: authentication (spec §6, §4.2). Upload Part signed with a wrong secret; then (for stores-nothing only)
 * a correctly signed listing.
 */
import { describe } from 'vitest';
import { wrongSignatureRefused, wrongSignatureStoresNothing } from '../src/checks/families/auth.ts';
import { listing, nextUploadNo, partSpec, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('auth');

const forged = once(async () => {
  const key = suite.key('forged');
  const uploadId = await startUpload(suite, key);
  // Same SecretId, another SecretKey: the signature is well-formed and wrong.
  const wrong = suite.clientWith((target) => ({
    ...target,
    credentials: { ...target.credentials, secretKey: `${target.credentials.secretKey}-not-the-key` },
  }));
  const spec = partSpec(suite.seedOf('auth.forged'), nextUploadNo(), 1, 2_000);
  const upload = await wrong.uploadPart(key, uploadId, 1, { spec });
  return { key, uploadId, upload: upload.exchange };
});

describe('auth', () => {
  checkTest(suite, wrongSignatureRefused, async () => ({ upload: (await forged()).upload }));
  checkTest(suite, wrongSignatureStoresNothing, async () => {
    const { key, uploadId, upload } = await forged();
    return { upload, listing: await listing(suite, key, uploadId) };
  });

  assertFamilyCovered(suite);
});
