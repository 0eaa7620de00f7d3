import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { bytes, call, complete, errorCode, initiate, listPartsMap, md5Hex } from './helpers.ts';

const MiB = 1024 * 1024;

/** A body that trickles out in 64 KiB chunks with pauses, so that two uploads overlap on the server. */
function trickle(data: Buffer, pauseEveryChunks = 4): Readable {
  let offset = 0;
  let chunk = 0;
  return new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const next = data.subarray(offset, offset + 64 * 1024);
      offset += next.length;
      chunk++;
      if (chunk % pauseEveryChunks === 0) setTimeout(() => this.push(next), 2);
      else this.push(next);
    },
  });
}

describe('concurrent uploads of one part number', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('the stored part is exactly one of the bodies, and its bytes match its ETag', async () => {
    for (let round = 0; round < 4; round++) {
      const key = `race/${round}`;
      const uploadId = await initiate(server, key);
      const a = bytes(2 * MiB, 100 + round);
      const b = bytes(2 * MiB + 17, 200 + round);
      const send = (data: Buffer) =>
        call(server, {
          method: 'PUT',
          key,
          query: [
            ['partNumber', '1'],
            ['uploadId', uploadId],
          ],
          headers: { 'content-length': String(data.length) },
          body: trickle(data),
        });
      const [ra, rb] = await Promise.all([send(a), send(b)]);
      expect(ra.status).toBe(200);
      expect(rb.status).toBe(200);
      expect(ra.headers.etag).toBe(`"${md5Hex(a)}"`);
      expect(rb.headers.etag).toBe(`"${md5Hex(b)}"`);

      const listed = (await listPartsMap(server, key, uploadId)).get(1)!;
      const winner = listed.etag === ra.headers.etag ? a : b;
      expect([ra.headers.etag, rb.headers.etag]).toContain(listed.etag);
      expect(listed.size).toBe(winner.length);

      const done = await complete(server, key, uploadId, [{ partNumber: 1, etag: listed.etag }]);
      expect(done.status).toBe(200);
      const got = await call(server, { method: 'GET', key });
      expect(`"${md5Hex(got.body)}"`).toBe(listed.etag);
      expect(got.body.equals(winner)).toBe(true);
    }
  });

  it('many parts uploaded in parallel assemble in part-number order', async () => {
    const key = 'parallel';
    const uploadId = await initiate(server, key);
    const bodies = Array.from({ length: 8 }, (_, i) => bytes(i === 7 ? 1234 : MiB, 300 + i));
    const results = await Promise.all(
      bodies.map((body, i) =>
        call(server, {
          method: 'PUT',
          key,
          query: [
            ['partNumber', String(i + 1)],
            ['uploadId', uploadId],
          ],
          body,
        }),
      ),
    );
    const done = await complete(
      server,
      key,
      uploadId,
      results.map((r, i) => ({ partNumber: i + 1, etag: r.headers.etag })),
    );
    expect(done.status).toBe(200);
    const got = await call(server, { method: 'GET', key });
    expect(got.body.equals(Buffer.concat(bodies))).toBe(true);
  });

  it('an Upload Part in flight when the upload is aborted stores nothing and gets NoSuchUpload', async () => {
    const key = 'abort-in-flight';
    const uploadId = await initiate(server, key);
    const data = bytes(2 * MiB, 9);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let offset = 0;
    const body = new Readable({
      read() {
        if (offset === 0) {
          offset = MiB;
          this.push(data.subarray(0, MiB));
          return;
        }
        if (offset >= data.length) {
          this.push(null);
          return;
        }
        void gate.then(() => {
          this.push(data.subarray(MiB));
          offset = data.length;
        });
      },
    });
    const pending = call(server, {
      method: 'PUT',
      key,
      query: [
        ['partNumber', '1'],
        ['uploadId', uploadId],
      ],
      headers: { 'content-length': String(data.length) },
      body,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(server, { method: 'DELETE', key, query: [['uploadId', uploadId]] })).status).toBe(204);
    release();
    const res = await pending;
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NoSuchUpload');
    const { readdir } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await new Promise((r) => setTimeout(r, 50));
    expect(await readdir(join(server.dataDir, 'parts'))).toEqual([]);
    expect(await readdir(join(server.dataDir, 'tmp'))).toEqual([]);
  });
});
