/**
 * The verdict on each mutant (which checks caught it, which expected catches were missed) and the mutation
 * score over all of them, as data (score.json) and as a Markdown table (score.md).
 */
import { checkById } from '../../src/checks/registry.ts';
import type { Outcome } from '../../src/checks/types.ts';
import type { MutantDef } from '../../src/server/mutants/index.ts';
import { type CheckScope, type ExemptCheck, isCatchingOutcome } from './plan.ts';
import type { SuiteRun } from './run-cli.ts';

export const SCORE_FORMAT_VERSION = 1;

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

export interface MutantVerdict {
  name: string;
  family: string;
  description: string;
  /** The checks the registry says must catch it. */
  expected: string[];
  /** Checks that detected it and do not detect the conformant server. */
  caughtBy: string[];
  /** Expected checks that ran and did not catch it. */
  missed: string[];
  /** Expected checks that were not run (heavy). */
  notRun: string[];
  /** At least one check caught it. */
  caught: boolean;
  /** Exit codes of its runs (1 = non-conformance found, 3 = inconclusive). */
  exitCodes: Array<number | null>;
  seconds: number;
  /** Set when a run produced no results. */
  problem?: string;
}

/**
 * Judges a mutant over its runs. A check that also detects the conformant server proves nothing; a run-scope
 * check counts only when the mutant names it (its verdict depends on the whole selection, which differs
 * between a narrow mutant run and the baseline).
 */
export function judgeMutant(
  m: MutantDef,
  runs: readonly JudgedRun[],
  notRun: readonly string[] = [],
): MutantVerdict {
  const caughtBy: string[] = [];
  for (const { run, baseline } of runs) {
    for (const id of catchingChecks(outcomesOf(run))) {
      const check = checkById(id);
      if (check?.scope === 'run' && !m.catches.includes(id)) continue;
      if (baseline !== undefined && isCatchingOutcome(check, baseline[id] ?? 'pass')) continue;
      if (!caughtBy.includes(id)) caughtBy.push(id);
    }
  }
  const problems = runs.map((r) => r.run.problem).filter((p): p is string => p !== undefined);
  return {
    name: m.name,
    family: m.family,
    description: m.description,
    expected: [...m.catches],
    caughtBy,
    missed: m.catches.filter((id) => !caughtBy.includes(id) && !notRun.includes(id)),
    notRun: [...notRun],
    caught: caughtBy.length > 0,
    exitCodes: runs.map((r) => r.run.exitCode),
    seconds: Math.round(runs.reduce((s, r) => s + r.run.durationMs, 0) / 100) / 10,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

export interface MutationScore {
  formatVersion: typeof SCORE_FORMAT_VERSION;
  generatedAt: string;
  seed: number;
  /** Which checks each mutant's quick run selected. */
  scope: CheckScope;
  /** Whether the heavy full-tier catches ran. */
  heavy: boolean;
  caught: number;
  total: number;
  /** caught / total, 0..1. */
  score: number;
  /** Mutants whose expected catches were not all seen. */
  incomplete: string[];
  /** Checks that detect the conformant server too, as `id (profile/tier)` (not counted against mutants). */
  baselineFailures: string[];
  exempt: ExemptCheck[];
  mutants: MutantVerdict[];
  seconds: number;
}

export function scoreOf(
  verdicts: readonly MutantVerdict[],
  o: {
    seed: number;
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
    seed: o.seed,
    scope: o.scope,
    heavy: o.heavy,
    caught,
    total: verdicts.length,
    score: verdicts.length === 0 ? 0 : caught / verdicts.length,
    incomplete: verdicts.filter((v) => v.missed.length > 0).map((v) => v.name),
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

/** The score as Markdown: the figure, then one row per mutant. */
export function scoreMarkdown(s: MutationScore): string {
  const lines = [
    '# Mutation score of the reference server',
    '',
    `**${scoreFigure(s)}** mutants caught · quick runs select: ${s.scope} · heavy: ${s.heavy ? 'yes' : 'no'} · ` +
      `seed ${s.seed} · ${s.seconds} s · ${s.generatedAt}`,
    '',
  ];
  if (s.incomplete.length > 0) lines.push(`Expected catches missed by: ${s.incomplete.join(', ')}`, '');
  if (s.baselineFailures.length > 0) {
    lines.push(`Detecting the conformant server too (not counted): ${s.baselineFailures.join(', ')}`, '');
  }
  lines.push(
    '| mutant | family | caught | caught by | missed | not run | what it breaks |',
    '|---|---|---|---|---|---|---|',
  );
  for (const v of s.mutants) {
    lines.push(
      `| ${v.name} | ${v.family} | ${v.caught ? 'yes' : '**NO**'} | ${cell(shortList(v.caughtBy) || v.problem || '-')} | ` +
        `${cell(v.missed.join(', ') || '-')} | ${cell(v.notRun.join(', ') || '-')} | ${cell(v.description)} |`,
    );
  }
  if (s.exempt.length > 0) {
    lines.push('', 'Exempt checks (never required to fail):', '');
    for (const e of s.exempt) lines.push(`- \`${e.id}\`: ${e.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
