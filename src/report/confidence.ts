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
  return entries.map((entry) => {
    if (entry.confidence !== undefined) return entry;
    const expectation = p.expectations[entry.checkId];
    const confidence = expectation === undefined ? undefined : expectationConfidence(expectation);
    return confidence === undefined ? entry : { ...entry, confidence };
  });
}

/** `documented, unconfirmed on COS`, or undefined when the entry has no confidence. */
export function entryConfidenceLabel(entry: CheckEntry, profile: ProfileName): string | undefined {
  return entry.confidence === undefined ? undefined : confidenceLabel(entry.confidence, profile);
}

/**
 * What a report shows about the expectation of a failure: `expected 400 InvalidArgument (documented, unconfirmed
 * on COS)`, or `expectation documented, unconfirmed on COS` when the entry names no expected answer.
 */
export function expectationLine(entry: CheckEntry, profile: ProfileName): string | undefined {
  const label = entryConfidenceLabel(entry, profile);
  if (entry.expected === undefined) return label === undefined ? undefined : `expectation ${label}`;
  return label === undefined ? `expected ${entry.expected}` : `expected ${entry.expected} (${label})`;
}
