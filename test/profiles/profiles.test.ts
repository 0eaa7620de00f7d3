import { describe, expect, test } from 'vitest';
import { responseVariants } from '../../src/checks/kit/response.ts';
import { CHECKS } from '../../src/checks/registry.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import type { Evidence, Fact } from '../../src/profiles/types.ts';
import { ERROR_CODES } from '../../src/spec/error-codes.ts';

const profiles = Object.values(PROFILES);

function checkEvidence(list: readonly Evidence[], where: string) {
  expect(list.length, `${where} has evidence`).toBeGreaterThan(0);
  for (const e of list) expect(e.ref.trim(), `${where} evidence ref`).not.toBe('');
}

describe.each(profiles.map((p) => [p.name, p] as const))('profile %s', (_name, p) => {
  test('has an expectation for every check, and none for unknown ids', () => {
    for (const c of CHECKS) expect(p.expectations[c.id], `${p.name}: ${c.id}`).toBeDefined();
    const known = new Set(CHECKS.map((c) => c.id));
    for (const id of Object.keys(p.expectations))
      expect(known.has(id), `${p.name}: unknown ${id}`).toBe(true);
  });

  test('every allowed outcome and every fact carries evidence', () => {
    for (const [id, e] of Object.entries(p.expectations)) {
      if ('notApplicable' in e) {
        expect(e.notApplicable).not.toBe('');
        checkEvidence(e.evidence, id);
        continue;
      }
      expect(e.variants.length, id).toBeGreaterThan(0);
      for (const v of e.variants) checkEvidence(v.evidence, `${id}/${v.name}`);
      for (const d of e.deviations ?? []) checkEvidence([d.evidence], `${id} deviation`);
    }
    const facts: Array<[string, Fact<unknown>]> = [
      ...Object.entries(p.limits),
      ...Object.entries(p.features),
    ];
    for (const [name, f] of facts) checkEvidence(f.evidence, name);
  });

  test('error variants name known codes with their documented status', () => {
    for (const [id, e] of Object.entries(p.expectations)) {
      if ('notApplicable' in e) continue;
      for (const v of responseVariants(e.variants)) {
        if (v.code === undefined) continue;
        const fact = (ERROR_CODES as Record<string, { status: number }>)[v.code];
        expect(fact, `${id}: ${v.code} is in src/spec/error-codes.ts`).toBeDefined();
        expect(v.status, `${id}: ${v.code}`).toEqual([fact.status]);
      }
    }
  });

  test('variant names are unique within a check', () => {
    for (const [id, e] of Object.entries(p.expectations)) {
      if ('notApplicable' in e) continue;
      const names = e.variants.map((v) => v.name);
      expect(new Set(names).size, id).toBe(names.length);
    }
  });

  test('limits are consistent', () => {
    const { minPartSize, minPartSizeCandidates, maxPartSize, minPartNumber, maxPartNumber } = p.limits;
    expect(minPartSizeCandidates.value).toContain(minPartSize.value);
    expect(Math.max(...minPartSizeCandidates.value)).toBe(minPartSize.value);
    expect(maxPartSize.value).toBe(5 * 1024 ** 3);
    expect([minPartNumber.value, maxPartNumber.value]).toEqual([1, 10_000]);
    const measured = p.expectations['part-size.non-last.boundary-measured'];
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
    expect(allowed('cos', 'complete.part.subset-with-gaps')).toEqual(['InvalidPart']);
    expect(allowed('s3', 'complete.part.subset-with-gaps')).toEqual(['accepted']);
  });
  test('COS "1 MB" is measured among two readings; S3 has one', () => {
    expect(PROFILES.cos.limits.minPartSizeCandidates.value).toEqual([1_000_000, 1_048_576]);
    expect(PROFILES.s3.limits.minPartSize.value).toBe(5 * 1_048_576);
  });
  test('S3 records the Ceph RGW deviations it knows', () => {
    const e = PROFILES.s3.expectations['complete.order.ascending-required'];
    expect(e && 'variants' in e && e.deviations?.[0].vendor).toMatch(/RGW/);
  });
});
