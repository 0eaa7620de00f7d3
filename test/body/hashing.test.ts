import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc64 } from '../../src/body/crc64.ts';
import { BodyHasher, createHashingTransform, digestOf } from '../../src/body/hashing.ts';

/** Collects a stream's bytes. */
function sink(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _e, cb): void {
      into.push(chunk);
      cb();
    },
  });
}

describe('createHashingTransform', () => {
  it('passes bytes through unchanged and hashes them in the same pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 500 }), { maxLength: 8 }), async (chunks) => {
        const out: Buffer[] = [];
        const hashing = createHashingTransform();
        await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), hashing, sink(out));
        const all = Buffer.concat(chunks);
        expect(Buffer.concat(out).equals(all)).toBe(true);
        const md5 = createHash('md5').update(all).digest();
        expect(hashing.digest()).toEqual({
          size: all.length,
          md5Hex: md5.toString('hex'),
          md5Base64: md5.toString('base64'),
          crc64: crc64(all).toString(),
        });
      }),
      { numRuns: 50 },
    );
  });

  it('gives the digests of the empty body', async () => {
    const hashing = createHashingTransform();
    await pipeline(Readable.from([]), hashing, sink([]));
    expect(hashing.digest()).toEqual({
      size: 0,
      md5Hex: 'd41d8cd98f00b204e9800998ecf8427e',
      md5Base64: '1B2M2Y8AsgTpgAmY7PhCfg==',
      crc64: '0',
    });
  });
});

describe('BodyHasher', () => {
  it('can be read midway and keeps going', () => {
    const hasher = new BodyHasher().update(Buffer.from('hello'));
    expect(hasher.digest().crc64).toBe('11177612005948864433');
    hasher.update(Buffer.from(' world'));
    const d = hasher.digest();
    expect(d.size).toBe(11);
    expect(d.crc64).toBe('5981764153023615706');
    expect(d.md5Hex).toBe('5eb63bbbe01eeed093cb22bb8f5acdc3');
  });
});

describe('digestOf', () => {
  it('gives what a BodyHasher fed the same bytes gives', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        const md5 = createHash('md5').update(bytes).digest();
        expect(digestOf(bytes)).toEqual(new BodyHasher().update(bytes).digest());
        expect(digestOf(bytes)).toEqual({
          size: bytes.length,
          md5Hex: md5.toString('hex'),
          md5Base64: md5.toString('base64'),
          crc64: crc64(bytes).toString(),
        });
      }),
      { numRuns: 60 },
    );
  });
});
