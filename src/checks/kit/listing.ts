/**
 * A List Parts answer as evidence: a 2xx whose body held no readable part list (empty, another root, not XML)
 * shows nothing about the parts, so a judge that needs the list says "unknown", never "not listed".
 */
import type { CheckResult } from '../types.ts';
import type { JudgeKit } from './define.ts';
import { describeAnswer } from './describe.ts';
import type { PartListing } from './observations.ts';

/** `indeterminate` when `listing` was answered without a readable part list; undefined when the list was read. */
export function unreadableListing(
  kit: JudgeKit,
  listing: PartListing,
  question: string,
  exchanges: Parameters<JudgeKit['indeterminate']>[1] = {},
): CheckResult | undefined {
  if (listing.parts !== undefined) return undefined;
  return kit.indeterminate(
    `List Parts answered ${describeAnswer(listing.exchange)} with no readable part list, so ${question} is unknown`,
    exchanges,
  );
}
