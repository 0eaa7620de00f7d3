/**
 * The profile's confidence on each results.json entry, and how reports show it next to a failure:
 * `expected 400 InvalidArgument (documented, unconfirmed on COS)`.
 */
import { confidenceLabel, expectationConfidence } from '../profiles/confidence.ts';
import { profileByName } from '../profiles/index.ts';
import type { ProfileName } from '../target/types.ts';
import type { CheckEntry } from './results-schema.ts';

/** The entries with the confidence of their check's expectation under `profile` (kept when already set). */
export function withConfidence(entries: readonly CheckEntry[], profile: ProfileName): CheckEntry[] {
  const p = profileByName(profile);
  return entries.map((c) => {
    if (c.confidence !== undefined) return c;
    const e = p.expectations[c.checkId];
    const confidence = e === undefined ? undefined : expectationConfidence(e);
    return confidence === undefined ? c : { ...c, confidence };
  });
}

/** `documented, unconfirmed on COS`, or undefined when the entry has no confidence. */
export function entryConfidenceLabel(c: CheckEntry, profile: ProfileName): string | undefined {
  return c.confidence === undefined ? undefined : confidenceLabel(c.confidence, profile);
}

/**
 * What a report shows about the expectation of a failure: `expected 400 InvalidArgument (documented, unconfirmed
 * on COS)`, or `expectation documented, unconfirmed on COS` when the entry names no expected answer.
 */
export function expectationLine(c: CheckEntry, profile: ProfileName): string | undefined {
  const label = entryConfidenceLabel(c, profile);
  if (c.expected === undefined) return label === undefined ? undefined : `expectation ${label}`;
  return label === undefined ? `expected ${c.expected}` : `expected ${c.expected} (${label})`;
}
