/**
 * The "check → operations it needs" table (src/checks/needs.ts) and what it does to a finished test: every
 * check has an entry; a missing needed neighbour (405, 501) turns anything but a failure into an error naming
 * it; an operation the table does not list is a harness error. And the tracker: cleanup exchanges are marked,
 * and what cleanup could not remove is a leftover, not a thrown error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResult } from '../../src/checks/kit/define.ts';
import {
  applyNeeds,
  CHECK_NEEDS,
  firstMissing,
  neededMessage,
  needsTableProblems,
  OPERATION_TITLES,
} from '../../src/checks/needs.ts';
import { CHECKS } from '../../src/checks/registry.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { localTarget } from '../../src/server/local-target.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { Tracker } from '../../specs/support/tracker.ts';
import { err, ex } from './fixtures.ts';

const ID = 'basics.upload-part.list-parts-etag';
const SEED = 7;
const pass = () => makeResult({ id: ID }, SEED, 'pass', 'shown with the same ETag');

describe('CHECK_NEEDS', () => {
  it('has exactly one entry per check of the catalogue, each naming known operations', () => {
    expect(needsTableProblems()).toEqual({ missing: [], unknown: [] });
    expect(Object.keys(CHECK_NEEDS).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    for (const [id, n] of Object.entries(CHECK_NEEDS)) {
      expect(n.needs.length, id).toBeGreaterThan(0);
      for (const op of [...n.needs, ...(n.uses ?? [])])
        expect(OPERATION_TITLES, `${id}: ${op}`).toHaveProperty(op);
    }
  });

  it('Upload Part on an unknown upload id needs nothing but Upload Part', () => {
    expect(CHECK_NEEDS['no-such-upload.upload-part.unknown-id']).toEqual({ needs: ['uploadPart'] });
    expect(CHECK_NEEDS['no-such-upload.upload-part.after-abort']?.needs).toContain('abortMultipartUpload');
  });
});

describe('neededMessage / firstMissing', () => {
  it('names the operation and the answer', () => {
    const abort = { ...err('MethodNotAllowed'), op: 'abortMultipartUpload' };
    expect(neededMessage('abortMultipartUpload', abort)).toBe(
      'needs Abort Multipart Upload, which the endpoint does not implement (405 MethodNotAllowed)',
    );
    const complete = { ...err('InternalError'), op: 'completeMultipartUpload' };
    expect(neededMessage('completeMultipartUpload', complete)).toBe(
      'needs Complete Multipart Upload, which answered 500 InternalError',
    );
  });

  it('finds a needed neighbour answered 405 or 501, never Upload Part itself', () => {
    const list = ex({ op: 'listParts', status: 501 });
    const upload = ex({ op: 'uploadPart', status: 405 });
    expect(firstMissing([upload, list], ['uploadPart', 'listParts'])).toEqual({
      op: 'listParts',
      exchange: list,
    });
    expect(firstMissing([upload], ['uploadPart'])).toBeUndefined();
    expect(firstMissing([list], ['uploadPart'])).toBeUndefined();
    expect(firstMissing([ex({ op: 'listParts', status: 404 })], ['listParts'])).toBeUndefined();
  });
});

describe('applyNeeds', () => {
  const listed405 = () => ({ ...ex({ op: 'listParts', status: 405 }) });

  it('a pass or an indeterminate built on a missing needed operation is an error naming it', () => {
    const list = listed405();
    const r = applyNeeds({ id: ID }, SEED, pass(), [ex({ op: 'initiateMultipartUpload' }), ex(), list]);
    expect(r.outcome).toBe('error');
    expect(r.message).toBe('needs List Parts, which the endpoint does not implement (405)');
    expect(r.exchanges).toContain(list);
    const ind = makeResult({ id: ID }, SEED, 'indeterminate', 'unknown');
    expect(applyNeeds({ id: ID }, SEED, ind, [list]).outcome).toBe('error');
  });

  it('a failure stands, and so does a result with nothing missing', () => {
    const fail = makeResult({ id: ID }, SEED, 'fail', 'List Parts shows another ETag');
    expect(applyNeeds({ id: ID }, SEED, fail, [listed405()])).toBe(fail);
    const ok = pass();
    expect(applyNeeds({ id: ID }, SEED, ok, [ex({ op: 'listParts' })])).toBe(ok);
  });

  it('a missing operation the check only uses, or does not need, leaves the verdict alone', () => {
    const doc = makeResult({ id: 'no-such-upload.multipart.error-document' }, SEED, 'pass', 'well-formed');
    const abort = ex({ op: 'abortMultipartUpload', status: 405 });
    expect(applyNeeds({ id: 'no-such-upload.multipart.error-document' }, SEED, doc, [abort])).toBe(doc);
  });

  it('an operation the table does not list for the check is a harness error', () => {
    const r = applyNeeds({ id: ID }, SEED, pass(), [ex({ op: 'abortMultipartUpload', status: 204 })]);
    expect(r.outcome).toBe('error');
    expect(r.message).toBe(
      `harness error: the scenario sent Abort Multipart Upload, which src/checks/needs.ts does not list for ${ID}`,
    );
    const none = applyNeeds({ id: 'no.such.check' }, SEED, pass(), []);
    expect(none.message).toBe('harness error: src/checks/needs.ts has no entry for no.such.check');
  });
});

describe('Tracker', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ withoutOperations: ['abortMultipartUpload'] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('marks its exchanges as cleanup and keeps what it could not remove as leftovers', async () => {
    const recorder = new Recorder();
    const client = new CosClient(localTarget(server.url), { recorder });
    try {
      const tracker = new Tracker();
      const init = await client.initiateMultipartUpload('t/open');
      const uploadId = init.data!.uploadId;
      tracker.uploadStarted('t/open', uploadId);
      await client.putObject('t/object', { spec: { seed: 1, size: 10 } });
      tracker.objectCreated('t/object');
      const mark = recorder.lastSeq;
      await tracker.cleanup(client);
      const sent = recorder.since(mark);
      expect(sent.map((e) => e.op).sort()).toEqual(['abortMultipartUpload', 'deleteObject']);
      expect(sent.every((e) => tracker.isCleanup(e.seq))).toBe(true);
      expect(tracker.isCleanup(init.exchange.seq)).toBe(false);
      expect(tracker.leftovers()).toEqual([
        { kind: 'upload', key: 't/open', uploadId, answer: 'abortMultipartUpload → 405 MethodNotAllowed' },
      ]);
      expect(tracker.openUploads()).toEqual([]);
    } finally {
      await client.close();
    }
  });
});
