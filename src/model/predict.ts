/**
 * What the model allows as the answer to a step, built from the profile's expectations of the single-step
 * checks, so generated sequences and the catalogue judge by the same facts. A step may break several rules at
 * once (an invalid part number on an aborted upload); a server may report any of them first, so the allowed
 * set is the union of the error outcomes of the rules the step breaks.
 */
import { responseVariants } from '../checks/kit/response.ts';
import type { Profile, Variant } from '../profiles/types.ts';

/** What a step may be answered with, and why. */
export interface Prediction {
  /** Check ids whose expectations made up `allowed`. */
  checks: string[];
  allowed: Variant[];
}

/** The rules a step touches. */
export interface StepRules {
  /** Rules the step certainly breaks (their error outcomes are expected). */
  violations?: readonly string[];
  /** Rules the step may break, depending on an unsettled reading (their errors and success are both allowed). */
  maybe?: readonly string[];
  /** Checks about the upload's state (after Abort / after Complete): all their outcomes are allowed. */
  states?: readonly string[];
  /** The check whose outcome applies when nothing is broken. */
  success: string;
}

/** A success variant: no error code and only 2xx statuses. */
export function isSuccessVariant(variant: Variant): boolean {
  return variant.code === undefined && (variant.status ?? [200]).every((s) => s >= 200 && s < 300);
}

function variantsOf(profile: Profile, id: string): Variant[] {
  const expectation = profile.expectations[id];
  if (!expectation || 'notApplicable' in expectation) return [];
  return responseVariants(expectation.variants);
}

/** Builds the allowed answers of a step under `profile`. */
export function predict(profile: Profile, rules: StepRules): Prediction {
  const checks: string[] = [];
  const allowed: Variant[] = [];
  const add = (id: string, vs: Variant[]) => {
    if (vs.length === 0) return;
    if (!checks.includes(id)) checks.push(id);
    for (const v of vs) if (!allowed.includes(v)) allowed.push(v);
  };
  const definite: Array<[string, Variant[]]> = [];
  const maybe: Array<[string, Variant[]]> = [];
  for (const id of rules.violations ?? []) {
    const vs = variantsOf(profile, id);
    const errors = vs.filter((v) => !isSuccessVariant(v));
    if (errors.length === 0) continue; // not a violation under this profile
    (errors.length === vs.length ? definite : maybe).push([id, errors]);
  }
  for (const id of rules.maybe ?? []) {
    const errors = variantsOf(profile, id).filter((variant) => !isSuccessVariant(variant));
    if (errors.length > 0) maybe.push([id, errors]);
  }
  const states = rules.states ?? [];
  for (const id of states) add(id, variantsOf(profile, id));
  for (const [id, vs] of definite) add(id, vs);
  for (const [id, vs] of maybe) add(id, vs);
  if (states.length === 0 && definite.length === 0) add(rules.success, variantsOf(profile, rules.success));
  return { checks, allowed };
}
