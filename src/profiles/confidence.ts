/**
 * The confidence of a profile expectation, as data: derived from its evidence (the strongest source behind any
 * allowed outcome), or stated on the expectation, never above what the evidence supports.
 */
import type { ProfileName } from '../target/types.ts';
import type { CheckExpectation, Confidence, Evidence } from './types.ts';

/** Weakest first. */
export const CONFIDENCE_ORDER: readonly Confidence[] = ['inferred', 'documented', 'confirmed'];

const rank = (c: Confidence): number => CONFIDENCE_ORDER.indexOf(c);

/**
 * What one piece of evidence supports: a live answer (`observed`, `recorded`, or a document tag citing an
 * observation `[OBS-…]`) confirms; a document documents; an SDK, a peer suite or a decision only infers.
 */
export function evidenceConfidence(e: Evidence): Confidence {
  if (e.kind === 'observed' || e.kind === 'recorded') return 'confirmed';
  if (e.kind === 'doc') return /\[OBS-/.test(e.ref) ? 'confirmed' : 'documented';
  return 'inferred';
}

/** The strongest of `list`, or undefined for none. */
function strongest(list: readonly Confidence[]): Confidence | undefined {
  return list.reduce<Confidence | undefined>(
    (best, c) => (best === undefined || rank(c) > rank(best) ? c : best),
    undefined,
  );
}

/** The evidence behind an expectation: that of every allowed outcome (or of its not-applicable reason). */
function evidenceOf(e: CheckExpectation): Evidence[] {
  return 'notApplicable' in e ? [...e.evidence] : e.variants.flatMap((v) => [...v.evidence]);
}

/** What the evidence of `e` supports, or undefined when it has none. */
export function derivedConfidence(e: CheckExpectation): Confidence | undefined {
  return strongest(evidenceOf(e).map(evidenceConfidence));
}

/**
 * The confidence of `e`: the stated one when the evidence supports it, else the derived one. Undefined when it
 * cannot be derived (no evidence, or a stated confidence above the evidence): {@link confidenceProblem} says why.
 */
export function expectationConfidence(e: CheckExpectation): Confidence | undefined {
  const derived = derivedConfidence(e);
  if (derived === undefined) return undefined;
  if ('notApplicable' in e || e.confidence === undefined) return derived;
  return rank(e.confidence) <= rank(derived) ? e.confidence : undefined;
}

/** Why the confidence of `e` cannot be derived, or undefined when it can. */
export function confidenceProblem(e: CheckExpectation): string | undefined {
  const derived = derivedConfidence(e);
  if (derived === undefined) return 'no evidence to derive a confidence from';
  if (!('notApplicable' in e) && e.confidence !== undefined && rank(e.confidence) > rank(derived)) {
    return `states confidence ${e.confidence}, but its evidence supports ${derived} at most`;
  }
  return undefined;
}

/** The vendor a profile's confirmations refer to. */
const VENDOR: Record<ProfileName, string> = { cos: 'COS', s3: 'S3' };

/** How a report shows a confidence: `confirmed`, `documented, unconfirmed on COS`, `inferred, not documented`. */
export function confidenceLabel(c: Confidence, profile: ProfileName): string {
  switch (c) {
    case 'confirmed':
      return 'confirmed';
    case 'documented':
      return `documented, unconfirmed on ${VENDOR[profile]}`;
    case 'inferred':
      return 'inferred, not documented';
  }
}
