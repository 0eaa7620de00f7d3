/**
 * The verdict on each mutant (which checks caught it, which expected catches were missed) and the mutation
 * score over all of them, as data (score.json) and as a Markdown table (score.md). With several seeds a mutant
 * counts as caught only when every seed catches it; the seeds that missed are named.
 */
import { checkById } from '../../src/checks/registry.ts';
import type { Outcome } from '../../src/checks/types.ts';
import type { MutantDef } from '../../src/server/mutants/index.ts';
import { type CheckScope, type ExemptCheck, isCatchingOutcome } from './plan.ts';
import type { SuiteRun } from './run-cli.ts';

export const SCORE_FORMAT_VERSION = 2;

/** Outcome of every check of a run, by id. */
export function outcomesOf(run: SuiteRun): Record<string, Outcome> {
  const out: Record<string, Outcome> = {};
  for (const c of run.results?.checks ?? []) out[c.checkId] = c.outcome;
  return out;
}

/** The checks whose outcome in `outcomes` is a detection. */
export function catchingChecks(outcomes: Readonly<Record<string, Outcome>>): string[] {
  return Object.entries(outcomes)
    .filter(([id, outcome]) => isCatchingOutcome(checkById(id), outcome))
    .map(([id]) => id);
}

/** One run of a mutant and the conformant outcomes of the same profile and tier. */
export interface JudgedRun {
  run: SuiteRun;
  baseline?: Readonly<Record<string, Outcome>>;
}

/** What one seed's runs of a mutant showed. */
export interface SeedVerdict {
  seed: number;
  /** Checks that detected it and do not detect the conformant server (at this seed). */
  caughtBy: string[];
  /** Expected checks that ran and did not catch it (at this seed). */
  missed: string[];
  /** At least one check caught it at this seed. */
  caught: boolean;
  /** Exit codes of its runs (1 = non-conformance found, 3 = inconclusive). */
  exitCodes: Array<number | null>;
  seconds: number;
  /** Set when a run produced no results. */
  problem?: string;
}

export interface MutantVerdict {
  name: string;
  family: string;
  description: string;
  /** The checks the registry says must catch it. */
  expected: string[];
  /** Checks that caught it at every seed. */
  caughtBy: string[];
  /** Expected checks that ran and did not catch it at some seed. */
  missed: string[];
  /** Expected checks that were not run (heavy). */
  notRun: string[];
  /** Caught at every seed (some check detected it in each seed's runs). */
  caught: boolean;
  /** One entry per seed, in seed order. */
  seeds: SeedVerdict[];
  /** Seeds at which no check caught it. */
  missedAtSeeds: number[];
  seconds: number;
  /** Set when a run produced no results (prefixed with its seed when there are several). */
  problem?: string;
}

/**
 * Judges a mutant over the runs of one seed. A check that also detects the conformant server proves nothing; a
 * run-scope check counts only when the mutant names it (its verdict depends on the whole selection, which
 * differs between a narrow mutant run and the baseline).
 */
