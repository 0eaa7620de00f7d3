/**
 * A given data directory is durable (src/server/storage/journal.ts): a server restarted on it finds every
 * completed object, open upload and acknowledged part, and recovery finishes or undoes what a crash interrupted
 * (src/server/storage/recover.ts). Killing a child server with SIGKILL under load is the soak's job (test/soak).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.ts';
import { writeFilesAtomic } from '../../src/server/storage/durable-write.ts';
import { DurableJournal } from '../../src/server/storage/journal.ts';
import { recoverState } from '../../src/server/storage/recover.ts';
import { bytes, call, complete, initiate, listPartsMap, md5Hex, uploadPart } from './helpers.ts';

const MIB = 1024 * 1024;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-durable-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a server restarted on its data directory', () => {
  it('keeps completed objects, put objects, buckets, open uploads and their parts', async () => {
    const first = await startServer({ dataDir: dir });
    const done = await initiate(first, 'done/object');
    const p1 = bytes(MIB, 1);
    const p2 = bytes(1000, 2);
    const e1 = (await uploadPart(first, 'done/object', done, 1, p1)).headers.etag;
    const e2 = (await uploadPart(first, 'done/object', done, 2, p2)).headers.etag;
    expect(
      (
        await complete(first, 'done/object', done, [
          { partNumber: 1, etag: e1 },
          { partNumber: 2, etag: e2 },
        ])
      ).status,
    ).toBe(200);
    expect((await call(first, { method: 'PUT', key: 'put/object', body: 'simple' })).status).toBe(200);
    expect((await call(first, { method: 'PUT', bucket: 'second-1250000000', style: 'path' })).status).toBe(
      200,
    );
    const open = await initiate(first, 'open/upload', { 'x-cos-meta-colour': 'blue' });
    await uploadPart(first, 'open/upload', open, 3, 'third');
    await uploadPart(first, 'open/upload', open, 1, 'first, replaced');
    await uploadPart(first, 'open/upload', open, 1, 'first');
    const aborted = await initiate(first, 'aborted/upload');
    await uploadPart(first, 'aborted/upload', aborted, 1, 'gone');
    expect(
      (await call(first, { method: 'DELETE', key: 'aborted/upload', query: [['uploadId', aborted]] })).status,
    ).toBe(204);
    await call(first, { method: 'PUT', key: 'deleted', body: 'x' });
    await call(first, { method: 'DELETE', key: 'deleted' });
    await first.close();

    const second = await startServer({ dataDir: dir });
    try {
      const object = await call(second, { method: 'GET', key: 'done/object' });
      expect(object.status).toBe(200);
      expect(md5Hex(object.body)).toBe(md5Hex(Buffer.concat([p1, p2])));
      expect((await call(second, { method: 'GET', key: 'put/object' })).text).toBe('simple');
      expect(
        (await call(second, { method: 'HEAD', bucket: 'second-1250000000', style: 'path' })).status,
      ).toBe(200);
      expect((await call(second, { method: 'GET', key: 'deleted' })).status).toBe(404);
      const parts = await listPartsMap(second, 'open/upload', open);
      expect([...parts.keys()]).toEqual([1, 3]);
      expect(parts.get(1)).toEqual({ etag: `"${md5Hex('first')}"`, size: 5 });
      expect(
        (await call(second, { method: 'GET', key: 'done/object', query: [['uploadId', done]] })).status,
      ).toBe(404);
      expect(
        (await call(second, { method: 'GET', key: 'aborted/upload', query: [['uploadId', aborted]] })).status,
      ).toBe(404);
      // The open upload goes on: another part, then Complete with the parts from before the restart.
      const e4 = (await uploadPart(second, 'open/upload', open, 4, 'fourth')).headers.etag;
      expect(e4).toBe(`"${md5Hex('fourth')}"`);
      const result = await complete(second, 'open/upload', open, [
        { partNumber: 1, etag: parts.get(1)?.etag ?? '' },
      ]);
      expect(result.status).toBe(200);
      const got = await call(second, { method: 'GET', key: 'open/upload' });
      expect(got.text).toBe('first');
      expect(got.headers['x-cos-meta-colour']).toBe('blue');
      // Complete retired every part of the upload; the deleted object's bytes are gone.
      expect(await readdir(join(dir, 'parts'))).toEqual([]);
      expect((await readdir(join(dir, 'objects'))).length).toBe(3);
    } finally {
      await second.close();
    }
  });
});

describe('writeFilesAtomic', () => {
  it('replaces every file, a name given twice with its last data, and leaves no temp file', async () => {
    await writeFile(join(dir, 'a.json'), 'old a');
    await writeFilesAtomic(dir, [
      { name: 'a.json', data: 'a1' },
      { name: 'b.json', data: 'b' },
      { name: 'a.json', data: 'a2' },
    ]);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('a2');
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('b');
    expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
  });

  it('a directory that is gone rejects with ENOENT and writes nothing', async () => {
    await expect(
      writeFilesAtomic(join(dir, 'gone'), [
        { name: 'a.json', data: 'a' },
        { name: 'b.json', data: 'b' },
      ]),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('part commits written together (group commit)', () => {
  it('parallel parts of one upload, overwrites included, are on disk as acknowledged', async () => {
    const first = await startServer({ dataDir: dir });
    const id = await initiate(first, 'group/upload');
    const bodies = Array.from({ length: 24 }, (_, i) => `part ${(i % 12) + 1}, take ${i < 12 ? 1 : 2}`);
    // 12 part numbers sent twice, all at once: each acknowledged ETag names one of the two bodies.
    const answers = await Promise.all(
      bodies.map((body, i) => uploadPart(first, 'group/upload', id, (i % 12) + 1, body)),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const before = await listPartsMap(first, 'group/upload', id);
    await first.close();

    const second = await startServer({ dataDir: dir });
    try {
      const after = await listPartsMap(second, 'group/upload', id);
      expect([...after.keys()]).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(after).toEqual(before);
      for (const [n, part] of after) {
        expect([bodies[n - 1], bodies[n + 11]].map((b) => `"${md5Hex(b!)}"`)).toContain(part.etag);
      }
    } finally {
      await second.close();
    }
  });
});

describe('recovery of interrupted changes', () => {
  it('finishes a Complete whose object record was written, and drops temp files and unreferenced bytes', async () => {
    for (const sub of ['parts', 'objects', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
    const journal = await DurableJournal.open(dir);
    const id = `1700000000${'a'.repeat(64)}`;
    await journal.saveUpload({
      uploadId: id,
      bucket: 'b-1',
      key: 'k',
      initiated: new Date().toISOString(),
      attributes: { contentType: 'text/plain', userMetadata: {}, storageClass: 'STANDARD' },
    });
    await writeFile(join(dir, 'parts', 'p1'), 'abc');
    await journal.savePart(id, {
      partNumber: 1,
      file: 'parts/p1',
      size: 3,
      md5Hex: md5Hex('abc'),
      etag: `"${md5Hex('abc')}"`,
      crc64: '0',
      lastModified: new Date().toISOString(),
      sequence: 1,
    });
    const open = `1700000000${'b'.repeat(64)}`;
    await journal.saveUpload({
      uploadId: open,
      bucket: 'b-1',
      key: 'other',
      initiated: new Date().toISOString(),
      attributes: { contentType: 'text/plain', userMetadata: {}, storageClass: 'STANDARD' },
    });
    await writeFile(join(dir, 'objects', 'o1'), 'abc');
    await writeFile(join(dir, 'objects', 'orphan'), 'left by a Complete killed before its commit point');
    await writeFile(join(dir, 'meta', 'objects', '.x.json.1234.tmp'), '{"half":');
    await journal.saveObject({
      bucket: 'b-1',
      key: 'k',
      file: 'objects/o1',
      size: 3,
      etag: '"e-1"',
      crc64: '0',
      contentType: 'text/plain',
      lastModified: new Date().toISOString(),
      userMetadata: {},
      fromUpload: id,
    });
    await mkdir(join(dir, 'meta', 'trash', `${open}-dead`));

    const state = await recoverState(dir);
    expect(state.uploads.map((u) => u.meta.uploadId)).toEqual([open]);
    expect(state.objects.map((o) => o.key)).toEqual(['k']);
    expect(state.cleaned).toEqual({ tempFiles: 1, orphanDataFiles: 2, completedUploads: 1, trash: 1 });
    expect(await readdir(join(dir, 'objects'))).toEqual(['o1']);
    expect(await readdir(join(dir, 'parts'))).toEqual([]);
    expect(await readdir(join(dir, 'meta', 'uploads'))).toEqual([open]);
  });

  it('leaves out a record whose bytes are missing or short, and reports it', async () => {
    for (const sub of ['parts', 'objects']) await mkdir(join(dir, sub), { recursive: true });
    const journal = await DurableJournal.open(dir);
    await writeFile(join(dir, 'objects', 'short'), 'ab');
    await journal.saveObject({
      bucket: 'b-1',
      key: 'short',
      file: 'objects/short',
      size: 3,
      etag: '"e"',
      crc64: '0',
      contentType: 'text/plain',
      lastModified: new Date().toISOString(),
      userMetadata: {},
    });
    const lines: string[] = [];
    const state = await recoverState(dir, (line) => lines.push(line));
    expect(state.objects).toEqual([]);
    expect(lines.join('\n')).toContain('b-1/short left out');
  });
});
