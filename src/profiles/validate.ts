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
  return list.filter((e) => e.ref.trim() === '').map(() => `${where}: evidence with an empty ref`);
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
  const known = new Set(checks.map((c) => c.id));
  for (const c of checks) {
    if (profile.expectations[c.id] === undefined) out.push(`${c.id}: no expectation`);
  }
  for (const [id, e] of Object.entries(profile.expectations)) {
    if (!known.has(id)) out.push(`${id}: not a check of the catalogue`);
    const problem = confidenceProblem(e);
    if (problem !== undefined) out.push(`${id}: confidence: ${problem}`);
    if ('notApplicable' in e) {
      if (e.notApplicable.trim() === '') out.push(`${id}: not applicable without a reason`);
      out.push(...evidenceProblems(e.evidence, id));
      continue;
    }
    if (e.variants.length === 0) out.push(`${id}: no allowed outcome`);
    const names = e.variants.map((v) => v.name);
    if (new Set(names).size !== names.length) out.push(`${id}: duplicate variant names`);
    for (const v of e.variants) {
      out.push(...evidenceProblems(v.evidence, `${id}/${v.name}`));
      if (v.code === undefined) continue;
      const fact = CODES[v.code];
      if (fact === undefined) {
        out.push(`${id}/${v.name}: code ${v.code} is not in the error-code table`);
      } else if (v.status === undefined || v.status.length !== 1 || v.status[0] !== fact.status) {
        out.push(
          `${id}/${v.name}: ${v.code} with status ${v.status?.join('/') ?? 'none'}, the table says ${fact.status}`,
        );
      }
    }
    for (const d of e.deviations ?? []) out.push(...evidenceProblems([d.evidence], `${id} deviation`));
  }
  const facts: Array<[string, Fact<unknown>]> = [
    ...Object.entries(profile.limits),
    ...Object.entries(profile.features),
  ];
  for (const [name, f] of facts) out.push(...evidenceProblems(f.evidence, name));
  return out;
}
