/**
 * The rules every profile must obey, as a function returning the problems found (empty: the profile is sound).
 * test/profiles runs it on the real profiles and on profiles broken on purpose, so each rule is shown to fire.
 */
import { CHECKS } from '../checks/registry.ts';
import type { CheckDef } from '../checks/types.ts';
import { ERROR_CODES, type ErrorCodeFact } from '../spec/error-codes.ts';
import { confidenceProblem } from './confidence.ts';
import type { Evidence, Fact, Profile } from './types.ts';

function evidenceProblems(list: readonly Evidence[], where: string): string[] {
  if (list.length === 0) return [`${where}: no evidence`];
  return list
    .filter((evidence) => evidence.ref.trim() === '')
    .map(() => `${where}: evidence with an empty ref`);
}

const CODES: Readonly<Record<string, ErrorCodeFact>> = ERROR_CODES;

/**
 * Problems of `profile`: a catalogue check without an expectation or an expectation for an unknown id; an
 * allowed outcome or a fact without evidence; an error variant whose code is not in the spec's error-code
 * table (src/spec/error-codes.ts) or whose status is not the one the table gives for that code; duplicate
 * variant names; an expectation whose confidence cannot be derived.
 */
export function profileProblems(profile: Profile, checks: readonly CheckDef[] = CHECKS): string[] {
  const out: string[] = [];
  const known = new Set(checks.map((check) => check.id));
  for (const check of checks) {
    if (profile.expectations[check.id] === undefined) out.push(`${check.id}: no expectation`);
  }
  for (const [id, expectation] of Object.entries(profile.expectations)) {
    if (!known.has(id)) out.push(`${id}: not a check of the catalogue`);
    const problem = confidenceProblem(expectation);
    if (problem !== undefined) out.push(`${id}: confidence: ${problem}`);
    if ('notApplicable' in expectation) {
      if (expectation.notApplicable.trim() === '') out.push(`${id}: not applicable without a reason`);
      out.push(...evidenceProblems(expectation.evidence, id));
      continue;
    }
    if (expectation.variants.length === 0) out.push(`${id}: no allowed outcome`);
    const names = expectation.variants.map((variant) => variant.name);
    if (new Set(names).size !== names.length) out.push(`${id}: duplicate variant names`);
    for (const variant of expectation.variants) {
      out.push(...evidenceProblems(variant.evidence, `${id}/${variant.name}`));
      if (variant.code === undefined) continue;
      const fact = CODES[variant.code];
      if (fact === undefined) {
        out.push(`${id}/${variant.name}: code ${variant.code} is not in the error-code table`);
      } else if (
        variant.status === undefined ||
        variant.status.length !== 1 ||
        variant.status[0] !== fact.status
      ) {
        out.push(
          `${id}/${variant.name}: ${variant.code} with status ${variant.status?.join('/') ?? 'none'}, the table says ${fact.status}`,
        );
      }
    }
    for (const deviation of expectation.deviations ?? [])
      out.push(...evidenceProblems([deviation.evidence], `${id} deviation`));
  }
  const facts: Array<[string, Fact<unknown>]> = [
    ...Object.entries(profile.limits),
    ...Object.entries(profile.features),
  ];
  for (const [name, fact] of facts) out.push(...evidenceProblems(fact.evidence, name));
  return out;
}
