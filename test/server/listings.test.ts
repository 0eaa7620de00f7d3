import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { call, errorCode, initiate, md5Hex, uploadPart, xml } from './helpers.ts';

type Node = Record<string, unknown>;

describe('List Parts paging (spec §2.4)', () => {
  let server: RunningServer;
  let uploadId: string;
  const key = 'paging/obj';
  beforeAll(async () => {
    server = await startServer();
    uploadId = await initiate(server, key);
    for (const n of [1, 2, 3, 5, 8, 13, 21]) await uploadPart(server, key, uploadId, n, `part ${n}`);
  });
  afterAll(async () => {
    await server.close();
  });

  async function page(query: Array<[string, string]>) {
    const res = await call(server, { method: 'GET', key, query: [['uploadId', uploadId], ...query] });
    return { res, root: res.status === 200 ? (xml(res).ListPartsResult as Node) : {} };
  }

  it('lists every part by default, not truncated, without NextPartNumberMarker', async () => {
    const { res, root } = await page([]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    const parts = root.Part as Node[];
    expect(parts.map((p) => Number(p.PartNumber))).toEqual([1, 2, 3, 5, 8, 13, 21]);
    expect(parts[0].ETag).toBe(`"${md5Hex('part 1')}"`);
    expect(parts[0].Size).toBe('6');
    expect(parts[0].LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(root.IsTruncated).toBe('false');
    expect(root.MaxParts).toBe('1000');
    expect(root.PartNumberMarker).toBe('0');
    expect(root.NextPartNumberMarker).toBeUndefined();
    expect(root.UploadId).toBe(uploadId);
    expect(root.Key).toBe(key);
    expect(root.Bucket).toBe('examplebucket-1250000000');
  });

  it('walks the parts with max-parts and part-number-marker', async () => {
    const seen: number[] = [];
    let marker = '0';
    for (let i = 0; i < 10; i++) {
      const { root } = await page([
        ['max-parts', '3'],
        ['part-number-marker', marker],
      ]);
      expect(root.MaxParts).toBe('3');
      expect(root.PartNumberMarker).toBe(marker);
      const parts = (root.Part as Node[] | undefined) ?? [];
      seen.push(...parts.map((p) => Number(p.PartNumber)));
      if (root.IsTruncated === 'false') {
        expect(root.NextPartNumberMarker).toBeUndefined();
        break;
      }
      expect(parts.length).toBe(3);
      expect(root.NextPartNumberMarker).toBe(parts[2].PartNumber);
      marker = root.NextPartNumberMarker as string;
    }
    expect(seen).toEqual([1, 2, 3, 5, 8, 13, 21]);
  });

  it('a marker between part numbers starts after it', async () => {
    const { root } = await page([['part-number-marker', '4']]);
    expect((root.Part as Node[]).map((p) => Number(p.PartNumber))).toEqual([5, 8, 13, 21]);
  });

  it('caps max-parts at 1000 and refuses non-integers', async () => {
    expect((await page([['max-parts', '5000']])).root.MaxParts).toBe('1000');
    for (const bad of ['-1', 'abc', '1.5']) {
      const { res } = await page([['max-parts', bad]]);
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('InvalidArgument');
    }
    const { res } = await page([['part-number-marker', 'x']]);
    expect(errorCode(res)).toBe('InvalidArgument');
  });

  it('unknown uploadId is 404 NoSuchUpload', async () => {
    const res = await call(server, { method: 'GET', key, query: [['uploadId', 'nope']] });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('NoSuchUpload');
  });
});

describe('List Multipart Uploads (spec §2.7)', () => {
  let server: RunningServer;
  const ids = new Map<string, string[]>();
  beforeAll(async () => {
    server = await startServer();
    for (const key of ['a/1', 'a/2', 'b/1', 'a/1', 'c']) {
      const id = await initiate(server, key);
      ids.set(key, [...(ids.get(key) ?? []), id]);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  async function list(query: Array<[string, string | null]>) {
    const res = await call(server, { method: 'GET', query: [['uploads', null], ...query] });
    expect(res.status).toBe(200);
    const root = xml(res).ListMultipartUploadsResult as Node;
    const uploads = ((root.Upload as Node[] | undefined) ?? []).map((u) => `${u.Key}|${u.UploadId}`);
    return { root, uploads };
  }

  it('lists all uploads ordered by key then upload id, with UploadId elements', async () => {
    const { root, uploads } = await list([]);
    const a1 = [...ids.get('a/1')!].sort();
    expect(uploads).toEqual([
      `a/1|${a1[0]}`,
      `a/1|${a1[1]}`,
      `a/2|${ids.get('a/2')![0]}`,
      `b/1|${ids.get('b/1')![0]}`,
      `c|${ids.get('c')![0]}`,
    ]);
    expect(root.IsTruncated).toBe('false');
    expect(root.Bucket).toBe('examplebucket-1250000000');
  });

  it('filters by prefix', async () => {
    const { uploads } = await list([['prefix', 'a/']]);
    expect(uploads.map((u) => u.split('|')[0])).toEqual(['a/1', 'a/1', 'a/2']);
  });

  it('pages with max-uploads, key-marker and upload-id-marker', async () => {
    const all = (await list([])).uploads;
    const seen: string[] = [];
    let query: Array<[string, string]> = [];
    for (let i = 0; i < 10; i++) {
      const { root, uploads } = await list([['max-uploads', '2'], ...query]);
      seen.push(...uploads);
      if (root.IsTruncated === 'false') break;
      query = [
        ['key-marker', root.NextKeyMarker as string],
        ['upload-id-marker', root.NextUploadIdMarker as string],
      ];
    }
    expect(seen).toEqual(all);
  });

  it('groups by delimiter into CommonPrefixes', async () => {
    const { root, uploads } = await list([['delimiter', '/']]);
    expect(uploads.map((u) => u.split('|')[0])).toEqual(['c']);
    expect((root.CommonPrefixes as Node[]).map((p) => p.Prefix)).toEqual(['a/', 'b/']);
  });

  it('refuses a bad max-uploads and encoding-type with 400 InvalidArgument', async () => {
    for (const query of [[['max-uploads', 'x']], [['encoding-type', 'base64']]] as Array<
      Array<[string, string]>
    >) {
      const res = await call(server, { method: 'GET', query: [['uploads', null], ...query] });
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('InvalidArgument');
    }
  });

  it('an aborted upload disappears from the list', async () => {
    const [id] = ids.get('c')!;
    expect((await call(server, { method: 'DELETE', key: 'c', query: [['uploadId', id]] })).status).toBe(204);
    expect((await list([['prefix', 'c']])).uploads).toEqual([]);
  });
});
