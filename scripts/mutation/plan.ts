/**
 * What a mutation run does for each mutant: which checks it runs, under which profile and tier, which spec
 * files those need, and what counts as the mutant being caught. Pure functions of the check catalogue
 * (src/checks/registry.ts) and the mutant registry (src/server/mutants).
 */
import { CHECKS, checkById } from '../../src/checks/registry.ts';
import type { CheckDef, Outcome } from '../../src/checks/types.ts';
import type { MutantDef } from '../../src/server/mutants/index.ts';

/** Which checks a mutant run selects: its `catches`, the whole families of its catches, or the whole suite. */
export type CheckScope = 'catches' | 'family' | 'all';

export type Tier = 'quick' | 'full';

/** Profile and tier of one suite run. */
export interface RunSettings {
  profile: 'cos' | 's3';
  tier: Tier;
}

/** A check no mutant has to make fail, and why. */
export interface ExemptCheck {
  id: string;
  reason: string;
}

/**
 * Checks exempt from "every check is caught by some mutant": none. An observation (the registry's `observation`
 * flag) records which variant the endpoint chose, but a violation under every reading still fails it, so it
 * needs a mutant like any other check.
 */
export function exemptChecks(_checks: readonly CheckDef[] = CHECKS): ExemptCheck[] {
  return [];
}

/**
 * Whether an outcome of `check` is a detection: `fail`, or for a run-scope check (`scope: 'run'`, judged once
 * over the run) `indeterminate`, its only non-pass verdict (docs/architecture.md "Checks and outcomes": exit 3).
 */
export function isCatchingOutcome(check: Pick<CheckDef, 'scope'> | undefined, outcome: Outcome): boolean {
  if (outcome === 'fail') return true;
  return check?.scope === 'run' && outcome === 'indeterminate';
}

/** The tier a check is judged in: quick when it runs there, else full (`tiers: ['full']`). */
export function tierOf(checkId: string): Tier {
  const tiers = checkById(checkId)?.tiers;
  return tiers === undefined || tiers.includes('quick') ? 'quick' : 'full';
}

/** `cos/quick`, for grouping and display. */
export function settingsKey(s: RunSettings): string {
  return `${s.profile}/${s.tier}`;
}

/** Families of the given checks, in order of first appearance. */
export function familiesOf(checkIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const id of checkIds) {
    const family = checkById(id)?.family;
    if (family && !out.includes(family)) out.push(family);
  }
  return out;
}

/** The spec files a selection needs (`specs/<family>.spec.ts`); undefined for the whole suite. */
export function specFilesFor(checkIds: readonly string[] | undefined): string[] | undefined {
  if (checkIds === undefined) return undefined;
  return familiesOf(checkIds)
    .filter((f) => f !== 'run')
    .map((f) => `specs/${f}.spec.ts`);
}

/** Run-scope checks are judged in every run and are never named in `--only`. */
function testScope(ids: readonly string[]): string[] {
  return ids.filter((id) => checkById(id)?.scope !== 'run');
}

/** One suite run: against a mutant, or (no mutant) the conformant server. */
export interface SuiteJob {
  mutant?: MutantDef;
  settings: RunSettings;
  /** The mutant's catches judged by this run. */
  catches: string[];
  /** `--only` ids; undefined: the whole suite. */
  only?: string[];
  specFiles?: string[];
}

function job(settings: RunSettings, only: string[] | undefined, extra: Partial<SuiteJob> = {}): SuiteJob {
  const specFiles = specFilesFor(only);
  return { settings, catches: [], ...extra, ...(only ? { only } : {}), ...(specFiles ? { specFiles } : {}) };
}

/**
 * The runs of one mutant: a quick-tier run for its catches that run there, and a full-tier run for those that
 * run only in the full tier (left out when heavy and `heavy` is not set). The quick run selects its catches
 * (`catches`), the families of its catches (`family`) or the whole suite (`all`); the full run always selects
 * just its catches (the rest of the full tier moves gigabytes).
 */
export function jobsOf(m: MutantDef, o: { scope: CheckScope; heavy: boolean }): SuiteJob[] {
  const profile = m.run?.profile ?? 'cos';
  const quick = m.catches.filter((id) => tierOf(id) === 'quick');
  const full = m.catches.filter((id) => tierOf(id) === 'full');
  const jobs: SuiteJob[] = [];
  if (quick.length > 0) {
    const only =
      o.scope === 'all'
        ? undefined
        : testScope(
            o.scope === 'catches'
              ? quick
              : CHECKS.filter((c) => familiesOf(quick).includes(c.family) && tierOf(c.id) === 'quick').map(
                  (c) => c.id,
                ),
          );
    jobs.push(job({ profile, tier: 'quick' }, only, { mutant: m, catches: quick }));
  }
  if (full.length > 0 && (o.heavy || !m.run?.heavy)) {
    jobs.push(job({ profile, tier: 'full' }, testScope(full), { mutant: m, catches: full }));
  }
  return jobs;
}

/** The runs of a mutation test: the mutants' runs, and one conformant baseline per profile and tier. */
export interface MutationPlan {
  jobs: SuiteJob[];
  /** By {@link settingsKey}: the union of the mutant runs' selections, against the conformant server. */
  baselines: Map<string, SuiteJob>;
  /** Catches left out (heavy, without `heavy`), by mutant name. */
  notRun: Map<string, string[]>;
}

export function planMutation(
  mutants: readonly MutantDef[],
  o: { scope: CheckScope; heavy: boolean },
): MutationPlan {
  const jobs = mutants.flatMap((m) => jobsOf(m, o));
  const notRun = new Map<string, string[]>();
  for (const m of mutants) {
    const judged = new Set(jobs.filter((j) => j.mutant === m).flatMap((j) => j.catches));
    const left = m.catches.filter((id) => !judged.has(id));
    if (left.length > 0) notRun.set(m.name, left);
  }
  const baselines = new Map<string, SuiteJob>();
  for (const j of jobs) {
    const key = settingsKey(j.settings);
    const prev = baselines.get(key);
    const whole = j.only === undefined || (prev !== undefined && prev.only === undefined);
    baselines.set(
      key,
      job(j.settings, whole ? undefined : [...new Set([...(prev?.only ?? []), ...(j.only ?? [])])]),
    );
  }
  return { jobs, baselines, notRun };
}

/** The seeds of a mutation run (`--seed first --seeds count`): `count` consecutive seeds from `first` on. */
export function seedsFrom(first: number, count: number): number[] {
  if (!Number.isInteger(first) || !Number.isInteger(count) || count < 1) {
    throw new Error(`--seed must be an integer and --seeds a positive integer (got ${first}, ${count})`);
  }
  return Array.from({ length: count }, (_, i) => first + i);
}
