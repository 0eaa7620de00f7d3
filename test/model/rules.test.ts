/** The model against itself: Complete lists it builds break exactly the rules it says they break. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { completeKindArb } from '../../src/model/arbitraries.ts';
import { buildCompleteList, completeRules, smallNonLastAtUploadPart } from '../../src/model/commands.ts';
import type { ModelPart, UploadModel } from '../../src/model/upload-model.ts';
import { COS_PROFILE, S3_PROFILE } from '../../src/profiles/index.ts';
import {
  addUpload,
  emptyModel,
  expectedEtag,
  pickUpload,
  sortedParts,
} from '../../src/model/upload-model.ts';

const MIN = 1000;
const limits = { minPartSize: MIN, minCandidate: 900 };

function partsArb(): fc.Arbitrary<Map<number, ModelPart>> {
  return fc
    .uniqueArray(
      fc.record({
        partNumber: fc.integer({ min: 1, max: 8 }),
        size: fc.constantFrom(0, 10, 950, MIN, MIN + 5),
        seed: fc.nat(),
      }),
      { selector: (p) => p.partNumber, maxLength: 6 },
    )
    .map(
      (ps) =>
        new Map(
          ps.map((p) => [
            p.partNumber,
            {
              partNumber: p.partNumber,
              size: p.size,
              spec: { seed: p.seed, size: p.size },
              md5Hex: p.seed.toString(16).padStart(32, '0'),
              crc64: '0',
            },
          ]),
        ),
    );
}

describe('completeRules over buildCompleteList', () => {
  test('each kind breaks its rule', () => {
    fc.assert(
      fc.property(partsArb(), completeKindArb, fc.nat({ max: 1000 }), (parts, kind, pick) => {
        const sorted = [...parts.values()].sort((a, b) => a.partNumber - b.partNumber);
        const list = buildCompleteList(sorted, kind, pick);
        const { violations } = completeRules(list, parts, limits);
        if (list.length === 0) expect(violations).toEqual(['complete.complete.empty-part-list']);
        if (kind === 'unordered' && sorted.length >= 2)
          expect(violations).toContain('complete.complete.ascending-order-required');
        if (kind === 'wrong-etag' && sorted.length >= 1)
          expect(violations).toContain('complete.complete.wrong-etag');
        if (kind === 'missing') expect(violations).toContain('complete.complete.missing-part');
        if (kind === 'ordered' || kind === 'subset') {
          expect(violations).not.toContain('complete.complete.ascending-order-required');
          expect(violations).not.toContain('complete.complete.wrong-etag');
          expect(violations).not.toContain('complete.complete.missing-part');
        }
      }),
    );
  });

  test('an ordered list of 1..n with every non-last part at the minimum breaks nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2000 }), (n, last) => {
        const parts = new Map<number, ModelPart>();
        for (let i = 1; i <= n; i++) {
          const size = i === n ? last : MIN;
          parts.set(i, {
            partNumber: i,
            size,
            spec: { seed: i, size },
            md5Hex: `${i}`.padStart(32, '0'),
            crc64: '0',
          });
        }
        const list = buildCompleteList([...parts.values()], 'ordered', 0);
        expect(list.map((p) => p.etag)).toEqual([...parts.values()].map(expectedEtag));
        expect(completeRules(list, parts, limits)).toEqual({ violations: [], maybe: [] });
      }),
    );
  });

  test('gaps, a start above 1 and small parts are named', () => {
    const mk = (n: number, size: number): ModelPart => ({
      partNumber: n,
      size,
      spec: { seed: n, size },
      md5Hex: `${n}`.padStart(32, '0'),
      crc64: '0',
    });
    const parts = new Map([1, 3].map((n) => [n, mk(n, MIN)]));
    const l = buildCompleteList([...parts.values()], 'ordered', 0);
    expect(completeRules(l, parts, limits).violations).toEqual(['complete.complete.subset-with-gaps']);
    const fromTwo = new Map([2, 3].map((n) => [n, mk(n, MIN)]));
    expect(
      completeRules(buildCompleteList([...fromTwo.values()], 'ordered', 0), fromTwo, limits).maybe,
    ).toEqual(['complete.complete.subset-with-gaps']);
    const small = new Map([mk(1, 10), mk(2, 10)].map((p) => [p.partNumber, p]));
    expect(
      completeRules(buildCompleteList([...small.values()], 'ordered', 0), small, limits).violations,
    ).toEqual(['part-size.upload-part.non-last-below-min-rejected']);
    const between = new Map([mk(1, 950), mk(2, 10)].map((p) => [p.partNumber, p]));
    expect(
      completeRules(buildCompleteList([...between.values()], 'ordered', 0), between, limits).maybe,
    ).toEqual(['part-size.upload-part.non-last-below-min-rejected']);
  });
});

describe('upload model', () => {
  test('uploads are picked modulo their count, parts sorted by number', () => {
    const m = emptyModel();
    expect(pickUpload(m, 0)).toBeUndefined();
    const u0 = addUpload(m);
    const u1 = addUpload(m);
    expect(pickUpload(m, 3)).toBe(u1);
    expect(pickUpload(m, 2)).toBe(u0);
    u0.parts.set(3, { partNumber: 3, size: 1, spec: { seed: 1, size: 1 }, md5Hex: 'a', crc64: '0' });
    u0.parts.set(1, { partNumber: 1, size: 1, spec: { seed: 1, size: 1 }, md5Hex: 'b', crc64: '0' });
    expect(sortedParts(u0).map((p) => p.partNumber)).toEqual([1, 3]);
  });
});

describe('smallNonLastAtUploadPart', () => {
  const part = (partNumber: number, size: number): ModelPart => ({
    partNumber,
    size,
    spec: { seed: 1, size, stamp: { upload: 1, part: partNumber } },
    md5Hex: '0'.repeat(32),
    crc64: '0',
  });
  const upload = (numbers: number[]): UploadModel => ({
    index: 0,
    state: 'open',
    parts: new Map(numbers.map((n) => [n, part(n, 1_048_576)])),
  });
  const id = 'part-size.upload-part.non-last-below-min-rejected';

  test('under cos a small part below a stored higher part may be refused at Upload Part', () => {
    expect(smallNonLastAtUploadPart(COS_PROFILE, upload([3]), 2, 10)).toEqual([id]);
  });
  test('not when it may still be the last part, or is at the minimum', () => {
    expect(smallNonLastAtUploadPart(COS_PROFILE, upload([1]), 2, 10)).toEqual([]);
    expect(smallNonLastAtUploadPart(COS_PROFILE, upload([3]), 2, 1_048_576)).toEqual([]);
  });
  test('never under s3, whose profile has no at-upload-part outcome', () => {
    expect(smallNonLastAtUploadPart(S3_PROFILE, upload([3]), 2, 10)).toEqual([]);
  });
});
