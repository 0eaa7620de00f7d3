/**
 * Family 5: NoSuchUpload (spec §2.2, §2.5, §2.6, §3). Four stale upload ids (unknown, another key's, aborted,
 * completed) × four operations (Upload Part, List Parts, Complete, Abort), then the error documents of all cells.
 * Cells run in operation order, so the Abort cells (which could change state on a non-conformant endpoint) run
 * last.
 */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import {
  errorDocument,
  NO_SUCH_UPLOAD_MATRIX,
  type StaleCase,
  type UploadIdOp,
} from '../src/checks/families/no-such-upload.ts';
import type { Exchange } from '../src/client/exchange.ts';
import { nextUploadNo, partSpec, ScenarioError, sendParts, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const s = useSuite('no-such-upload');

interface StaleId {
  key: string;
  uploadId: string;
  parts: Array<{ partNumber: number; etag: string }>;
}

const staleIds = once(async (): Promise<Record<StaleCase, StaleId>> => {
  const seed = s.seedOf('no-such-upload.setup');
  const u = nextUploadNo();
  const body = (part: number) => ({ partNumber: 1, spec: partSpec(seed, u, part, 1024) });
  const sendOne = async (key: string, uploadId: string, part: number) => {
    const [p] = await sendParts(s, key, uploadId, [body(part)]);
    return [{ partNumber: 1, etag: p.res.headers.etag ?? `"${p.digest.md5Hex}"` }];
  };
  // Unknown: shaped like a COS upload id (10 digits + 64 hex, spec §1.4) but never issued.
  const unknown = `${1_585_130_821}${createHash('sha256').update(`unknown ${seed}`).digest('hex')}`;
  const ownerKey = s.key('owner');
  const ownerId = await startUpload(s, ownerKey);
  const ownerParts = await sendOne(ownerKey, ownerId, 1);
  const abortedKey = s.key('aborted');
  const abortedId = await startUpload(s, abortedKey);
  const abortedParts = await sendOne(abortedKey, abortedId, 2);
  const aborted = await s.abort(abortedKey, abortedId);
  if (aborted.status !== 204 && aborted.status !== 200)
    throw new ScenarioError(`setup: Abort answered ${aborted.status}`);
  const completedKey = s.key('completed');
  const completedId = await startUpload(s, completedKey);
  const completedParts = await sendOne(completedKey, completedId, 3);
  const completed = await s.complete(completedKey, completedId, completedParts);
  if (completed.status !== 200 || completed.error)
    throw new ScenarioError(`setup: Complete answered ${completed.status}`);
  return {
    'unknown-id': { key: s.key('unknown'), uploadId: unknown, parts: ownerParts },
    'other-key': { key: s.key('not-the-owner'), uploadId: ownerId, parts: ownerParts },
    'after-abort': { key: abortedKey, uploadId: abortedId, parts: abortedParts },
    'after-complete': { key: completedKey, uploadId: completedId, parts: completedParts },
  };
});

const cells = new Map<string, () => Promise<Exchange>>();

function cell(op: UploadIdOp, c: StaleCase): () => Promise<Exchange> {
  const id = `${op}/${c}`;
  let run = cells.get(id);
  if (!run) {
    run = once(async () => {
      const t = (await staleIds())[c];
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
    });
    cells.set(id, run);
  }
  return run;
}

describe('no-such-upload', () => {
  for (const { op, case: c, check } of NO_SUCH_UPLOAD_MATRIX) {
    checkTest(s, check, async ({ env }) => check.judge({ exchange: await cell(op, c)() }, env));
  }

  checkTest(s, errorDocument, async ({ env }) => {
    const exchanges: Exchange[] = [];
    for (const { op, case: c } of NO_SUCH_UPLOAD_MATRIX) exchanges.push(await cell(op, c)());
    return errorDocument.judge({ exchanges }, env);
  });

  assertFamilyCovered(s);
});
