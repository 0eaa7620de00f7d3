/**
 * The MD5 worker of big bodies (src/server/storage/md5-worker.ts) as the receive path uses it: the digests are
 * those of the in-thread hasher whatever the size around the threshold and the chunking, concurrent bodies each
 * get their own, a body cut short or a sink destroyed mid-body leaves nothing open on the worker, the bytes queued
 * to the worker are bounded, and a failing worker is the sink's error, never a hang.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BodyHasher } from '../../src/body/hashing.ts';
import { HashingFileSink } from '../../src/server/storage/hashing-file-sink.ts';
import {
  BATCH_BYTES,
  MAX_IN_FLIGHT_BYTES,
  MD5_WORKER_MIN_BYTES,
  Md5Worker,
  Md5WorkerError,
} from '../../src/server/storage/md5-worker.ts';
import { receiveBody } from '../../src/server/storage/receive.ts';
import { bytes } from './helpers.ts';

let dir = '';
let n = 0;
const worker = new Md5Worker();
const nextPath = (): string => join(dir, `b${n++}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'md5-worker-'));
});
afterAll(async () => {
  await worker.close();
  await rm(dir, { recursive: true, force: true });
});

/** A source giving `data` in chunks of the given sizes (cycled). */
function chunked(data: Buffer, sizes: number[]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    parts.push(data.subarray(at, at + size));
    at += size;
  }
  return Readable.from(parts, { objectMode: false });
}

/** A worker that keeps every batch (never hands one back) and never answers. */
const SILENT_WORKER = `require('node:worker_threads').parentPort.on('message', () => {});`;

describe('receiveBody with the MD5 worker', () => {
  test('digests equal the in-thread hasher for sizes around the threshold, whatever the chunking', async () => {
    const big = bytes(MD5_WORKER_MIN_BYTES + 3 * BATCH_BYTES, 5);
    const opened = worker.opened;
    let expectedOpened = opened;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MD5_WORKER_MIN_BYTES - 2 * BATCH_BYTES, max: big.length }),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (size, sizes, sha256) => {
          const data = big.subarray(0, size);
          const path = nextPath();
          const received = await receiveBody(chunked(data, sizes), path, {
            sha256,
            md5Worker: worker,
            expectedSize: size,
          });
          if (size >= MD5_WORKER_MIN_BYTES) expectedOpened++;
          expect(worker.opened).toBe(expectedOpened);
          expect(received.complete).toBe(true);
          expect(received.digest).toEqual(new BodyHasher().update(data).digest());
          expect(received.sha256Hex).toBe(
            sha256 ? createHash('sha256').update(data).digest('hex') : undefined,
          );
          expect((await readFile(path)).equals(data)).toBe(true);
          await rm(path);
        },
      ),
      { seed: 11, numRuns: 12 },
    );
    expect(worker.opened).toBeGreaterThan(opened);
    expect(worker.active).toBe(0);
  });

  test('a body below the threshold, or held in memory, is hashed in-thread', async () => {
    const data = bytes(1000, 2);
    const opened = worker.opened;
    const small = await receiveBody(chunked(data, [100]), nextPath(), {
      md5Worker: worker,
      expectedSize: 1000,
    });
    const memory = await receiveBody(
      chunked(data, [100]),
      { kind: 'memory', limit: 1000 },
      { md5Worker: worker, expectedSize: MD5_WORKER_MIN_BYTES },
    );
    expect(worker.opened).toBe(opened);
    expect(small.digest.md5Hex).toBe(createHash('md5').update(data).digest('hex'));
    expect(memory.digest.md5Hex).toBe(small.digest.md5Hex);
  });

  test('concurrent big bodies each get their own digest', async () => {
    const bodies = [1, 2, 3, 4].map((seed) => bytes(MD5_WORKER_MIN_BYTES + seed * 1000, seed));
    const received = await Promise.all(
      bodies.map((data) =>
        receiveBody(chunked(data, [65_536, 1234]), nextPath(), {
          md5Worker: worker,
          expectedSize: data.length,
        }),
      ),
    );
    expect(received.map((r) => r.digest.md5Hex)).toEqual(
      bodies.map((data) => createHash('md5').update(data).digest('hex')),
    );
    expect(worker.active).toBe(0);
  });

  test('a body cut short is incomplete, with the MD5 of what arrived, and nothing left on the worker', async () => {
    const data = bytes(3 * 1024 * 1024, 9);
    const source = new PassThrough();
    const done = receiveBody(source, nextPath(), { md5Worker: worker, expectedSize: 64 * 1024 * 1024 });
    source.write(data);
    setTimeout(() => source.destroy(), 50);
    const received = await done;
    expect(received.complete).toBe(false);
    expect(received.digest).toEqual(new BodyHasher().update(data).digest());
    expect(worker.active).toBe(0);
  });

  test('a sink destroyed mid-body does not hang and leaves nothing open on the worker', async () => {
    const sink = new HashingFileSink(nextPath(), { md5Worker: worker });
    sink.write(bytes(2 * 1024 * 1024, 4));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(worker.active).toBe(1);
    sink.destroy();
    await new Promise((resolve) => sink.once('close', resolve));
    expect(worker.active).toBe(0);
    expect(() => sink.digest()).toThrow(Md5WorkerError);
  });

  test('a failing worker is the sink error: receiveBody rejects, no hang', async () => {
    const failing = new Md5Worker({
      source: `require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });`,
    });
    try {
      const data = bytes(MD5_WORKER_MIN_BYTES, 3);
      await expect(
        receiveBody(chunked(data, [65_536]), nextPath(), { md5Worker: failing, expectedSize: data.length }),
      ).rejects.toMatchObject({ code: 'MD5_WORKER' });
      expect(failing.active).toBe(0);
      // The next body gets a new worker thread (which fails the same way here).
      await expect(
        receiveBody(chunked(data, [65_536]), nextPath(), { md5Worker: failing, expectedSize: data.length }),
      ).rejects.toBeInstanceOf(Md5WorkerError);
      expect(failing.threadsStarted).toBe(2);
    } finally {
      await failing.close();
    }
  });
});

