/**
 * A stripped reference server (`withoutOperations`): the named operations answer 405 MethodNotAllowed with the
 * COS error document, as on an endpoint that lacks them; every other operation, and the default server, is
 * untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeServer, type RunningServer, startServer } from '../../src/server/index.ts';
import { call, complete, errorCode, initiate, md5Hex, uploadPart } from './helpers.ts';

describe('withoutOperations', () => {
  let stripped: RunningServer;
  let plain: RunningServer;
  beforeAll(async () => {
    stripped = await startServer({ withoutOperations: ['abortMultipartUpload', 'listParts'] });
    plain = await startServer();
  });
  afterAll(async () => {
    await Promise.all([stripped.close(), plain.close()]);
  });

  it('answers the stripped operations 405 MethodNotAllowed with an error document and a request id', async () => {
    const id = await initiate(stripped, 'k');
    const abort = await call(stripped, { method: 'DELETE', key: 'k', query: [['uploadId', id]] });
    expect(abort.status).toBe(405);
    expect(errorCode(abort)).toBe('MethodNotAllowed');
    expect(abort.headers['x-cos-request-id']).toBeTruthy();
    const list = await call(stripped, { method: 'GET', key: 'k', query: [['uploadId', id]] });
    expect(list.status).toBe(405);
    expect(errorCode(list)).toBe('MethodNotAllowed');
    expect(stripped.withoutOperations).toEqual(['abortMultipartUpload', 'listParts']);
    expect(describeServer(stripped)).toContain('STRIPPED (without abortMultipartUpload, listParts)');
  });

  it('still checks the signature first, and leaves every other operation working', async () => {
    const id = await initiate(stripped, 'k2');
    const unsigned = await call(stripped, {
      method: 'DELETE',
      key: 'k2',
      query: [['uploadId', id]],
      credentials: false,
    });
    expect(unsigned.status).toBe(403);
    const part = await uploadPart(stripped, 'k2', id, 1, 'bytes of part one');
    expect(part.status).toBe(200);
    const done = await complete(stripped, 'k2', id, [
      { partNumber: 1, etag: `"${md5Hex('bytes of part one')}"` },
    ]);
    expect(done.status).toBe(200);
    // the upload is gone after Complete: the stale id is still NoSuchUpload for Upload Part
    expect((await uploadPart(stripped, 'k2', id, 2, 'late')).status).toBe(404);
    const uploads = await call(stripped, { method: 'GET', query: [['uploads', null]] });
    expect(uploads.status).toBe(200);
  });

  it('the default server strips nothing', async () => {
    expect(plain.withoutOperations).toEqual([]);
    const id = await initiate(plain, 'k');
    expect((await call(plain, { method: 'DELETE', key: 'k', query: [['uploadId', id]] })).status).toBe(204);
  });
});
