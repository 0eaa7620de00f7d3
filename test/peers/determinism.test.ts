/**
 * Determinism on the reference server: two runs with the same seed (the s3 and the cos profile, a few families)
 * give the same verdicts, check by check. The RGW half of this is in rgw.test.ts. Checks whose verdict can turn
 * on timing (tag `concurrency`) are left out of the selection; the comparison marks them ⏱.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAgainst, sortedVerdicts, verdicts, workDir } from './peer-run.ts';

const base = workDir('determinism');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the same seed gives the same verdicts (reference server)', () => {
  it('profile s3', { timeout: 600_000 }, async () => {
    const args = ['--seed', '11', '--only', 'part-number,no-such-upload,complete,part-size'];
    const a = await runAgainst(undefined, join(base, 's3-a'), args);
    const b = await runAgainst(undefined, join(base, 's3-b'), args);
    expect(verdicts(a).size).toBeGreaterThan(30);
    expect(sortedVerdicts(b)).toEqual(sortedVerdicts(a));
  });

  it('profile cos', { timeout: 600_000 }, async () => {
    const args = [
      '--seed',
      '11',
      '--only',
      'part-number,no-such-upload,complete',
      '--profile',
      'cos',
      '--signer',
      'cos',
    ];
    const a = await runAgainst(undefined, join(base, 'cos-a'), args);
    const b = await runAgainst(undefined, join(base, 'cos-b'), args);
    expect(verdicts(a).get('part-number.upload-part.reject-zero')).toBe('pass');
    expect(sortedVerdicts(b)).toEqual(sortedVerdicts(a));
  });
});
