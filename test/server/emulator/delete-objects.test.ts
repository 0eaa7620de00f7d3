/** Delete Objects (POST ?delete): whole-request refusals delete nothing; per-key errors; quiet mode. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../src/server/index.ts';
import { call, errorCode, md5Base64, xml } from '../helpers.ts';

type Node = Record<string, unknown>;

function asList(value: unknown): Node[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as Node[]) : [value as Node];
}

function deleteDoc(objects: Array<{ key: string; versionId?: string }>, quiet?: boolean): string {
  const entries = objects
    .map(
      (o) =>
        `<Object><Key>${o.key}</Key>${o.versionId ? `<VersionId>${o.versionId}</VersionId>` : ''}</Object>`,
    )
    .join('');
  return `<Delete>${quiet === undefined ? '' : `<Quiet>${quiet}</Quiet>`}${entries}</Delete>`;
}

describe('Delete Objects', () => {
  let server: RunningServer;
  const KEYS = ['k1', 'k2', 'dir/k3'];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    for (const key of KEYS) expect((await call(server, { method: 'PUT', key, body: key })).status).toBe(200);
  });

  async function send(body: string, headers: Record<string, string> = { 'content-md5': md5Base64(body) }) {
    return call(server, { method: 'POST', query: [['delete', null]], body, headers });
  }
  async function present(): Promise<string[]> {
    const out: string[] = [];
    for (const key of KEYS) if ((await call(server, { method: 'HEAD', key })).status === 200) out.push(key);
    return out;
  }

  it('deletes the listed keys, a missing one counts as deleted, and each is reported', async () => {
    const res = await send(deleteDoc([{ key: 'k1' }, { key: 'dir/k3' }, { key: 'never-there' }]));
    expect(res.status, res.text).toBe(200);
    const doc = xml(res).DeleteResult as Node;
    expect(asList(doc.Deleted).map((d) => d.Key)).toEqual(['k1', 'dir/k3', 'never-there']);
    expect(asList(doc.Error)).toEqual([]);
    expect(await present()).toEqual(['k2']);
  });

  it('quiet mode reports only failures; a version id other than null and an overlong key fail per key', async () => {
    const long = 'x'.repeat(851);
    const res = await send(
      deleteDoc([{ key: 'k1', versionId: 'null' }, { key: 'k2', versionId: 'v123' }, { key: long }], true),
    );
    expect(res.status, res.text).toBe(200);
    const doc = xml(res).DeleteResult as Node;
    expect(asList(doc.Deleted)).toEqual([]);
    expect(asList(doc.Error).map((e) => [e.Key === long ? 'long' : e.Key, e.Code])).toEqual([
      ['k2', 'NoSuchVersion'],
      ['long', 'KeyTooLongError'],
    ]);
    expect(await present()).toEqual(['k2', 'dir/k3']);
  });

  it('a deleted null version is reported with its VersionId', async () => {
    const res = await send(deleteDoc([{ key: 'k2', versionId: 'null' }]), undefined);
    const doc = xml(res).DeleteResult as Node;
    expect(asList(doc.Deleted)).toEqual([{ Key: 'k2', VersionId: 'null' }]);
  });

  const one = deleteDoc([{ key: 'k1' }]);
  for (const [why, body, headers, status, code] of [
    ['without Content-MD5 or checksum', one, {}, 400, 'MissingContentMD5'],
    ['with a malformed Content-MD5', one, { 'content-md5': 'not base64!' }, 400, 'InvalidDigest'],
    ['with a Content-MD5 of other bytes', one, { 'content-md5': md5Base64('other') }, 400, 'BadDigest'],
    [
      'with a wrong x-amz-checksum-sha256',
      one,
      { 'x-amz-checksum-sha256': sha256('other') },
      400,
      'BadDigest',
    ],
    [
      'with an unchecked x-amz-checksum-crc32c',
      one,
      { 'x-amz-checksum-crc32c': 'AAAAAA==' },
      501,
      'NotImplemented',
    ],
    ['not well-formed', '<Delete><Object><Key>k1</Key></Delete>', undefined, 400, 'MalformedXML'],
    ['with an Object lacking Key', '<Delete><Object></Object></Delete>', undefined, 400, 'MalformedXML'],
    [
      'with Quiet neither true nor false',
      deleteDoc([{ key: 'k1' }]).replace('<Delete>', '<Delete><Quiet>yes</Quiet>'),
      undefined,
      400,
      'MalformedXML',
    ],
    ['with no Object', '<Delete></Delete>', undefined, 400, 'MalformedXML'],
    [
      'with 1001 Objects',
      deleteDoc(Array.from({ length: 1001 }, () => ({ key: 'k1' }))),
      undefined,
      400,
      'MalformedXML',
    ],
  ] as Array<[string, string, Record<string, string> | undefined, number, string]>) {
    it(`a request ${why} is ${status} ${code} and deletes nothing`, async () => {
      const res = await send(body, headers ?? { 'content-md5': md5Base64(body) });
      expect([res.status, errorCode(res)]).toEqual([status, code]);
      expect(await present()).toEqual(KEYS);
    });
  }

  it('a matching x-amz-checksum-sha256 or x-amz-checksum-crc32 stands for Content-MD5 (newer S3 SDKs)', async () => {
    const body = deleteDoc([{ key: 'k1' }]);
    expect((await send(body, { 'x-amz-checksum-sha256': sha256(body) })).status).toBe(200);
    const crc = Buffer.alloc(4);
    const { crc32 } = await import('node:zlib');
    crc.writeUInt32BE(crc32(Buffer.from(deleteDoc([{ key: 'k2' }]))));
    expect(
      (await send(deleteDoc([{ key: 'k2' }]), { 'x-amz-checksum-crc32': crc.toString('base64') })).status,
    ).toBe(200);
    expect(await present()).toEqual(['dir/k3']);
  });

  it('on a missing bucket: 404 NoSuchBucket', async () => {
    const body = deleteDoc([{ key: 'k1' }]);
    const res = await call(server, {
      method: 'POST',
      query: [['delete', null]],
      bucket: 'nosuch-1250000000',
      style: 'path',
      body,
      headers: { 'content-md5': md5Base64(body) },
    });
    expect([res.status, errorCode(res)]).toEqual([404, 'NoSuchBucket']);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
