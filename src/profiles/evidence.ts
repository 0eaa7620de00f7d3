/**
 * Shorthands for writing profile facts: evidence constructors and the common shapes of allowed outcomes.
 * Error statuses come from `src/spec/error-codes.ts`, so a code and its status are stated once.
 */
import { ERROR_CODES, type ErrorCode } from '../spec/error-codes.ts';
import type { CheckExpectation, Confidence, Evidence, Fact, KnownDeviation, Variant } from './types.ts';

/** An official document: a spec digest section and tag (`§2.2 [D7750]`) or a URL. */
export const doc = (ref: string, note?: string): Evidence => ({ kind: 'doc', ref, note });
/** Official SDK source. */
export const sdk = (ref: string, note?: string): Evidence => ({ kind: 'sdk', ref, note });
/** A public observation of the real service. */
export const observed = (ref: string, note?: string): Evidence => ({ kind: 'observed', ref, note });
/** A response this project recorded against a vendor. */
export const recorded = (ref: string, note?: string): Evidence => ({ kind: 'recorded', ref, note });
/** What a peer conformance suite asserts. */
export const peerSuite = (ref: string, note?: string): Evidence => ({ kind: 'peer-suite', ref, note });
/** A decision of this project, with its reason. */
export const decision = (ref: string, note?: string): Evidence => ({ kind: 'decision', ref, note });

/** A fact with evidence. */
export const fact = <T>(value: T, ...evidence: Evidence[]): Fact<T> => ({ value, evidence });

/** A success variant: the given statuses (default 200). */
export function accepted(name: string, statuses: readonly number[], ...evidence: Evidence[]): Variant {
  return { name, status: statuses, evidence };
}

/** An error variant: `code` with its status from the error-code table. */
export function rejected(code: ErrorCode, ...evidence: Evidence[]): Variant {
  return { name: code, status: [ERROR_CODES[code].status], code, evidence };
}

/** A variant whose meaning is the judge's (e.g. `equal`, `absent`, `1048576`). */
export function named(name: string, ...evidence: Evidence[]): Variant {
  return { name, evidence };
}

/** An expectation: one or more allowed variants, optional known deviations, an optional stated confidence. */
export function expect(
  variants: readonly Variant[],
  extra: { deviations?: readonly KnownDeviation[]; note?: string; confidence?: Confidence } = {},
): CheckExpectation {
  return { variants, ...extra };
}

/**
 * The expectations of generated checks (a matrix, a list of forms) as a table keyed by their literal ids, to
 * spread into a profile's {@link CatalogueExpectations}.
 */
export function expectationTable<K extends string>(
  entries: readonly (readonly [K, CheckExpectation])[],
): Record<K, CheckExpectation> {
  // Object.fromEntries types its keys as string; every key of the result comes from `entries`.
  return Object.fromEntries(entries) as Record<K, CheckExpectation>;
}

/** The rule does not exist under this profile. */
export function notApplicable(reason: string, ...evidence: Evidence[]): CheckExpectation {
  return { notApplicable: reason, evidence };
}

/** A vendor answer that differs from the profile (kept for the report; it does not widen what is allowed). */
export function deviation(vendor: string, seen: string, evidence: Evidence): KnownDeviation {
  return { vendor, seen, evidence };
}

/** Ceph RGW 16.2.15 as recorded in `docs/vendors.md` (the project's local peer). */
export const RGW = 'Ceph RGW 16.2.15';
/** Evidence: the RGW deviation table of the peer recipe. */
export const rgwTable = (row: string): Evidence => recorded('docs/vendors.md, RGW deviations', row);
