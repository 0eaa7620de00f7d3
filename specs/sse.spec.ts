/**
 * Family 10: server-side encryption (spec §2.1, §2.2, §2.5, §5.4). Four uploads, each started only when a check
 * of it runs:
 * - AES256: Initiate, one part, Complete, HEAD of the object (each echoes the header);
 * - SSE-KMS: Initiate with the KMS value, a key id and a context, one part (both echo the value and key id);
 * - SSE-C with key A: Initiate, a part with key A (echoed as algorithm and key MD5), parts without a key, with
 *   key B and with key A but B's MD5 (each refused), Complete, HEAD with the key, GET without it (refused);
 * - plain: Initiate without encryption, a part carrying key A (refused).
 * Parts are 4000 bytes (the only part of an upload may be small). Uploads left open are aborted at teardown.
 */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import {
  completeEcho,
  headObjectEcho,
  headObjectSsecEcho,
  initiateEcho,
  initiateKmsEcho,
  initiateSsecEcho,
  ssecKeyMd5Mismatch,
  ssecKeyMissing,
  ssecOtherKey,
  ssecReadWithoutKey,
  ssecUnexpected,
  uploadPartEcho,
  uploadPartKmsEcho,
  uploadPartSsecEcho,
} from '../src/checks/families/sse.ts';
import type { Exchange } from '../src/client/exchange.ts';
import { customerKeyHeaders, customerKeyMd5, SSE_C_ALGORITHM, sseDialectOf } from '../src/spec/sse.ts';
import { completeList, nextUploadNo, partSpec, sendParts } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, type Suite, useSuite } from './support/suite.ts';

const suite = useSuite('sse');
const PART_BYTES = 4_000;

/** The KMS key id and context sent (the context is base64 JSON, spec §5.4). */
const KMS_KEY_ID = 'cos-conformance-test-key';
const KMS_CONTEXT = Buffer.from(JSON.stringify({ purpose: 'cos-conformance' })).toString('base64');

/** A 32-byte customer key derived from the run seed, so that a replay sends the same keys. */
function customerKey(name: string): Buffer {
  return createHash('sha256')
    .update(`sse-c/${suite.seedOf(`sse.key.${name}`)}`)
    .digest();
}

const dialect = () => sseDialectOf(suite.profile.features.sse.value.header);

/** An upload initiated with `headers` and its part 1 sent with `partHeaders`. */
async function uploadOne(
  s: Suite,
  name: string,
  headers: Record<string, string>,
  partHeaders: Record<string, string> = {},
) {
  const key = s.key(name);
  const init = await s.initiate(key, headers);
  const uploadId = init.data?.uploadId;
  if (!uploadId) return { key, initiate: init.exchange, uploadId, sent: undefined };
  const [sent] = await sendParts(
    s,
    key,
    uploadId,
    [{ partNumber: 1, spec: partSpec(s.seedOf(`sse.${name}`), nextUploadNo(), 1, PART_BYTES) }],
    { options: { headers: partHeaders } },
  );
  return { key, initiate: init.exchange, uploadId, sent };
}

/** Part 2 of an upload with the given headers: the answer, or undefined when the upload did not start. */
async function otherPart(
  upload: { key: string; uploadId: string | undefined },
  headers: Record<string, string>,
  name: string,
): Promise<Exchange | undefined> {
  if (!upload.uploadId) return undefined;
  const spec = partSpec(suite.seedOf(`sse.${name}`), nextUploadNo(), 2, PART_BYTES);
  return (await suite.client.uploadPart(upload.key, upload.uploadId, 2, { spec }, { headers })).exchange;
}

// --- AES256 ---

const aes256 = once(async () => {
  const sse = suite.profile.features.sse.value;
  return uploadOne(suite, 'aes256', { [sse.header]: sse.value });
});

/** The AES256 upload completed, and a HEAD of the object. */
const aes256Completed = once(async () => {
  const upload = await aes256();
  if (!upload.uploadId || !upload.sent) return { complete: undefined, head: undefined };
  const complete = (await suite.complete(upload.key, upload.uploadId, completeList([upload.sent]))).exchange;
  const head = (await suite.client.headObject(upload.key)).exchange;
  return { complete, head };
});

// --- SSE-KMS ---

const kms = once(async () => {
  const d = dialect();
  return uploadOne(suite, 'kms', {
    [d.header]: d.kmsValue,
    [d.kmsKeyId]: KMS_KEY_ID,
    [d.context]: KMS_CONTEXT,
  });
});

const kmsExpected = () => {
  const d = dialect();
  return { [d.header]: d.kmsValue, [d.kmsKeyId]: KMS_KEY_ID };
};

