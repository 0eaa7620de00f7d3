/**
 * How a check is written: a {@link CheckDef} (data for the catalogue) plus a judge, a pure function of the
 * evidence a scenario gathered and the profile's expectation. A judge never sends a request.
 */
import type { Exchange } from '../../client/exchange.ts';
import type { Profile, Variant } from '../../profiles/types.ts';
import type { CheckIdOf, FamilyId } from '../grammar.ts';
import type { CheckDef, CheckResult, Outcome } from '../types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/** Evidence attached to one result is bounded: the first and the last exchanges are kept. */
export const MAX_EVIDENCE_EXCHANGES = 24;

/** What a judge knows besides its input. */
export interface JudgeEnv {
  readonly profile: Profile;
  /** The test's seed (hash of run seed and check id), copied into the result. */
  readonly seed: number;
}

/** Optional fields of a result a judge may set. */
export type ResultExtra = Partial<
  Pick<CheckResult, 'expected' | 'observed' | 'variantSeen' | 'measured' | 'replay'>
> & {
  exchanges?: readonly (Exchange | undefined)[];
};

/** The toolkit a judge gets: its definition, the allowed variants, and result builders. */
export interface JudgeKit {
  readonly def: CheckDef;
  readonly profile: Profile;
  readonly variants: readonly Variant[];
  readonly seed: number;
  result(outcome: Outcome, message: string, extra?: ResultExtra): CheckResult;
  pass(message: string, extra?: ResultExtra): CheckResult;
  /**
   * A failing verdict. In an observation it only means "the endpoint chose another variant" and becomes a
   * recorded pass.
   */
  fail(message: string, extra?: ResultExtra): CheckResult;
  /**
   * A failing verdict that is wrong under every reading (e.g. a 200 that stored nothing): stays `fail` even in
   * an observation.
   */
  violation(message: string, extra?: ResultExtra): CheckResult;
  error(message: string, extra?: ResultExtra): CheckResult;
  indeterminate(message: string, extra?: ResultExtra): CheckResult;
  skip(message: string, extra?: ResultExtra): CheckResult;
}

/** A definition as a family writes it: its family is a catalogue family and its id follows the grammar. */
export type CheckDefOf<F extends FamilyId, Id extends CheckIdOf<F>> = CheckDef & {
  readonly id: Id;
  readonly family: F;
};

/** A check of the catalogue: its definition and its judge; `Id` is its id as a literal type. */
export interface Check<I, Id extends string = string> extends CheckDef {
  readonly id: Id;
  /** Judges `input` under `env.profile`; a profile without the rule yields `skip`. */
  judge(input: I, env: JudgeEnv): CheckResult;
  /** The definition alone, as plain data. */
  readonly def: CheckDef & { readonly id: Id };
}

/** Thrown when a profile has no entry for a check: a bug of the profile, caught by test/profiles. */
export class MissingExpectationError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.checks.missingExpectation, message);
  }
}

/** Keeps evidence bounded: drops undefined, keeps the first and last exchanges when there are too many. */
export function boundExchanges(list: readonly (Exchange | undefined)[]): Exchange[] {
  const present = list.filter((exchange): exchange is Exchange => exchange !== undefined);
  if (present.length <= MAX_EVIDENCE_EXCHANGES) return present;
  const head = Math.floor(MAX_EVIDENCE_EXCHANGES / 2);
  return [...present.slice(0, head), ...present.slice(present.length - (MAX_EVIDENCE_EXCHANGES - head))];
}

/** Builds a result for `def` (used by judges through the kit, and by the spec support for harness errors). */
export function makeResult(
  def: Pick<CheckDef, 'id'>,
  seed: number,
  outcome: Outcome,
  message: string,
  extra: ResultExtra = {},
): CheckResult {
  const { exchanges, ...rest } = extra;
  const out: CheckResult = {
    checkId: def.id,
    outcome,
    message,
    exchanges: boundExchanges(exchanges ?? []),
    seed,
  };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** Marks a `fail` built by {@link JudgeKit.violation}; survives spreads (`withExchanges`), never serialised. */
const VIOLATION: unique symbol = Symbol('violation');

/** A result as a judge hands it back, possibly marked as a violation. */
type Judged = CheckResult & { [VIOLATION]?: true };

function kitFor(def: CheckDef, env: JudgeEnv, variants: readonly Variant[]): JudgeKit {
  const result = (outcome: Outcome, message: string, extra?: ResultExtra) =>
    makeResult(def, env.seed, outcome, message, extra);
  return {
    def,
    profile: env.profile,
    variants,
    seed: env.seed,
    result,
    pass: (message, extra) => result('pass', message, extra),
    fail: (message, extra) => result('fail', message, extra),
    violation: (message, extra): Judged => ({ ...result('fail', message, extra), [VIOLATION]: true }),
    error: (message, extra) => result('error', message, extra),
    indeterminate: (message, extra) => result('indeterminate', message, extra),
    skip: (message, extra) => result('skip', message, extra),
  };
}

/**
 * Defines a check. The judge is called only when the profile has variants for it; when the profile marks the
 * rule not applicable the result is `skip` with the profile's reason. In an observation a `fail` (another
 * variant) becomes a recorded pass; a {@link JudgeKit.violation} stays `fail`. The id keeps its literal type
 * (the catalogue's `CheckId` is the union of them) and must read `<family>.<operation>.<case>` for the
 * check's own family, else the definition does not compile.
 */
export function defineCheck<I, const F extends FamilyId, const Id extends CheckIdOf<F>>(
  def: CheckDefOf<F, Id>,
  judge: (input: I, kit: JudgeKit) => CheckResult,
): Check<I, Id> {
  const frozen: CheckDefOf<F, Id> = Object.freeze({ ...def });
  return {
    ...frozen,
    def: frozen,
    judge(input: I, env: JudgeEnv): CheckResult {
      const expectation = env.profile.expectations[def.id];
      if (expectation === undefined) {
        throw new MissingExpectationError(`profile ${env.profile.name} has no expectation for ${def.id}`);
      }
      if ('notApplicable' in expectation) {
        return makeResult(
          def,
          env.seed,
          'skip',
          `not applicable under profile ${env.profile.name}: ${expectation.notApplicable}`,
        );
      }
      const { [VIOLATION]: violation, ...out }: Judged = judge(
        input,
        kitFor(frozen, env, expectation.variants),
      );
      if (frozen.observation && out.outcome === 'fail' && !violation) {
        return { ...out, outcome: 'pass', message: `observed: ${out.message}` };
      }
      return out;
    },
  };
}

/** The same result with other evidence (bounded). */
export function withExchanges(
  result: CheckResult,
  exchanges: readonly (Exchange | undefined)[],
): CheckResult {
  return { ...result, exchanges: boundExchanges(exchanges) };
}
