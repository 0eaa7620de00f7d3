/** The `x-cos-hash-crc64ecma` comparison (spec §5.3), shared by the part and the whole-object checks. */
import type { Exchange } from '../../client/exchange.ts';
import type { CheckResult } from '../types.ts';
import type { JudgeKit } from './define.ts';
import { header } from './describe.ts';

/**
 * Passes when the answer's CRC-64 equals `want` (variant `equal`), or when it is absent and the profile allows
 * `absent`; fails otherwise.
 */
export function judgeCrcHeader(
  kit: JudgeKit,
  ex: Exchange | undefined,
  want: string,
  what: string,
): CheckResult {
  const got = header(ex, 'x-cos-hash-crc64ecma');
  const observed = got ?? '(absent)';
  const exchanges = [ex];
  if (got === undefined || got === '') {
    return kit.variants.some((variant) => variant.name === 'absent')
      ? kit.pass(`${what}: no x-cos-hash-crc64ecma (the profile allows none)`, {
          expected: want,
          observed,
          variantSeen: 'absent',
          exchanges,
        })
      : kit.fail(`${what}: no x-cos-hash-crc64ecma header`, { expected: want, observed, exchanges });
  }
  if (got === want)
    return kit.pass(`${what}: CRC-64 ${got}`, { expected: want, observed, variantSeen: 'equal', exchanges });
  return kit.fail(`${what}: x-cos-hash-crc64ecma ${got}, expected ${want}`, {
    expected: want,
    observed,
    exchanges,
  });
}