// --- SSE-C ---

const keyA = once(async () => customerKey('a'));
const keyB = once(async () => customerKey('b'));

const ssec = once(async () => {
  const trio = customerKeyHeaders(dialect(), await keyA());
  return uploadOne(suite, 'ssec', trio, trio);
});

const ssecExpected = async () => {
  const d = dialect();
  return { [d.customerAlgorithm]: SSE_C_ALGORITHM, [d.customerKeyMd5]: customerKeyMd5(await keyA()) };
};

/** The SSE-C upload completed with its part 1; HEAD with the key and GET without it. */
const ssecCompleted = once(async () => {
  const upload = await ssec();
  if (!upload.uploadId || !upload.sent) return { complete: undefined };
  return {
    complete: (await suite.complete(upload.key, upload.uploadId, completeList([upload.sent]))).exchange,
  };
});

/** A part of the SSE-C upload with the trio of key A, except that the key MD5 is key B's. */
async function md5OfOtherKey(): Promise<Record<string, string>> {
  const d = dialect();
  return { ...customerKeyHeaders(d, await keyA()), [d.customerKeyMd5]: customerKeyMd5(await keyB()) };
}

const plain = once(async () => uploadOne(suite, 'plain', {}, customerKeyHeaders(dialect(), await keyA())));

describe('sse', () => {
  checkTest(suite, initiateEcho, async () => {
    const upload = await aes256();
    return { initiate: upload.initiate, answer: upload.initiate };
  });
  checkTest(suite, uploadPartEcho, async () => {
    const upload = await aes256();
    return { initiate: upload.initiate, answer: upload.sent?.res.exchange };
  });
  checkTest(suite, completeEcho, async () => {
    const upload = await aes256();
    const { complete } = await aes256Completed();
    return { initiate: upload.initiate, steps: [upload.sent?.res.exchange], answer: complete };
  });
  checkTest(suite, headObjectEcho, async () => {
    const upload = await aes256();
    const { complete, head } = await aes256Completed();
    return { initiate: upload.initiate, steps: [upload.sent?.res.exchange, complete], answer: head };
  });

  checkTest(suite, initiateKmsEcho, async () => {
    const upload = await kms();
    return { initiate: upload.initiate, answer: upload.initiate, expect: kmsExpected() };
  });
  checkTest(suite, uploadPartKmsEcho, async () => {
    const upload = await kms();
    return { initiate: upload.initiate, answer: upload.sent?.res.exchange, expect: kmsExpected() };
  });

  checkTest(suite, initiateSsecEcho, async () => {
    const upload = await ssec();
    return { initiate: upload.initiate, answer: upload.initiate, expect: await ssecExpected() };
  });
  checkTest(suite, uploadPartSsecEcho, async () => {
    const upload = await ssec();
    return { initiate: upload.initiate, answer: upload.sent?.res.exchange, expect: await ssecExpected() };
  });
  checkTest(suite, ssecKeyMissing, async () => {
    const upload = await ssec();
    return { initiate: upload.initiate, answer: await otherPart(upload, {}, 'ssec-none') };
  });
  checkTest(suite, ssecOtherKey, async () => {
    const upload = await ssec();
    const other = customerKeyHeaders(dialect(), await keyB());
    return { initiate: upload.initiate, answer: await otherPart(upload, other, 'ssec-other') };
  });
  checkTest(suite, ssecKeyMd5Mismatch, async () => {
    const upload = await ssec();
    return { initiate: upload.initiate, answer: await otherPart(upload, await md5OfOtherKey(), 'ssec-md5') };
  });
  checkTest(suite, headObjectSsecEcho, async () => {
    const upload = await ssec();
    const { complete } = await ssecCompleted();
    const trio = customerKeyHeaders(dialect(), await keyA());
    const head = complete
      ? (await suite.client.headObject(upload.key, { headers: trio })).exchange
      : undefined;
    return {
      initiate: upload.initiate,
      steps: [upload.sent?.res.exchange, complete],
      answer: head,
      expect: await ssecExpected(),
    };
  });
  checkTest(suite, ssecReadWithoutKey, async () => {
    const upload = await ssec();
    const { complete } = await ssecCompleted();
    const get = complete ? (await suite.client.getObject(upload.key)).exchange : undefined;
    return { initiate: upload.initiate, steps: [upload.sent?.res.exchange, complete], answer: get };
  });
  checkTest(suite, ssecUnexpected, async () => {
    const upload = await plain();
    return { initiate: upload.initiate, answer: upload.sent?.res.exchange };
  });

  assertFamilyCovered(suite);
});