export function judgeSeed(
  m: MutantDef,
  seed: number,
  runs: readonly JudgedRun[],
  notRun: readonly string[] = [],
): SeedVerdict {
  const caughtBy: string[] = [];
  for (const { run, baseline } of runs) {
    for (const id of catchingChecks(outcomesOf(run))) {
      const check = checkById(id);
      if (check?.scope === 'run' && !(m.catches as readonly string[]).includes(id)) continue;
      if (baseline !== undefined && isCatchingOutcome(check, baseline[id] ?? 'pass')) continue;
      if (!caughtBy.includes(id)) caughtBy.push(id);
    }
  }
  const problems = runs.map((r) => r.run.problem).filter((p): p is string => p !== undefined);
  return {
    seed,
    caughtBy,
    missed: m.catches.filter((id) => !caughtBy.includes(id) && !notRun.includes(id)),
    caught: caughtBy.length > 0,
    exitCodes: runs.map((r) => r.run.exitCode),
    seconds: Math.round(runs.reduce((s, r) => s + r.run.durationMs, 0) / 100) / 10,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

/**
 * The verdict over several seeds: caught only when every seed caught it; `caughtBy` keeps the checks that
 * caught it at every seed, `missed` the expected checks that missed at any seed.
 */
export function combineSeeds(
  m: MutantDef,
  seeds: readonly SeedVerdict[],
  notRun: readonly string[] = [],
): MutantVerdict {
  const caughtBy = (seeds[0]?.caughtBy ?? []).filter((id) => seeds.every((s) => s.caughtBy.includes(id)));
  const missed = m.catches.filter((id) => seeds.some((s) => s.missed.includes(id)));
  const several = seeds.length > 1;
  const problems = seeds
    .filter((s) => s.problem !== undefined)
    .map((s) => (several ? `seed ${s.seed}: ${s.problem}` : s.problem!));
  return {
    name: m.name,
    family: m.family,
    description: m.description,
    expected: [...m.catches],
    caughtBy,
    missed,
    notRun: [...notRun],
    caught: seeds.length > 0 && seeds.every((s) => s.caught),
    seeds: [...seeds],
    missedAtSeeds: seeds.filter((s) => !s.caught).map((s) => s.seed),
    seconds: Math.round(seeds.reduce((t, s) => t + s.seconds, 0) * 10) / 10,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

/** Judges a mutant over the runs of a single seed (`seed`, default 1). */
export function judgeMutant(
  m: MutantDef,
  runs: readonly JudgedRun[],
  notRun: readonly string[] = [],
  seed = 1,
): MutantVerdict {
  return combineSeeds(m, [judgeSeed(m, seed, runs, notRun)], notRun);
}

export interface MutationScore {
  formatVersion: typeof SCORE_FORMAT_VERSION;
  generatedAt: string;
  /** The seeds every mutant ran at; a mutant is caught only when every one of them caught it. */
  seeds: number[];
  /** Which checks each mutant's quick run selected. */
  scope: CheckScope;
  /** Whether the heavy full-tier catches ran. */
  heavy: boolean;
  caught: number;
  total: number;
  /** caught / total, 0..1. */
  score: number;
  /** Mutants whose expected catches were not all seen (at some seed). */
  incomplete: string[];
  /** Mutants caught at some seeds but not all: name → the seeds that missed. */
  seedDependent: Record<string, number[]>;
  /** Checks that detect the conformant server too, as `id (profile/tier)` (not counted against mutants). */
  baselineFailures: string[];
  exempt: ExemptCheck[];
  mutants: MutantVerdict[];
  seconds: number;
}

export function scoreOf(
  verdicts: readonly MutantVerdict[],
  o: {
    seeds: readonly number[];
    scope: CheckScope;
    heavy: boolean;
    exempt: ExemptCheck[];
    baselineFailures: string[];
    seconds: number;
  },
): MutationScore {
  const caught = verdicts.filter((v) => v.caught).length;
  return {
    formatVersion: SCORE_FORMAT_VERSION,
    generatedAt: new Date().toISOString(),
    seeds: [...o.seeds],
    scope: o.scope,
    heavy: o.heavy,
    caught,
    total: verdicts.length,
    score: verdicts.length === 0 ? 0 : caught / verdicts.length,
    incomplete: verdicts.filter((v) => v.missed.length > 0).map((v) => v.name),
    seedDependent: Object.fromEntries(
      verdicts
        .filter((v) => v.missedAtSeeds.length > 0 && v.missedAtSeeds.length < v.seeds.length)
        .map((v) => [v.name, v.missedAtSeeds]),
    ),
    baselineFailures: o.baselineFailures,
    exempt: o.exempt,
    mutants: [...verdicts],
    seconds: o.seconds,
  };
}

/** `57/59 (96.6%)`. */
export function scoreFigure(s: Pick<MutationScore, 'caught' | 'total' | 'score'>): string {
  return `${s.caught}/${s.total} (${(s.score * 100).toFixed(1)}%)`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function shortList(ids: readonly string[], max = 4): string {
  return ids.length > max ? `${ids.slice(0, max).join(', ')} … (+${ids.length - max})` : ids.join(', ');
}

/** `1-5`, or `1, 3, 4`. */
export function seedList(seeds: readonly number[]): string {
  const contiguous = seeds.every((x, i) => i === 0 || x === seeds[i - 1] + 1);
  return contiguous && seeds.length > 2 ? `${seeds[0]}-${seeds[seeds.length - 1]}` : seeds.join(', ');
}

/** `5/5`, or `4/5 (missed at 3)`. */
function seedCell(v: MutantVerdict): string {
  const caughtAt = v.seeds.filter((s) => s.caught).length;
  const missed = v.missedAtSeeds.length > 0 ? ` (missed at ${v.missedAtSeeds.join(', ')})` : '';
  return `${caughtAt}/${v.seeds.length}${missed}`;
}

/** The score as Markdown: the figure, then one row per mutant with its per-seed result. */
export function scoreMarkdown(s: MutationScore): string {
  const lines = [
    '# Mutation score of the reference server',
    '',
    `**${scoreFigure(s)}** mutants caught at every seed · seeds ${seedList(s.seeds)} · quick runs select: ` +
      `${s.scope} · heavy: ${s.heavy ? 'yes' : 'no'} · ${s.seconds} s · ${s.generatedAt}`,
    '',
  ];
  if (s.incomplete.length > 0) lines.push(`Expected catches missed by: ${s.incomplete.join(', ')}`, '');
  const dependent = Object.entries(s.seedDependent);
  if (dependent.length > 0) {
    lines.push(
      `Caught at some seeds only (not counted as caught): ${dependent
        .map(([name, seeds]) => `${name} (missed at ${seeds.join(', ')})`)
        .join(', ')}`,
      '',
    );
  }
  if (s.baselineFailures.length > 0) {
    lines.push(`Detecting the conformant server too (not counted): ${s.baselineFailures.join(', ')}`, '');
  }
  lines.push(
    '| mutant | family | caught | seeds caught | caught by (every seed) | missed | not run | what it breaks |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const v of s.mutants) {
    lines.push(
      `| ${v.name} | ${v.family} | ${v.caught ? 'yes' : '**NO**'} | ${seedCell(v)} | ` +
        `${cell(shortList(v.caughtBy) || v.problem || '-')} | ${cell(v.missed.join(', ') || '-')} | ` +
        `${cell(v.notRun.join(', ') || '-')} | ${cell(v.description)} |`,
    );
  }
  if (s.exempt.length > 0) {
    lines.push('', 'Exempt checks (never required to fail):', '');
    for (const e of s.exempt) lines.push(`- \`${e.id}\`: ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
