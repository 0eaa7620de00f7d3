/**
 * Family 7: integrity headers (spec §1.2, §4.2, §4.3). One upload holds an original part 1; each failure case
 * (wrong, malformed Content-MD5; no Content-Length; a body cut short) tries to overwrite it with other bytes, and
 * its check judges the answer. A second upload takes the same cases, each followed by a listing, and is then
 * completed with the original ETag and read back (failed-keeps-previous): only that check needs List Parts,
 * Complete and Get Object.
 */
import { describe } from 'vitest';
import { bodyBytes, digestOf } from '../src/body/part-body.ts';
import {
  failedKeepsPrevious,
  md5Correct,
  md5Malformed,
  md5Wrong,
  missingContentLength,
  shortBody,
} from '../src/checks/families/integrity.ts';
import type { PartListing } from '../src/checks/kit/observations.ts';
import type { Exchange } from '../src/client/exchange.ts';
import {
  listing,
  nextUploadNo,
  partSpec,
  rawUploadPart,
  readObject,
  sendParts,
  startUpload,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('integrity');
const ORIGINAL = 2_000;
const ATTEMPT = 3_000;

/** An upload holding the original part 1 (`name` tells the two apart). */
async function originalUpload(name: string) {
  const seed = suite.seedOf(`integrity.original.${name}`);
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const uploadNo = nextUploadNo();
  const spec = partSpec(seed, uploadNo, 1, ORIGINAL);
  const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }]);
  return { key, uploadId, uploadNo, seed, spec, sent };
}

type Original = Awaited<ReturnType<typeof originalUpload>>;
type Sent = { upload: Exchange; declared?: number; sent?: number };
type Attempt = Sent & { label: string; listing: PartListing };

/** The failure cases, in order: each tries to overwrite part 1 of `original` with other bytes. */
const CASES: ReadonlyArray<{ label: string; send(original: Original): Promise<Sent> }> = [
  {
    label: 'wrong Content-MD5',
    async send(original) {
      const spec = partSpec(original.seed, original.uploadNo, 1, ATTEMPT, 1);
      const md5OfOriginal = (await digestOf(original.spec)).md5Base64;
      const answer = await suite.client.uploadPart(
        original.key,
        original.uploadId,
        1,
        { spec },
        { contentMd5: md5OfOriginal },
      );
      return { upload: answer.exchange };
    },
  },
  {
    label: 'malformed Content-MD5',
    async send(original) {
      const spec = partSpec(original.seed, original.uploadNo, 1, ATTEMPT, 2);
      // Valid base64 of 10 bytes: well-formed base64, not an MD5.
      const answer = await suite.client.uploadPart(
        original.key,
        original.uploadId,
        1,
        { spec },
        { contentMd5: 'bm90LWFuLW1kNQ==' },
      );
      return { upload: answer.exchange };
    },
  },
  {
    label: 'no Content-Length',
    async send(original) {
      const body = bodyBytes(partSpec(original.seed, original.uploadNo, 1, ATTEMPT, 3));
      const answer = await rawUploadPart(suite, original.key, original.uploadId, 1, {
        body,
        declaredLength: null,
        chunked: true,
        // The body waits for 100 Continue: a server that refuses from the headers never sees it (no write race).
        expectContinue: true,
        timeoutMs: 15_000,
      });
      return { upload: answer.exchange };
    },
  },
  {
    label: 'body cut short',
    async send(original) {
      const body = bodyBytes(partSpec(original.seed, original.uploadNo, 1, ATTEMPT, 4));
      const declared = ATTEMPT + 1_000;
      const answer = await rawUploadPart(suite, original.key, original.uploadId, 1, {
        body,
        declaredLength: declared,
        afterSend: 'half-close',
        timeoutMs: 15_000,
      });
      return { upload: answer.exchange, declared, sent: body.length };
    },
  },
];

const judged = once(() => originalUpload('failures'));
const sentCases = new Map<string, () => Promise<Sent>>();

/** One failure case against part 1 of the judged upload (memoised per case). */
function attempt(label: string): () => Promise<Sent> {
  let run = sentCases.get(label);
  if (!run) {
    const failure = CASES.find((candidate) => candidate.label === label)!;
    run = once(async () => failure.send(await judged()));
    sentCases.set(label, run);
  }
  return run;
}

/** Every case against a second upload, each followed by a listing; then Complete with the original ETag and a read. */
const keptPrevious = once(async () => {
  const original = await originalUpload('kept');
  const attempts: Attempt[] = [];
  for (const failure of CASES) {
    const sent = await failure.send(original);
    attempts.push({
      label: failure.label,
      ...sent,
      listing: await listing(suite, original.key, original.uploadId),
    });
  }
  const complete = await suite.complete(original.key, original.uploadId, [
    { partNumber: 1, etag: original.sent.res.headers.etag ?? `"${original.sent.digest.md5Hex}"` },
  ]);
  const read = await readObject(suite, original.key, ORIGINAL);
  return { original, attempts, complete, read };
});

/** The Upload Part answer of one failure case: what its header check judges. */
const attemptAnswer = (label: string) => async () => ({ upload: (await attempt(label)()).upload });

describe('integrity', () => {
  checkTest(suite, md5Correct, async ({ seed }) => {
    const key = suite.key('md5-correct');
    const uploadId = await startUpload(suite, key);
    const spec = partSpec(seed, nextUploadNo(), 1, ATTEMPT);
    const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec }], {
      options: { contentMd5: 'auto' },
    });
    return { upload: sent.res.exchange };
  });
  checkTest(suite, md5Wrong, attemptAnswer('wrong Content-MD5'));
  checkTest(suite, md5Malformed, attemptAnswer('malformed Content-MD5'));
  checkTest(suite, missingContentLength, attemptAnswer('no Content-Length'));
  checkTest(suite, shortBody, async () => {
    const cut = await attempt('body cut short')();
    return { upload: cut.upload, declared: cut.declared ?? 0, sent: cut.sent ?? 0 };
  });
  checkTest(suite, failedKeepsPrevious, async () => {
    const { original, attempts, complete, read } = await keptPrevious();
    return {
      partNumber: 1,
      original: { upload: original.sent.res.exchange, spec: original.spec },
      attempts,
      complete: complete.exchange,
      specs: [original.spec],
      read,
    };
  });

  assertFamilyCovered(suite);
});
