/**
 * Where the store puts bodies: an ephemeral store holds a small body of known length in memory (no file at all)
 * within its budget and writes any other body straight to its final file (nothing under tmp/); a durable store
 * receives into tmp/ and renames at commit. Memory-held bytes read back whole or by range, stay readable while a
 * reader holds them after retirement, and leave the memory account when dropped; a refused body leaves nothing.
 * A held body owns exactly its bytes.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { BodyHasher } from '../../src/body/hashing.ts';
import { DiskStore, MEMORY_BODY_LIMIT, MEMORY_BUDGET } from '../../src/server/storage/disk-store.ts';
import { MemoryLimitError } from '../../src/server/storage/hashing-memory-sink.ts';
import { receiveBody } from '../../src/server/storage/receive.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'disk-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sourceOf(...chunks: string[]): Readable {
  const source = new PassThrough();
  for (const chunk of chunks) source.write(chunk);
  source.end();
  return source;
}

const files = async (sub: string): Promise<string[]> => readdir(join(dir, sub));

describe('ephemeral DiskStore', () => {
  test('a small body of known length is received, hashed and stored in memory: no file anywhere', async () => {
    const store = await DiskStore.open(dir);
    const target = store.target('parts', 11);
    expect(target.kind).toBe('memory');
    const received = await receiveBody(sourceOf('hello ', 'world'), target);
    expect(received.complete).toBe(true);
    expect(received.digest).toEqual(new BodyHasher().update(Buffer.from('hello world')).digest());
    // Its own memory, exactly its size (no slice of a shared pool kept alive by a held body).
    expect(received.pending.kind === 'memory' && received.pending.bytes.buffer.byteLength).toBe(11);
    const file = await store.commit(received.pending, 'parts');
    expect(file.path).toBeUndefined();
    expect(store.memoryHeld).toBe(11);
    expect(await text(file.readStream())).toBe('hello world');
    expect(await text(file.readStream({ start: 6, end: 9 }))).toBe('worl');
    for (const sub of ['tmp', 'parts', 'objects']) expect(await files(sub)).toEqual([]);
  });

  test('a retired body stays readable while a reader holds it, then leaves the memory account', async () => {
    const store = await DiskStore.open(dir);
    const received = await receiveBody(sourceOf('abc'), store.target('parts', 3));
    const file = await store.commit(received.pending, 'parts');
    const release = file.acquire();
    file.retire();
    expect(store.memoryHeld).toBe(3);
    expect(await text(file.readStream())).toBe('abc');
    release();
    expect(store.memoryHeld).toBe(0);
    expect(() => file.readStream()).toThrow(/dropped/);
  });

  test('a body over the limit, of unknown length or past the budget goes straight to its final file', async () => {
    const store = await DiskStore.open(dir);
    expect(store.target('parts', MEMORY_BODY_LIMIT).kind).toBe('memory');
    for (const target of [store.target('parts', MEMORY_BODY_LIMIT + 1), store.target('objects', undefined)]) {
      expect(target.kind).toBe('file');
    }
    const target = store.target('objects', undefined);
    const received = await receiveBody(sourceOf('on disk'), target);
    const file = await store.commit(received.pending, 'objects');
    expect(file.path).toBe(target.kind === 'file' ? target.path : 'not a file');
    expect(await readFile(file.pathOnDisk(), 'utf8')).toBe('on disk');
    expect(await files('tmp')).toEqual([]);
    expect(await files('objects')).toHaveLength(1);
    // Past the budget: a memory-held body is committed to a file instead.
    const big = Buffer.alloc(MEMORY_BODY_LIMIT, 1);
    const held = [];
    while (store.memoryHeld + big.length <= MEMORY_BUDGET) {
      held.push(await store.commit({ kind: 'memory', bytes: big }, 'parts'));
    }
    expect(store.target('parts', big.length).kind).toBe('file');
    const spilled = await store.commit({ kind: 'memory', bytes: Buffer.from('spilled') }, 'parts');
    expect(await readFile(spilled.pathOnDisk(), 'utf8')).toBe('spilled');
    for (const file of held) file.retire();
    expect(store.memoryHeld).toBe(0);
  });

  test('with a memory budget of 0 every body goes to its final file', async () => {
    const store = await DiskStore.open(dir, { memoryBudget: 0 });
    expect(store.target('parts', 4096).kind).toBe('file');
    expect(store.target('parts', 0).kind).toBe('file');
    const spilled = await store.commit({ kind: 'memory', bytes: Buffer.from('to a file') }, 'parts');
    expect(await readFile(spilled.pathOnDisk(), 'utf8')).toBe('to a file');
    expect(store.memoryHeld).toBe(0);
    expect(await files('parts')).toHaveLength(1);
  });

  test('a discarded body leaves no file; a memory target refuses more bytes than its limit', async () => {
    const store = await DiskStore.open(dir);
    const target = store.target('parts', undefined);
    const received = await receiveBody(sourceOf('refused'), target);
    expect(await files('parts')).toHaveLength(1);
    await store.discard(received.pending);
    expect(await files('parts')).toEqual([]);
    await expect(receiveBody(sourceOf('four', 'more'), store.target('parts', 4))).rejects.toBeInstanceOf(
      MemoryLimitError,
    );
  });
});

describe('durable DiskStore', () => {
  test('receives every body into tmp/ and renames it into place at commit; never holds one in memory', async () => {
    const store = await DiskStore.open(dir, { durable: true });
    const target = store.target('parts', 5);
    expect(target.kind).toBe('file');
    // Not even an empty body: a durable record must name a file.
    expect(store.target('parts', 0).kind).toBe('file');
    const empty = await store.commit({ kind: 'memory', bytes: Buffer.alloc(0) }, 'parts');
    expect(empty.path).toBeDefined();
    const received = await receiveBody(sourceOf('bytes'), target);
    expect(await files('tmp')).toHaveLength(1);
    const file = await store.commit(received.pending, 'parts');
    expect(await files('tmp')).toEqual([]);
    expect(await readFile(file.pathOnDisk(), 'utf8')).toBe('bytes');
    const fromMemory = await store.commit({ kind: 'memory', bytes: Buffer.from('rewritten') }, 'parts');
    expect(await readFile(fromMemory.pathOnDisk(), 'utf8')).toBe('rewritten');
    expect(store.memoryHeld).toBe(0);
    expect(await files('parts')).toHaveLength(3);
  });
});
