import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CHECKS, checkById, checksOfFamily, FAMILIES } from '../../src/checks/registry.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('registry', () => {
  test('ids are unique, stable-looking and carry their family', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CHECKS) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
      expect(c.title.length).toBeGreaterThan(10);
      expect(c.specRef).not.toBe('');
      expect(FAMILIES.map((f) => f.id)).toContain(c.family);
      expect(checkById(c.id)).toBe(c);
    }
  });

  test('every family with vitest checks has specs/<family>.spec.ts that declares its checks', () => {
    for (const f of FAMILIES) {
      const tested = checksOfFamily(f.id).filter((c) => c.scope !== 'run');
      const file = `${root}specs/${f.id}.spec.ts`;
      if (tested.length === 0) {
        expect(existsSync(file), `${f.id} is judged by the reporter only`).toBe(false);
        continue;
      }
      expect(existsSync(file), file).toBe(true);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(`useSuite('${f.id}')`);
      expect(text).toContain('assertFamilyCovered(suite)');
    }
  });

  test('definitions are frozen data', () => {
    expect(Object.isFrozen(CHECKS)).toBe(true);
    expect(Object.isFrozen(CHECKS[0])).toBe(true);
  });
});
