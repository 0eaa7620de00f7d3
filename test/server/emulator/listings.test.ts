/** List Objects v2, List Object Versions (unversioned: one `null` version each), Get Bucket Location. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  type RunningServer,
  startServer,
} from '../../../src/server/index.ts';
import { call, errorCode, xml } from '../helpers.ts';

type Node = Record<string, unknown>;

function asList(value: unknown): Node[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as Node[]) : [value as Node];
}

const KEYS = ['a/1', 'a/2', 'b/x/1', 'b/y', 'c', 'd e+f', 'é'];

describe('listings around multipart', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    for (const key of KEYS) {
      const put = await call(server, { method: 'PUT', key, body: `body of ${key}` });
      expect(put.status).toBe(200);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  async function v2(query: Array<[string, string | null]>, style: 'virtual' | 'path' = 'virtual') {
    const res = await call(server, { method: 'GET', query: [['list-type', '2'], ...query], style });
    expect(res.status, res.text).toBe(200);
    return xml(res).ListBucketResult as Node;
  }

  it('v2 pages with continuation tokens until every key was listed once, in order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const doc = await v2([
        ['max-keys', '2'],
        ...(token ? [['continuation-token', token] as [string, string]] : []),
      ]);
      const contents = asList(doc.Contents);
      expect(doc.KeyCount).toBe(String(contents.length));
      expect(contents.every((c) => c.Owner === undefined)).toBe(true);
      seen.push(...contents.map((c) => String(c.Key)));
      if (doc.IsTruncated === 'false') {
        expect(doc.NextContinuationToken).toBeUndefined();
        break;
      }
      token = String(doc.NextContinuationToken);
      if (page > 0) expect(doc.ContinuationToken).toBeDefined();
    }
    expect(seen).toEqual(KEYS);
  });

  it('v2: delimiter groups, start-after skips, fetch-owner adds Owner, encoding-type=url encodes keys', async () => {
    const grouped = await v2([['delimiter', '/']], 'path');
    expect(asList(grouped.CommonPrefixes).map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(asList(grouped.Contents).map((c) => c.Key)).toEqual(['c', 'd e+f', 'é']);
    expect(grouped.KeyCount).toBe('5');
    const after = await v2([
      ['start-after', 'b/y'],
      ['fetch-owner', 'true'],
    ]);
    expect(asList(after.Contents).map((c) => c.Key)).toEqual(['c', 'd e+f', 'é']);
    expect(asList(after.Contents)[0].Owner).toBeDefined();
    expect(after.StartAfter).toBe('b/y');
    const encoded = await v2([
      ['encoding-type', 'url'],
      ['prefix', 'd'],
    ]);
    expect(asList(encoded.Contents).map((c) => c.Key)).toEqual(['d%20e%2Bf']);
  });

  for (const [query, why] of [
    [[['continuation-token', 'not-a-token']], 'a token this server did not issue'],
    [[['continuation-token', '']], 'an empty token'],
    [[['fetch-owner', 'yes']], 'fetch-owner neither true nor false'],
    [[['max-keys', '-1']], 'a negative max-keys'],
    [[['encoding-type', 'base64']], 'an unknown encoding-type'],
  ] as Array<[Array<[string, string]>, string]>) {
    it(`v2 refuses ${why} with 400 InvalidArgument`, async () => {
      const res = await call(server, { method: 'GET', query: [['list-type', '2'], ...query] });
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('InvalidArgument');
    });
  }

  it('list-type other than 2 is 400 InvalidArgument', async () => {
    const res = await call(server, { method: 'GET', query: [['list-type', '3']] });
    expect([res.status, errorCode(res)]).toEqual([400, 'InvalidArgument']);
  });

  it('versions: each object is its one null version, latest; pages by key-marker and version-id-marker', async () => {
    const seen: string[] = [];
    let marker: [string, string][] = [];
    for (let page = 0; page < 10; page++) {
      const res = await call(server, {
        method: 'GET',
        query: [['versions', null], ['max-keys', '3'], ...marker],
      });
      expect(res.status, res.text).toBe(200);
      const doc = xml(res).ListVersionsResult as Node;
      for (const v of asList(doc.Version)) {
        expect(v.VersionId).toBe('null');
        expect(v.IsLatest).toBe('true');
        expect(String(v.ETag)).toMatch(/^"[0-9a-f]{32}"$/);
        seen.push(String(v.Key));
      }
      if (doc.IsTruncated === 'false') break;
      expect(doc.NextVersionIdMarker).toBe('null');
      marker = [
        ['key-marker', String(doc.NextKeyMarker)],
        ['version-id-marker', String(doc.NextVersionIdMarker)],
      ];
    }
    expect(seen).toEqual(KEYS);
  });

  it('versions with a delimiter roll keys up into CommonPrefixes', async () => {
    const res = await call(server, {
      method: 'GET',
      query: [
        ['versions', null],
        ['delimiter', '/'],
        ['prefix', 'b/'],
      ],
      style: 'path',
    });
    const doc = xml(res).ListVersionsResult as Node;
    expect(asList(doc.CommonPrefixes).map((p) => p.Prefix)).toEqual(['b/x/']);
    expect(asList(doc.Version).map((v) => v.Key)).toEqual(['b/y']);
  });

  for (const [query, why] of [
    [[['version-id-marker', 'null']], 'a version-id-marker without key-marker'],
    [
      [
        ['key-marker', 'a/1'],
        ['version-id-marker', '3HL4kqtJlcpXroDTDmJ'],
      ],
      'a version id that cannot exist',
    ],
  ] as Array<[Array<[string, string]>, string]>) {
    it(`versions refuses ${why} with 400 InvalidArgument`, async () => {
      const res = await call(server, { method: 'GET', query: [['versions', null], ...query] });
      expect([res.status, errorCode(res)]).toEqual([400, 'InvalidArgument']);
    });
  }

  it('?versioning (turning versioning on) stays 501 NotImplemented', async () => {
    const res = await call(server, { method: 'GET', query: [['versioning', null]] });
    expect([res.status, errorCode(res)]).toEqual([501, 'NotImplemented']);
  });

  it('location answers the region; a missing bucket is 404 NoSuchBucket', async () => {
    const res = await call(server, { method: 'GET', query: [['location', null]], style: 'path' });
    expect(res.status).toBe(200);
    expect(xml(res).LocationConstraint).toBe(DEFAULT_REGION);
    const missing = await call(server, {
      method: 'GET',
      query: [['location', null]],
      bucket: 'nosuch-1250000000',
    });
    expect([missing.status, errorCode(missing)]).toEqual([404, 'NoSuchBucket']);
    expect(DEFAULT_BUCKET).not.toBe('nosuch-1250000000');
  });
});
