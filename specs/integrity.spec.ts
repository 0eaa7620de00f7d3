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

const s = useSuite('integrity');
const ORIGINAL = 2_000;
const ATTEMPT = 3_000;

/** An upload holding the original part 1 (`name` tells the two apart). */
async function originalUpload(name: string) {
  const seed = s.seedOf(`integrity.original.${name}`);
  const key = s.key(name);
  const uploadId = await startUpload(s, key);
  const u = nextUploadNo();
  const spec = partSpec(seed, u, 1, ORIGINAL);
  const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec }]);
  return { key, uploadId, u, seed, spec, sent };
}

type Original = Awaited<ReturnType<typeof originalUpload>>;
type Sent = { upload: Exchange; declared?: number; sent?: number };
type Attempt = Sent & { label: string; listing: PartListing };

/** The failure cases, in order: each tries to overwrite part 1 of `o` with other bytes. */
const CASES: ReadonlyArray<{ label: string; send(o: Original): Promise<Sent> }> = [
  {
    label: 'wrong Content-MD5',
    async send(o) {
      const spec = partSpec(o.seed, o.u, 1, ATTEMPT, 1);
      const md5OfOriginal = (await digestOf(o.spec)).md5Base64;
      const r = await s.client.uploadPart(o.key, o.uploadId, 1, { spec }, { contentMd5: md5OfOriginal });
      return { upload: r.exchange };
    },
  },
  {
    label: 'malformed Content-MD5',
    async send(o) {
      const spec = partSpec(o.seed, o.u, 1, ATTEMPT, 2);
      // Valid base64 of 10 bytes: well-formed base64, not an MD5.
      const r = await s.client.uploadPart(o.key, o.uploadId, 1, { spec }, { contentMd5: 'bm90LWFuLW1kNQ==' });
      return { upload: r.exchange };
    },
  },
  {
    label: 'no Content-Length',
    async send(o) {
      const body = bodyBytes(partSpec(o.seed, o.u, 1, ATTEMPT, 3));
      const r = await rawUploadPart(s, o.key, o.uploadId, 1, {
        body,
        declaredLength: null,
        chunked: true,
        // The body waits for 100 Continue: a server that refuses from the headers never sees it (no write race).
        expectContinue: true,
        timeoutMs: 15_000,
      });
      return { upload: r.exchange };
    },
  },
  {
    label: 'body cut short',
    async send(o) {
      const body = bodyBytes(partSpec(o.seed, o.u, 1, ATTEMPT, 4));
      const declared = ATTEMPT + 1_000;
      const r = await rawUploadPart(s, o.key, o.uploadId, 1, {
        body,
        declaredLength: declared,
        afterSend: 'half-close',
        timeoutMs: 15_000,
      });
      return { upload: r.exchange, declared, sent: body.length };
    },
  },
];

const judged = once(() => originalUpload('failures'));
const sentCases = new Map<string, () => Promise<Sent>>();

/** One failure case against part 1 of the judged upload (memoised per case). */
function attempt(label: string): () => Promise<Sent> {
  let run = sentCases.get(label);
  if (!run) {
    const c = CASES.find((x) => x.label === label)!;
    run = once(async () => c.send(await judged()));
    sentCases.set(label, run);
  }
  return run;
}

/** Every case against a second upload, each followed by a listing; then Complete with the original ETag and a read. */
const keptPrevious = once(async () => {
  const o = await originalUpload('kept');
  const attempts: Attempt[] = [];
  for (const c of CASES) {
    const sent = await c.send(o);
    attempts.push({ label: c.label, ...sent, listing: await listing(s, o.key, o.uploadId) });
  }
  const complete = await s.complete(o.key, o.uploadId, [
    { partNumber: 1, etag: o.sent.res.headers.etag ?? `"${o.sent.digest.md5Hex}"` },
  ]);
  const read = await readObject(s, o.key, ORIGINAL);
  return { o, attempts, complete, read };
});

describe('integrity', () => {
  checkTest(s, md5Correct, async ({ seed, env }) => {
    const key = s.key('md5-correct');
    const uploadId = await startUpload(s, key);
    const spec = partSpec(seed, nextUploadNo(), 1, ATTEMPT);
    const [sent] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec }], {
      options: { contentMd5: 'auto' },
    });
    return md5Correct.judge({ upload: sent.res.exchange }, env);
  });
  checkTest(s, md5Wrong, async ({ env }) =>
    md5Wrong.judge({ upload: (await attempt('wrong Content-MD5')()).upload }, env),
  );
  checkTest(s, md5Malformed, async ({ env }) =>
    md5Malformed.judge({ upload: (await attempt('malformed Content-MD5')()).upload }, env),
  );
  checkTest(s, missingContentLength, async ({ env }) =>
    missingContentLength.judge({ upload: (await attempt('no Content-Length')()).upload }, env),
  );
  checkTest(s, shortBody, async ({ env }) => {
    const a = await attempt('body cut short')();
    return shortBody.judge({ upload: a.upload, declared: a.declared ?? 0, sent: a.sent ?? 0 }, env);
  });
  checkTest(s, failedKeepsPrevious, async ({ env }) => {
    const { o, attempts, complete, read } = await keptPrevious();
    return failedKeepsPrevious.judge(
      {
        partNumber: 1,
        original: { upload: o.sent.res.exchange, spec: o.spec },
        attempts,
        complete: complete.exchange,
        specs: [o.spec],
        read,
      },
      env,
    );
  });

  assertFamilyCovered(s);
});
