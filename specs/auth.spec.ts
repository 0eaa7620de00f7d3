/**
 * Family 11: authentication (spec §6, §4.2). Refusals: Upload Parts signed with a wrong secret, with none, with an
 * unknown SecretId, with a signature whose time window ended, with another partNumber than the one signed, and with
 * a temporary key without its token or with another token; then (for the stores-nothing checks only) a correctly
 * signed listing. Acceptances: a COS signature leaving partNumber unsigned, a presigned Upload Part (then List Parts),
 * and the temporary key with its token in a header and in a presigned URL.
 */
import { describe } from 'vitest';
import { digestOf } from '../src/body/part-body.ts';
import {
  anonymousRefused,
  expiredSignatureRefused,
  partialParamsAccepted,
  presignedStored,
  refusalsStoreNothing,
  tamperedParamsRefused,
  tamperedUploadIdRefused,
  temporaryTokenHeader,
  temporaryTokenMissingRefused,
  temporaryTokenQuery,
  temporaryTokenWrongRefused,
  unknownKeyRefused,
  wrongSignatureRefused,
  wrongSignatureStoresNothing,
} from '../src/checks/families/auth.ts';
import type { CosClient } from '../src/client/cos-client.ts';
import type { Exchange } from '../src/client/exchange.ts';
import type { SigningOptions } from '../src/client/prepare.ts';
import type { Credentials } from '../src/target/types.ts';
import { listing, nextUploadNo, partSpec, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('auth');

/** Bytes of every part this file sends: the rules are about the signature, not the size. */
const PART_BYTES = 1_000;

/** A SecretId no endpoint issued (the AKID prefix and length of a COS key). */
const UNKNOWN_SECRET_ID = 'AKIDCOSCONFORMANCEUNKNOWNKEY000000';

/** Two hours ago: past a COS q-sign-time of 15 minutes (spec §6.3) and the 15-minute SigV4 skew (spec §6.5). */
const EXPIRED_CLOCK_SHIFT_SEC = 2 * 60 * 60;

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

/** A client of the same target signing with `credentials`. */
function clientAs(credentials: Credentials): CosClient {
  return suite.clientWith((target) => ({ ...target, credentials }));
}

/** The target's temporary key, if configured (spec §6.6). */
function temporaryCredentials(): Credentials | undefined {
  return suite.ctx.target.temporaryCredentials;
}

/**
 * Every refused request on one upload, each with its own part number, so that a listing of that upload after them
 * must be empty: 1 unsigned, 2 unknown SecretId, 3 expired, 5 sent where 4 was signed, 6 and 7 a temporary key
 * without its token and with another one (when the target has a temporary key), 8 sent to this upload but signed for
 * another upload of the same key.
 */
const refusals = once(async () => {
  const key = suite.key('refused');
  const uploadId = await startUpload(suite, key);
  const upload = nextUploadNo();
  const seed = suite.seedOf('auth.refused');
  const send = async (client: CosClient, partNumber: number, signing?: SigningOptions): Promise<Exchange> =>
    (
      await client.uploadPart(
        key,
        uploadId,
        partNumber,
        { spec: partSpec(seed, upload, partNumber, PART_BYTES) },
        signing ? { signing } : {},
      )
    ).exchange;
  const { secretKey } = suite.ctx.target.credentials;
  const anonymous = await send(suite.client, 1, { skip: true });
  const unknownKey = await send(clientAs({ secretId: UNKNOWN_SECRET_ID, secretKey }), 2);
  const expired = await send(suite.client, 3, {
    nowSec: Math.floor(Date.now() / 1000) - EXPIRED_CLOCK_SHIFT_SEC,
  });
  const tampered = await send(suite.client, 5, {
    signedQuery: [
      ['partNumber', '4'],
      ['uploadId', uploadId],
    ],
  });
  const otherUploadId = await startUpload(suite, key);
  const tamperedUploadId = await send(suite.client, 8, {
    signedQuery: [
      ['partNumber', '8'],
      ['uploadId', otherUploadId],
    ],
  });
  const temporary = temporaryCredentials();
  const tokenMissing = temporary
    ? await send(clientAs({ secretId: temporary.secretId, secretKey: temporary.secretKey }), 6)
    : undefined;
  const tokenWrong = temporary
    ? await send(clientAs({ ...temporary, securityToken: `${temporary.securityToken}-not-the-token` }), 7)
    : undefined;
  return {
    key,
    uploadId,
    anonymous,
    unknownKey,
    expired,
    tampered,
    tamperedUploadId,
    tokenMissing,
    tokenWrong,
  };
});

/** One part of a fresh upload, sent by `client` with `signing`. */
async function acceptedUpload(
  name: string,
  client: CosClient,
  signing: SigningOptions,
): Promise<{ key: string; uploadId: string; upload: Exchange; md5Hex: string }> {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const spec = partSpec(suite.seedOf(`auth.${name}`), nextUploadNo(), 1, PART_BYTES);
  const [digest, answer] = await Promise.all([
    digestOf(spec),
    client.uploadPart(key, uploadId, 1, { spec }, { signing }),
  ]);
  return { key, uploadId, upload: answer.exchange, md5Hex: digest.md5Hex };
}

describe('auth', () => {
  checkTest(suite, wrongSignatureRefused, async () => ({ upload: (await forged()).upload }));
  checkTest(suite, wrongSignatureStoresNothing, async () => {
    const { key, uploadId, upload } = await forged();
    return { upload, listing: await listing(suite, key, uploadId) };
  });

  checkTest(suite, anonymousRefused, async () => ({ upload: (await refusals()).anonymous }));
  checkTest(suite, unknownKeyRefused, async () => ({ upload: (await refusals()).unknownKey }));
  checkTest(suite, expiredSignatureRefused, async () => ({ upload: (await refusals()).expired }));
  checkTest(suite, tamperedParamsRefused, async () => ({ upload: (await refusals()).tampered }));
  checkTest(suite, tamperedUploadIdRefused, async () => ({ upload: (await refusals()).tamperedUploadId }));
  checkTest(suite, temporaryTokenMissingRefused, async () => ({
    upload: (await refusals()).tokenMissing,
    configured: temporaryCredentials() !== undefined,
  }));
  checkTest(suite, temporaryTokenWrongRefused, async () => ({
    upload: (await refusals()).tokenWrong,
    configured: temporaryCredentials() !== undefined,
  }));
  checkTest(suite, refusalsStoreNothing, async () => {
    const attempts = await refusals();
    const refused = [
      attempts.anonymous,
      attempts.unknownKey,
      attempts.expired,
      attempts.tampered,
      attempts.tamperedUploadId,
      attempts.tokenMissing,
      attempts.tokenWrong,
    ];
    return { refused, listing: await listing(suite, attempts.key, attempts.uploadId) };
  });

  checkTest(suite, partialParamsAccepted, async () => ({
    upload: (await acceptedUpload('partial', suite.client, { unsignedParams: ['partNumber'] })).upload,
    signer: suite.ctx.target.signer,
  }));

  checkTest(suite, presignedStored, async () => {
    const sent = await acceptedUpload('presigned', suite.client, { inQuery: true });
    return {
      upload: sent.upload,
      md5Hex: sent.md5Hex,
      partNumber: 1,
      listing: await listing(suite, sent.key, sent.uploadId),
    };
  });

  checkTest(suite, temporaryTokenHeader, async () => {
    const temporary = temporaryCredentials();
    if (!temporary) return { upload: undefined, configured: false };
    return {
      upload: (await acceptedUpload('temporary-header', clientAs(temporary), {})).upload,
      configured: true,
    };
  });
  checkTest(suite, temporaryTokenQuery, async () => {
    const temporary = temporaryCredentials();
    if (!temporary) return { upload: undefined, configured: false };
    const sent = await acceptedUpload('temporary-query', clientAs(temporary), { inQuery: true });
    return { upload: sent.upload, configured: true };
  });

  assertFamilyCovered(suite);
});
