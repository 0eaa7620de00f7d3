/**
 * The receive path's file sink: the file holds exactly the bytes written, in order, whatever the chunking
 * (single writes and buffered `writev`s), the digests are those of the same bytes, a short write resumes where
 * it stopped, an existing file is never overwritten, and a body cut short is reported incomplete.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BodyHasher } from '../../src/body/hashing.ts';
import { HashingFileSink, remainingAfter } from '../../src/server/storage/hashing-file-sink.ts';
import { receiveBody } from '../../src/server/storage/receive.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('HashingFileSink', () => {
  test('stores and hashes exactly the bytes written, corked or not', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 70_000 }), { maxLength: 12 }),
        fc.boolean(),
        async (chunks, cork) => {
          const path = join(dir, `f${n++}`);
          const sink = new HashingFileSink(path, { sha256: true });
          if (cork) sink.cork();
          for (const c of chunks) sink.write(Buffer.from(c));
          if (cork) sink.uncork();
          sink.end();
          await new Promise((res, rej) => sink.once('close', res).once('error', rej));
          const all = Buffer.concat(chunks);
          expect((await readFile(path)).equals(all)).toBe(true);
          expect(sink.digest()).toEqual(new BodyHasher().update(all).digest());
          expect(sink.sha256Hex()).toBe(createHash('sha256').update(all).digest('hex'));
        },
      ),
      { seed: 3, numRuns: 30 },
    );
  });

  test('a short write continues from the first byte not written', () => {
    const chunks = [Buffer.from('abc'), Buffer.from('defg'), Buffer.from('hi')];
    expect(Buffer.concat(remainingAfter(chunks, 0)).toString()).toBe('abcdefghi');
    expect(Buffer.concat(remainingAfter(chunks, 3)).toString()).toBe('defghi');
    expect(Buffer.concat(remainingAfter(chunks, 5)).toString()).toBe('fghi');
    expect(remainingAfter(chunks, 9)).toEqual([]);
  });
});

describe('receiveBody', () => {
  test('never overwrites an existing file', async () => {
    const path = join(dir, 'taken');
    await writeFile(path, 'mine');
    const source = new PassThrough();
    source.end(Buffer.from('theirs'));
    await expect(receiveBody(source, path)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path, 'utf8')).toBe('mine');
  });

  test('a source that closes before its end is incomplete, with what arrived stored and hashed', async () => {
    const path = join(dir, 'cut');
    const source = new PassThrough();
    const done = receiveBody(source, path);
    source.write(Buffer.from('partial body'));
    setTimeout(() => source.destroy(), 20);
    const received = await done;
    expect(received.complete).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('partial body');
    expect(received.digest).toEqual(new BodyHasher().update(Buffer.from('partial body')).digest());
  });
});
