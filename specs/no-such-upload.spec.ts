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

const suite = useSuite('no-such-upload');

interface StaleId {
  key: string;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}

const seed = suite.seedOf('no-such-upload.setup');
const setupUpload = nextUploadNo();
const body = (part: number) => partSpec(seed, setupUpload, part, 1024);

/** Starts an upload of `name` and sends one part (its ETag is what Complete names). */
async function uploadWithOnePart(name: string, part: number): Promise<StaleId> {
  const key = suite.key(name);
  const uploadId = await startUpload(suite, key);
  const [sent] = await sendParts(suite, key, uploadId, [{ partNumber: 1, spec: body(part) }]);
  return {
    key,
    uploadId,
    parts: [{ partNumber: 1, etag: sent.res.headers.etag ?? `"${sent.digest.md5Hex}"` }],
  };
}

/** Each stale id, made on first use with the operations it needs and nothing else. */
const STALE: Record<StaleCase, () => Promise<StaleId>> = {
  // Shaped like a COS upload id (10 digits + 64 hex, spec §1.4) but never issued: no request makes it.
  'unknown-id': once(async () => ({
    key: suite.key('unknown'),
    uploadId: `${1_585_130_821}${createHash('sha256').update(`unknown ${seed}`).digest('hex')}`,
    parts: [{ partNumber: 1, etag: `"${(await digestOf(body(1))).md5Hex}"` }],
  })),
  'other-key': once(async () => {
    const owner = await uploadWithOnePart('owner', 1);
    return { ...owner, key: suite.key('not-the-owner') };
  }),
  'after-abort': once(async () => {
    const stale = await uploadWithOnePart('aborted', 2);
    need('abortMultipartUpload', await suite.abort(stale.key, stale.uploadId));
    return stale;
  }),
  'after-complete': once(async () => {
    const stale = await uploadWithOnePart('completed', 3);
    need('completeMultipartUpload', await suite.complete(stale.key, stale.uploadId, stale.parts));
    return stale;
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
function cell(op: UploadIdOp, staleCase: StaleCase): () => Promise<Exchange> {
  const id = `${op}/${staleCase}`;
  let run = cells.get(id);
  if (!run) {
    run = once(async () => {
      const stale = await STALE[staleCase]();
      return unlessMissing(OPERATION[op], await send(op, stale, id));
    });
    cells.set(id, run);
  }
  return run;
}

async function send(op: UploadIdOp, stale: StaleId, id: string): Promise<Exchange> {
  switch (op) {
    case 'upload-part': {
      const spec = partSpec(suite.seedOf(id), nextUploadNo(), 1, 1024);
      return (await suite.client.uploadPart(stale.key, stale.uploadId, 1, { spec })).exchange;
    }
    case 'list-parts':
      return (await suite.client.listParts(stale.key, stale.uploadId)).exchange;
    case 'complete':
      return (await suite.client.completeMultipartUpload(stale.key, stale.uploadId, stale.parts)).exchange;
    case 'abort':
      return (await suite.client.abortMultipartUpload(stale.key, stale.uploadId)).exchange;
  }
}

describe('no-such-upload', () => {
  for (const { op, case: staleCase, check } of NO_SUCH_UPLOAD_MATRIX) {
    checkTest(suite, check, async () => ({ exchange: await cell(op, staleCase)() }));
  }

  // Judged over the cells the endpoint could run: a cell whose operation (or whose stale id's) is missing is left out.
  checkTest(suite, errorDocument, async () => {
    const exchanges: Exchange[] = [];
    const missing: MissingOperationError[] = [];
    for (const { op, case: staleCase } of NO_SUCH_UPLOAD_MATRIX) {
      try {
        exchanges.push(await cell(op, staleCase)());
      } catch (err) {
        if (!(err instanceof MissingOperationError)) throw err;
        missing.push(err);
      }
    }
    if (exchanges.length === 0 && missing[0]) throw missing[0];
    return { exchanges };
  });

  assertFamilyCovered(suite);
});
