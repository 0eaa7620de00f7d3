import { describe, expect, it } from 'vitest';
import { expectedVerdict, FAULTS } from '../../src/faults/catalogue.ts';
import { FAULT_NAMES } from '../../src/faults/types.ts';

describe('FAULTS catalogue', () => {
  it('has exactly one row per fault name', () => {
    expect(Object.keys(FAULTS).sort()).toEqual([...FAULT_NAMES].sort());
  });

  it('no real fault may be judged pass or fail; each verdict it names is acceptable', () => {
    for (const name of FAULT_NAMES) {
      const row = FAULTS[name];
      if (row.onWrite === 'unchanged') continue;
      expect(row.accept, name).not.toContain('pass');
      expect(row.accept, name).not.toContain('fail');
      expect(row.accept, name).toContain(row.onWrite);
      expect(row.accept, name).toContain(row.onRead);
    }
  });

  it('a lost Upload Part answer is indeterminate, a lost List Parts answer an error', () => {
    expect(expectedVerdict('reset-mid-request-body', 'uploadPart')).toBe('indeterminate');
    expect(expectedVerdict('reset-mid-response', 'listParts')).toBe('error');
    expect(expectedVerdict('status-503-xml', 'uploadPart')).toBe('error');
    expect(expectedVerdict('status-500-xml', 'completeMultipartUpload')).toBe('indeterminate');
    expect(expectedVerdict('trickle-response', 'uploadPart')).toBe('unchanged');
    expect(expectedVerdict('trickle-response', 'uploadPart', { timedOut: true })).toBe('indeterminate');
  });
});
