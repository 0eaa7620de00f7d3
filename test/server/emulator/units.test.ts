/** Pure pieces of the operations around multipart: copy-source parsing, v2 tokens, conditions. */
import { describe, expect, it } from 'vitest';
import { CosError } from '../../../src/server/http/cos-error.ts';
import { evaluateConditions } from '../../../src/server/handlers/conditions.ts';
import { parseCopySource } from '../../../src/server/handlers/copy-source.ts';
import { keyOfToken, tokenOf } from '../../../src/server/handlers/list-objects-v2.ts';

describe('parseCopySource', () => {
  for (const [header, bucket, key] of [
    [
      'examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/a/b%20c.txt',
      'examplebucket-1250000000',
      'a/b c.txt',
    ],
    ['/examplebucket-1250000000/a%2Fb.txt', 'examplebucket-1250000000', 'a/b.txt'],
    ['examplebucket-1250000000/%E2%82%AC?versionId=null', 'examplebucket-1250000000', '€'],
  ] as const) {
    it(`${header} → ${bucket} / ${key}`, () => {
      expect(parseCopySource(header)).toEqual({ bucket, key });
    });
  }
  for (const header of ['bucket', 'bucket/', '/k', 'b/k?versionId=1', 'b/k?x=1', 'b/%E2%82']) {
    it(`refuses ${JSON.stringify(header)} with InvalidArgument`, () => {
      expect(() => parseCopySource(header)).toThrow(CosError);
      try {
        parseCopySource(header);
      } catch (err) {
        expect((err as CosError).code).toBe('InvalidArgument');
      }
    });
  }
});

describe('List Objects v2 continuation tokens', () => {
  it('round-trip any key, and refuse what this server did not issue', () => {
    for (const key of ['a', 'dir/é x+y', '']) expect(keyOfToken(tokenOf(key))).toBe(key);
    for (const token of ['', 'abc', Buffer.from('a').toString('base64url'), `${tokenOf('a')}=`]) {
      expect(() => keyOfToken(token)).toThrow(CosError);
    }
  });
});

describe('evaluateConditions', () => {
  const object = { etag: '"abc"', lastModified: new Date('2026-01-01T00:00:00.500Z') };
  it('compares ETags without quotes or W/, and dates to the second', () => {
    expect(evaluateConditions({ 'if-match': 'W/"abc"' }, object)).toBe('proceed');
    expect(evaluateConditions({ 'if-none-match': 'abc' }, object)).toBe('not-modified');
    expect(evaluateConditions({ 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }, object)).toBe(
      'not-modified',
    );
    expect(evaluateConditions({ 'if-unmodified-since': 'Wed, 31 Dec 2025 23:59:59 GMT' }, object)).toBe(
      'precondition-failed',
    );
    expect(evaluateConditions({ 'x-cos-copy-source-if-match': '"x"' }, object, 'x-cos-copy-source-')).toBe(
      'precondition-failed',
    );
    expect(evaluateConditions({ 'if-match': '"x"' }, object, 'x-cos-copy-source-')).toBe('proceed');
  });
});
