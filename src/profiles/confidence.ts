/**
 * The confidence of a profile expectation, as data: derived from its evidence (the strongest source behind any
 * allowed outcome), or stated on the expectation, never above what the evidence supports.
 */
import type { ProfileName } from '../target/types.ts';
import type { CheckExpectation, Confidence, Evidence } from './types.ts';

/** Weakest first. */
export const CONFIDENCE_ORDER: readonly Confidence[] = ['inferred', 'documented', 'confirmed'];

const rank = (confidence: Confidence): number => CONFIDENCE_ORDER.indexOf(confidence);

/**
 * What one piece of evidence supports: a live answer (`observed`, `recorded`, or a document tag citing an
 * observation `[OBS-…]`) confirms; a document documents; an SDK, a peer suite or a decision only infers.
 */
export function evidenceConfidence(evidence: Evidence): Confidence {
  if (evidence.kind === 'observed' || evidence.kind === 'recorded') return 'confirmed';
  if (evidence.kind === 'doc') return /\[OBS-/.test(evidence.ref) ? 'confirmed' : 'documented';
  return 'inferred';
}

/** The strongest of `list`, or undefined for none. */
function strongest(list: readonly Confidence[]): Confidence | undefined {
  return list.reduce<Confidence | undefined>(
    (best, confidence) => (best === undefined || rank(confidence) > rank(best) ? confidence : best),
    undefined,
  );
}

/** The evidence behind an expectation: that of every allowed outcome (or of its not-applicable reason). */
function evidenceOf(expectation: CheckExpectation): Evidence[] {
  return 'notApplicable' in expectation
    ? [...expectation.evidence]
    : expectation.variants.flatMap((variant) => [...variant.evidence]);
}

/** What the evidence of `expectation` supports, or undefined when it has none. */
export function derivedConfidence(expectation: CheckExpectation): Confidence | undefined {
  return strongest(evidenceOf(expectation).map(evidenceConfidence));
}

/**
 * The confidence of `expectation`: the stated one when the evidence supports it, else the derived one. Undefined when it
 * cannot be derived (no evidence, or a stated confidence above the evidence): {@link confidenceProblem} says why.
 */
export function expectationConfidence(expectation: CheckExpectation): Confidence | undefined {
  const derived = derivedConfidence(expectation);
  if (derived === undefined) return undefined;
  if ('notApplicable' in expectation || expectation.confidence === undefined) return derived;
  return rank(expectation.confidence) <= rank(derived) ? expectation.confidence : undefined;
}

/** Why the confidence of `expectation` cannot be derived, or undefined when it can. */
export function confidenceProblem(expectation: CheckExpectation): string | undefined {
  const derived = derivedConfidence(expectation);
  if (derived === undefined) return 'no evidence to derive a confidence from';
  if (
    !('notApplicable' in expectation) &&
    expectation.confidence !== undefined &&
    rank(expectation.confidence) > rank(derived)
  ) {
    return `states confidence ${expectation.confidence}, but its evidence supports ${derived} at most`;
  }
  return undefined;
}

/** The vendor a profile's confirmations refer to. */
const VENDOR: Record<ProfileName, string> = { cos: 'COS', s3: 'S3' };

/** How a report shows a confidence: `confirmed`, `documented, unconfirmed on COS`, `inferred, not documented`. */
export function confidenceLabel(confidence: Confidence, profile: ProfileName): string {
  switch (confidence) {
    case 'confirmed':
      return 'confirmed';
    case 'documented':
      return `documented, unconfirmed on ${VENDOR[profile]}`;
    case 'inferred':
      return 'inferred, not documented';
  }
}
