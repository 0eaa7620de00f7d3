/**
 * Family 11: authentication (spec §6, §4.2). Upload Part signed with a wrong secret; then (for stores-nothing only)
 * a correctly signed listing.
 */
import { describe } from 'vitest';
import { wrongSignatureRefused, wrongSignatureStoresNothing } from '../src/checks/families/auth.ts';
import { listing, nextUploadNo, partSpec, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('auth');

const forged = once(async () => {
  const key = s.key('forged');
  const uploadId = await startUpload(s, key);
  // Same SecretId, another SecretKey: the signature is well-formed and wrong.
  const wrong = s.clientWith((t) => ({
    ...t,
    credentials: { ...t.credentials, secretKey: `${t.credentials.secretKey}-not-the-key` },
  }));
  const spec = partSpec(s.seedOf('auth.forged'), nextUploadNo(), 1, 2_000);
  const upload = await wrong.uploadPart(key, uploadId, 1, { spec });
  return { key, uploadId, upload: upload.exchange };
});

describe('auth', () => {
  checkTest(s, wrongSignatureRefused, async ({ env }) =>
    wrongSignatureRefused.judge({ upload: (await forged()).upload }, env),
  );
  checkTest(s, wrongSignatureStoresNothing, async ({ env }) => {
    const f = await forged();
    return wrongSignatureStoresNothing.judge(
      { upload: f.upload, listing: await listing(s, f.key, f.uploadId) },
      env,
    );
  });

  assertFamilyCovered(s);
});
