/**
 * The shape of a mutant: a named variant of the reference server that breaks exactly one rule, expressed as an
 * override of {@link Behaviour} value rules or as an alternative handler of an operation (a broken procedure,
 * src/server/mutants/handlers) (docs/architecture.md "The reference server, mutants and conformant variants").
 * The suite must fail in the checks named by `catches`; `npm run mutation` measures that, and test/mutants
 * asserts it.
 */
import type { CheckId, FamilyId } from '../../checks/registry.ts';
import type { Behaviour } from '../behaviour.ts';
import type { AlternativeHandlerName } from './handlers/index.ts';
import type { Operation } from '../http/route.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/**
 * How the suite must be run for the mutant's `catches` to apply. The tier follows from the checks: those that
 * run in the quick tier are judged in a quick run, those of the full tier only (tiers: ['full']) in a full run.
 */
export interface MutantRun {
  /** Profile the checks are judged under (default `cos`; `s3` for rules the COS profile leaves open). */
  readonly profile?: 'cos' | 's3';
  /**
   * Its full-tier catches move gigabytes (a 5 GiB part, 10000 parts of 1 MiB): test/mutants runs them only with
   * `COS_MUTANTS_HEAVY=1`, `npm run mutation` only with `--heavy`.
   */
  readonly heavy?: boolean;
}

/** One mutant. */
export interface MutantDef {
  /** Stable kebab-case name (`cos-conformance serve --mutant NAME`, `run --mutant NAME`). */
  readonly name: string;
  /** One line: what the server does wrong. */
  readonly description: string;
  /** The catalogue family whose rule it breaks (`basics`, `overwrite`, …; see src/checks/registry.ts FAMILIES). */
  readonly family: FamilyId;
  /**
   * Check ids that must fail against it (run-scope checks: be indeterminate, their only non-pass verdict); typed,
   * so a misspelled id does not compile.
   */
  readonly catches: readonly CheckId[];
  /** The override of the conformant behaviour: every field differs from CONFORMANT_BEHAVIOUR. */
  readonly behaviour?: Partial<Behaviour>;
  /**
   * Alternative handlers, by name (src/server/mutants/handlers/index.ts): the operations whose procedure it
   * breaks (at least this or `behaviour`).
   */
  readonly handlers?: Partial<Record<Operation, AlternativeHandlerName>>;
  /** Profile of its runs, and whether its full-tier catches are heavy (default: cos, not heavy). */
  readonly run?: MutantRun;
}

/** A mutant name that is not in the registry. */
export class UnknownMutantError extends CosConformanceError {
  /** The names that exist, sorted. */
  readonly validNames: readonly string[];

  constructor(requested: string, validNames: readonly string[]) {
    super(
      HARNESS_ERROR_CODES.server.unknownMutant,
      `unknown mutant "${requested}"; valid names: ${validNames.join(', ')} (see serve --list-mutants)`,
    );
    this.validNames = validNames;
  }
}
