import { describe, expect, it } from 'vitest';
import { resolveRequestAddress, virtualHostBucket } from '../../src/server/http/addressing.ts';
import { CosError } from '../../src/server/http/cos-error.ts';
import { parseRange } from '../../src/server/http/range.ts';
import { newRequestId } from '../../src/server/http/request-id.ts';
import { pageOf } from '../../src/server/handlers/paging.ts';

describe('addressing', () => {
  it('virtual host: first label <name>-<appid> followed by any domain, port ignored', () => {
    expect(virtualHostBucket('examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com')).toBe(
      'examplebucket-1250000000',
    );
    expect(virtualHostBucket('examplebucket-1250000000.localhost:8080')).toBe('examplebucket-1250000000');
    expect(virtualHostBucket('Examplebucket-1250000000.cos.x')).toBe('examplebucket-1250000000');
    for (const host of [
      '127.0.0.1:9000',
      'localhost',
      'cos.ap-guangzhou.myqcloud.com',
      'noappid.cos.x',
      '[::1]:80',
    ]) {
      expect(virtualHostBucket(host)).toBeUndefined();
    }
  });

  it('answers the same for a Host seen before, among more Hosts than it remembers', () => {
    const hosts = Array.from({ length: 150 }, (_, i) =>
      i % 2 === 0 ? `b${i}-125000000${i % 10}.cos.x:${i}` : `10.0.0.${i}:80`,
    );
    for (let pass = 0; pass < 3; pass++) {
      for (const [i, host] of hosts.entries()) {
        expect(virtualHostBucket(host)).toBe(i % 2 === 0 ? `b${i}-125000000${i % 10}` : undefined);
      }
    }
  });

  it('decodes the path once; + stays a plus; // is kept', () => {
    const vh = resolveRequestAddress('b-1.cos.x', '/a+b/%E8%85%BE%20x//y%2Bz%2541');
    expect(vh).toMatchObject({ style: 'virtual-host', bucket: 'b-1', key: 'a+b/腾 x//y+z%41' });
    expect(vh.signedPathnames).toEqual(['/a+b/腾 x//y+z%41']);
  });

  it('path style: bucket from the first segment; signature paths with and without the bucket', () => {
    const ps = resolveRequestAddress('127.0.0.1:9000', '/b-1/dir/k%20ey');
    expect(ps).toMatchObject({ style: 'path', bucket: 'b-1', key: 'dir/k ey' });
    expect(ps.signedPathnames).toEqual(['/b-1/dir/k ey', '/dir/k ey']);
    expect(resolveRequestAddress('127.0.0.1', '/b-1')).toMatchObject({ bucket: 'b-1', key: '' });
    expect(resolveRequestAddress('127.0.0.1', '/').bucket).toBeUndefined();
  });

  it('a malformed escape is InvalidURI', () => {
    expect(() => resolveRequestAddress('b-1.cos.x', '/%E8%85')).toThrow(CosError);
  });
});

describe('parseRange', () => {
  it('reads the three forms and ignores others', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=3-', 10)).toEqual({ start: 3, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined();
    expect(parseRange('items=0-1', 10)).toBeUndefined();
  });

  it('throws 416 InvalidRange when nothing is selected', () => {
    for (const header of ['bytes=10-', 'bytes=-0', 'bytes=0-']) {
      const size = header === 'bytes=0-' ? 0 : 10;
      try {
        parseRange(header, size);
        expect.unreachable(header);
      } catch (err) {
        expect((err as CosError).status).toBe(416);
        expect((err as CosError).headers['Content-Range']).toBe(`bytes */${size}`);
      }
    }
  });
});

describe('request id', () => {
  it('is base64 of <8-hex secs>_<hex>_<hex>_<hex> (spec §1.3)', () => {
    const id = newRequestId(0x5e7b2d52 * 1000);
    const raw = Buffer.from(id, 'base64').toString('latin1');
    expect(raw).toMatch(/^5e7b2d52_[0-9a-f]+_[0-9a-f]+_[0-9a-f]+$/);
    expect(newRequestId()).not.toBe(newRequestId());
    // The seconds of each id, whichever second the previous id was made in.
    for (const secs of [0x5e7b2d52, 0x6a000000, 0x5e7b2d52, 0x5e7b2d53]) {
      expect(Buffer.from(newRequestId(secs * 1000 + 999), 'base64').toString('latin1')).toMatch(
        new RegExp(`^${secs.toString(16)}_[0-9a-f]{8}_[0-9a-f]+_[0-9a-f]{6}$`),
      );
    }
  });
});

describe('pageOf', () => {
  const entries = ['a/1', 'a/2', 'b', 'c/1', 'd'].map((key) => ({ key, item: key }));
  it('counts a common prefix once and reports the next marker', () => {
    const page = pageOf(entries, '', '/', 2);
    expect(page.commonPrefixes).toEqual(['a/']);
    expect(page.items).toEqual(['b']);
    expect(page.truncated).toBe(true);
    expect(page.nextMarker).toBe('b');
    const all = pageOf(entries, '', '', 10);
    expect(all.items).toEqual(['a/1', 'a/2', 'b', 'c/1', 'd']);
    expect(all.truncated).toBe(false);
  });
});
