import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyBytes, createPartBody, describeMismatch } from '../../src/body/part-body.ts';
import { createBodyVerifier } from '../../src/body/verify.ts';

const a = { seed: 1, size: 200_000, stamp: { upload: 5, part: 1 } };
const b = { seed: 2, size: 70_000, stamp: { upload: 5, part: 2 } };

function pieces(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, data.length]) {
    if (p > from) out.push(data.subarray(from, p));
    from = p;
  }
  return out;
}

describe('createBodyVerifier', () => {
  it('accepts the right bytes streamed from the generator', async () => {
    const verifier = createBodyVerifier(a);
    await pipeline(createPartBody(a), verifier);
    expect(verifier.result()).toMatchObject({ ok: true, received: a.size, expectedSize: a.size });
  });

  it('finds the same first mismatch as describeMismatch, however the bytes are chunked', async () => {
    const right = Buffer.concat([bodyBytes(a), bodyBytes(b)]);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: right.length - 1 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        async (at, length, cuts) => {
          // Overwrite a run with bytes from elsewhere in part 1.
          const wrong = Buffer.from(right);
          right.copy(wrong, at, 1000, 1000 + Math.min(length, right.length - at));
          const expected = describeMismatch([a, b], wrong);
          const verifier = createBodyVerifier([a, b]);
          await pipeline(Readable.from(pieces(wrong, cuts)), verifier);
          const result = verifier.result();
          expect(result.mismatch).toEqual(expected);
          expect(result.ok).toBe(expected === undefined);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports a short body and extra bytes', async () => {
    const short = createBodyVerifier([a, b]);
    await pipeline(Readable.from([bodyBytes(a)]), short);
    expect(short.result()).toMatchObject({ ok: false, received: a.size });
    expect(short.result().message).toBe(`body ended at byte ${a.size}, expected ${a.size + b.size} bytes`);

    const long = createBodyVerifier(a);
    await pipeline(Readable.from([bodyBytes(a), bodyBytes(b).subarray(0, 300)]), long);
    expect(long.result().ok).toBe(false);
    expect(long.result().message).toBe(
      `byte ${a.size}: expected end of body, found extra bytes from upload 5 part 2 offset 0`,
    );
  });
});