describe('Md5Worker', () => {
  test('the bytes queued to the worker are bounded: past the bound the writer is asked to wait', async () => {
    const silent = new Md5Worker({ source: SILENT_WORKER });
    try {
      const stream = silent.open();
      stream.update(Buffer.alloc(MAX_IN_FLIGHT_BYTES - BATCH_BYTES));
      expect(stream.ready()).toBeUndefined();
      stream.update(Buffer.alloc(BATCH_BYTES));
      const wait = stream.ready();
      expect(wait).toBeInstanceOf(Promise);
      // Stopping the worker settles the wait with its error instead of leaving it hanging.
      const settled = expect(wait).rejects.toBeInstanceOf(Md5WorkerError);
      await silent.close();
      await settled;
    } finally {
      await silent.close();
    }
  });

  test('a sink whose worker does not keep up stops pulling from its source (backpressure)', async () => {
    const silent = new Md5Worker({ source: SILENT_WORKER });
    try {
      let pulled = 0;
      const source = Readable.from(
        (function* () {
          for (;;) {
            pulled += 64 * 1024;
            yield Buffer.alloc(64 * 1024);
          }
        })(),
        { objectMode: false },
      );
      const sink = new HashingFileSink(nextPath(), { md5Worker: silent });
      sink.on('error', () => undefined);
      source.pipe(sink);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // At most the bytes in flight, one staged disk write, the sink's and the source's buffers.
      expect(pulled).toBeGreaterThanOrEqual(MAX_IN_FLIGHT_BYTES);
      expect(pulled).toBeLessThanOrEqual(MAX_IN_FLIGHT_BYTES + 3 * 1024 * 1024);
      const before = pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(pulled).toBe(before);
      source.destroy();
      sink.destroy();
    } finally {
      await silent.close();
    }
  });

  test('closing fails open bodies and refuses new ones', async () => {
    const own = new Md5Worker({ source: SILENT_WORKER });
    const stream = own.open();
    stream.update(Buffer.from('abc'));
    const result = stream.finish();
    expect(own.active).toBe(1);
    const settled = expect(result).rejects.toBeInstanceOf(Md5WorkerError);
    await own.close();
    await settled;
    expect(own.active).toBe(0);
    expect(() => own.open()).toThrow(Md5WorkerError);
  });
});
