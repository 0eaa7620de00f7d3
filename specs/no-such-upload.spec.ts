/**
 * Family 5: NoSuchUpload (spec §2.2, §2.5, §2.6, §3). Four stale upload ids (unknown, another key's, aborted,
 * completed) × four operations (Upload Part, List Parts, Complete, Abort), then the error documents of all cells.
 * Each stale id is made only when a cell needs it, with only the operations it needs (the unknown id needs none:
 * an endpoint without Abort still has its Upload Part on a bogus id judged). Cells run in operation order, so
 * the Abort cells (which could change state on a non-conformant endpoint) run last.
 */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import { digestOf } from '../src/body/part-body.ts';
import {
  errorDocument,
  NO_SUCH_UPLOAD_MATRIX,
  type StaleCase,
  type UploadIdOp,
} from '../src/checks/families/no-such-upload.ts';
import type { Operation } from '../src/checks/needs.ts';
import type { Exchange } from '../src/client/exchange.ts';
import {
  MissingOperationError,
  need,
  nextUploadNo,
  partSpec,
  sendParts,
  startUpload,
  unlessMissing,
} from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('no-such-upload');

interface StaleId {
  key: string;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}

const seed = s.seedOf('no-such-upload.setup');
const setupUpload = nextUploadNo();
const body = (part: number) => partSpec(seed, setupUpload, part, 1024);

/** Starts an upload of `name` and sends one part (its ETag is what Complete names). */
async function uploadWithOnePart(name: string, part: number): Promise<StaleId> {
  const key = s.key(name);
  const uploadId = await startUpload(s, key);
  const [p] = await sendParts(s, key, uploadId, [{ partNumber: 1, spec: body(part) }]);
  return { key, uploadId, parts: [{ partNumber: 1, etag: p.res.headers.etag ?? `"${p.digest.md5Hex}"` }] };
}

/** Each stale id, made on first use with the operations it needs and nothing else. */
const STALE: Record<StaleCase, () => Promise<StaleId>> = {
  // Shaped like a COS upload id (10 digits + 64 hex, spec §1.4) but never issued: no request makes it.
  'unknown-id': once(async () => ({
    key: s.key('unknown'),
    uploadId: `${1_585_130_821}${createHash('sha256').update(`unknown ${seed}`).digest('hex')}`,
    parts: [{ partNumber: 1, etag: `"${(await digestOf(body(1))).md5Hex}"` }],
  })),
  'other-key': once(async () => {
    const owner = await uploadWithOnePart('owner', 1);
    return { ...owner, key: s.key('not-the-owner') };
  }),
  'after-abort': once(async () => {
    const t = await uploadWithOnePart('aborted', 2);
    need('abortMultipartUpload', await s.abort(t.key, t.uploadId));
    return t;
  }),
  'after-complete': once(async () => {
    const t = await uploadWithOnePart('completed', 3);
    need('completeMultipartUpload', await s.complete(t.key, t.uploadId, t.parts));
    return t;
  }),
};

const OPERATION: Record<UploadIdOp, Operation> = {
  'upload-part': 'uploadPart',
  'list-parts': 'listParts',
  complete: 'completeMultipartUpload',
  abort: 'abortMultipartUpload',
};

const cells = new Map<string, () => Promise<Exchange>>();

/** The request of one cell (memoised); an answer saying the endpoint lacks the operation throws. */
function cell(op: UploadIdOp, c: StaleCase): () => Promise<Exchange> {
  const id = `${op}/${c}`;
  let run = cells.get(id);
  if (!run) {
    run = once(async () => {
      const t = await STALE[c]();
      return unlessMissing(OPERATION[op], await send(op, t, id));
    });
    cells.set(id, run);
  }
  return run;
}

async function send(op: UploadIdOp, t: StaleId, id: string): Promise<Exchange> {
  switch (op) {
    case 'upload-part': {
      const spec = partSpec(s.seedOf(id), nextUploadNo(), 1, 1024);
      return (await s.client.uploadPart(t.key, t.uploadId, 1, { spec })).exchange;
    }
    case 'list-parts':
      return (await s.client.listParts(t.key, t.uploadId)).exchange;
    case 'complete':
      return (await s.client.completeMultipartUpload(t.key, t.uploadId, t.parts)).exchange;
    case 'abort':
      return (await s.client.abortMultipartUpload(t.key, t.uploadId)).exchange;
  }
}

describe('no-such-upload', () => {
  for (const { op, case: c, check } of NO_SUCH_UPLOAD_MATRIX) {
    checkTest(s, check, async ({ env }) => check.judge({ exchange: await cell(op, c)() }, env));
  }

  // Judged over the cells the endpoint could run: a cell whose operation (or whose stale id's) is missing is left out.
  checkTest(s, errorDocument, async ({ env }) => {
    const exchanges: Exchange[] = [];
    const missing: MissingOperationError[] = [];
    for (const { op, case: c } of NO_SUCH_UPLOAD_MATRIX) {
      try {
        exchanges.push(await cell(op, c)());
      } catch (err) {
        if (!(err instanceof MissingOperationError)) throw err;
        missing.push(err);
      }
    }
    if (exchanges.length === 0 && missing[0]) throw missing[0];
    return errorDocument.judge({ exchanges }, env);
  });

  assertFamilyCovered(s);
});
