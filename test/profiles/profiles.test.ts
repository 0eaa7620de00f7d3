import { describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/registry.ts';
import { confidenceLabel, derivedConfidence, expectationConfidence } from '../../src/profiles/confidence.ts';
import { decision, doc, observed, peerSuite, recorded, rejected } from '../../src/profiles/evidence.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import type { CheckExpectation, Profile } from '../../src/profiles/types.ts';
import { profileProblems } from '../../src/profiles/validate.ts';

const profiles = Object.values(PROFILES);

/** `p` with the expectation of `id` replaced. */
function withEntry(p: Profile, id: string, e: CheckExpectation): Profile {
  return { ...p, expectations: { ...p.expectations, [id]: e } };
}

describe.each(profiles.map((p) => [p.name, p] as const))('profile %s', (_name, p) => {
  test('obeys every profile rule (coverage, evidence, error-code table, unique names, confidence)', () => {
    expect(profileProblems(p)).toEqual([]);
  });

  test('every expectation has a derivable confidence', () => {
    for (const c of CHECKS) {
      const e = p.expectations[c.id]!;
      expect(expectationConfidence(e), `${p.name}: ${c.id}`).toMatch(/^(confirmed|documented|inferred)$/);
    }
  });

  test('limits are consistent', () => {
    const { minPartSize, minPartSizeCandidates, maxPartSize, minPartNumber, maxPartNumber } = p.limits;
    expect(minPartSizeCandidates.value).toContain(minPartSize.value);
    expect(Math.max(...minPartSizeCandidates.value)).toBe(minPartSize.value);
    expect(maxPartSize.value).toBe(5 * 1024 ** 3);
    expect([minPartNumber.value, maxPartNumber.value]).toEqual([1, 10_000]);
    const measured = p.expectations['part-size.upload-part.non-last-boundary-measured'];
    expect(measured && 'variants' in measured && measured.variants.map((v) => Number(v.name))).toEqual([
      ...minPartSizeCandidates.value,
    ]);
  });
});

describe('profiles differ where the sources do', () => {
  const allowed = (name: 'cos' | 's3', id: string) => {
    const e = PROFILES[name].expectations[id];
    return e && 'variants' in e ? e.variants.map((v) => v.name) : ['n/a'];
  };
  test('gaps: COS documents refuse, S3 allows', () => {
    expect(allowed('cos', 'complete.complete.subset-with-gaps')).toEqual(['InvalidPart']);
    expect(allowed('s3', 'complete.complete.subset-with-gaps')).toEqual(['accepted']);
  });
  test('COS "1 MB" is measured among two readings; S3 has one', () => {
    expect(PROFILES.cos.limits.minPartSizeCandidates.value).toEqual([1_000_000, 1_048_576]);
    expect(PROFILES.s3.limits.minPartSize.value).toBe(5 * 1_048_576);
  });
  test('S3 records the Ceph RGW deviations it knows', () => {
    const e = PROFILES.s3.expectations['complete.complete.ascending-order-required'];
    expect(e && 'variants' in e && e.deviations?.[0].vendor).toMatch(/RGW/);
  });
});

describe('profile rules fire on profiles broken on purpose', () => {
  const cos = PROFILES.cos;
  const id = 'integrity.upload-part.md5-wrong';
  const bad = rejected('BadDigest', doc('spec §4.2 [D7730]'));

  test("an error variant whose status is not the error-code table's for its code", () => {
    const broken = withEntry(cos, id, { variants: [{ ...bad, status: [404] }] });
    expect(profileProblems(broken)).toEqual([
      `${id}/BadDigest: BadDigest with status 404, the table says 400`,
    ]);
  });

  test('an error variant whose code is not in the error-code table', () => {
    const broken = withEntry(cos, id, { variants: [{ ...bad, name: 'x', code: 'BadMd5' }] });
    expect(profileProblems(broken)).toEqual([`${id}/x: code BadMd5 is not in the error-code table`]);
  });

  test('a missing expectation, an unknown id, duplicate names, an allowed outcome without evidence', () => {
    const { [id]: _gone, ...rest } = cos.expectations;
    expect(profileProblems({ ...cos, expectations: rest })).toEqual([`${id}: no expectation`]);
    expect(profileProblems(withEntry(cos, 'no.such.check', cos.expectations[id]!))).toEqual([
      'no.such.check: not a check of the catalogue',
    ]);
    expect(profileProblems(withEntry(cos, id, { variants: [bad, bad] }))).toEqual([
      `${id}: duplicate variant names`,
    ]);
    expect(profileProblems(withEntry(cos, id, { variants: [{ ...bad, evidence: [] }] }))).toEqual([
      `${id}: confidence: no evidence to derive a confidence from`,
      `${id}/BadDigest: no evidence`,
    ]);
  });

  test('a stated confidence above what the evidence supports is a profile error', () => {
    const overstated = withEntry(cos, id, { variants: [bad], confidence: 'confirmed' });
    expect(profileProblems(overstated)).toEqual([
      `${id}: confidence: states confidence confirmed, but its evidence supports documented at most`,
    ]);
    expect(expectationConfidence(overstated.expectations[id]!)).toBeUndefined();
    // Stating a weaker confidence than the evidence is allowed (the evidence may overstate it).
    const weaker = withEntry(cos, id, { variants: [bad], confidence: 'inferred' });
    expect(profileProblems(weaker)).toEqual([]);
  });
});

describe('confidence is derived from the evidence', () => {
  const one = (...evidence: ReturnType<typeof doc>[]): CheckExpectation => ({
    variants: [{ name: 'v', evidence }],
  });

  test('a live or recorded answer confirms, a document documents, the rest infers; the strongest wins', () => {
    expect(derivedConfidence(one(doc('spec §2.2 [D7750]')))).toBe('documented');
    expect(derivedConfidence(one(doc('spec §4.2 [D7730][OBS-rclone]')))).toBe('confirmed');
    expect(derivedConfidence(one(doc('§2'), observed('[OBS-x]')))).toBe('confirmed');
    expect(derivedConfidence(one(recorded('test/peers/rgw.test.ts')))).toBe('confirmed');
    expect(derivedConfidence(one(decision('why'), peerSuite('(d)4')))).toBe('inferred');
    expect(derivedConfidence(one())).toBeUndefined();
  });

  test('the COS profile: stated where the evidence overstates, derived elsewhere', () => {
    const conf = (checkId: string) => expectationConfidence(PROFILES.cos.expectations[checkId]!);
    expect(conf('part-number.upload-part.reject-zero')).toBe('documented');
    expect(conf('integrity.upload-part.md5-wrong')).toBe('confirmed');
    expect(conf('complete.complete.subset-with-gaps')).toBe('documented');
    expect(conf('part-number.upload-part.leading-zero')).toBe('inferred');
    expect(confidenceLabel('documented', 'cos')).toBe('documented, unconfirmed on COS');
  });
});
