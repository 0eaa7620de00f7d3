/**
 * Every mutant of the reference server, by name. `listMutants()` feeds `cos-conformance serve --list-mutants`;
 * `mutantServerOptions(mutant)` is what `serve --mutant` and `run --embedded --mutant` hand to `startServer`.
 */
import type { Behaviour } from '../behaviour.ts';
import type { ServerOptions } from '../options.ts';
import { BASICS_MUTANTS } from '../../checks/families/basics.ts';
import { PART_NUMBER_MUTANTS } from '../../checks/families/part-number.ts';
import { OUT_OF_ORDER_MUTANTS } from '../../checks/families/out-of-order.ts';
import { OVERWRITE_MUTANTS } from '../../checks/families/overwrite.ts';
import { NO_SUCH_UPLOAD_MUTANTS } from '../../checks/families/no-such-upload.ts';
import { PART_SIZE_MUTANTS } from '../../checks/families/part-size.ts';
import { INTEGRITY_MUTANTS } from '../../checks/families/integrity.ts';
import { COMPLETE_MUTANTS } from '../../checks/families/complete.ts';
import { ABORT_MUTANTS } from '../../checks/families/abort.ts';
import { SSE_MUTANTS } from '../../checks/families/sse.ts';
import { AUTH_MUTANTS } from '../../checks/families/auth.ts';
import { REQUEST_HEADERS_MUTANTS } from '../../checks/families/request-headers.ts';
import { ERRORS_MUTANTS } from '../../checks/families/errors.ts';
import { LIST_PARTS_MUTANTS } from '../../checks/families/list-parts.ts';
import { CHECKSUMS_MUTANTS } from '../../checks/families/checksums.ts';
import { UPLOAD_PART_COPY_MUTANTS } from '../../checks/families/upload-part-copy.ts';
import { MODEL_MUTANTS } from '../../checks/families/model.ts';
import { RUN_MUTANTS } from '../../checks/families/run.ts';
import { ALTERNATIVE_HANDLERS } from './handlers/index.ts';
import { type MutantDef, UnknownMutantError } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/** The mutants in catalogue-family order. */
const ALL: readonly MutantDef[] = [
  ...BASICS_MUTANTS,
  ...PART_NUMBER_MUTANTS,
  ...OUT_OF_ORDER_MUTANTS,
  ...OVERWRITE_MUTANTS,
  ...NO_SUCH_UPLOAD_MUTANTS,
  ...PART_SIZE_MUTANTS,
  ...INTEGRITY_MUTANTS,
  ...COMPLETE_MUTANTS,
  ...ABORT_MUTANTS,
  ...SSE_MUTANTS,
  ...AUTH_MUTANTS,
  ...REQUEST_HEADERS_MUTANTS,
  ...ERRORS_MUTANTS,
  ...LIST_PARTS_MUTANTS,
  ...CHECKSUMS_MUTANTS,
  ...UPLOAD_PART_COPY_MUTANTS,
  ...MODEL_MUTANTS,
  ...RUN_MUTANTS,
];

/** A duplicate mutant name: a bug of the registry, raised at import. */
export class MutantRegistryError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.server.mutantRegistry, message);
  }
}

function build(): Readonly<Record<string, MutantDef>> {
  const byName: Record<string, MutantDef> = {};
  for (const mutantDef of ALL) {
    if (Object.hasOwn(byName, mutantDef.name))
      throw new MutantRegistryError(`duplicate mutant name ${mutantDef.name}`);
    byName[mutantDef.name] = Object.freeze({ ...mutantDef, catches: Object.freeze([...mutantDef.catches]) });
  }
  return Object.freeze(byName);
}

/** Every mutant, by name (insertion order = catalogue-family order). */
export const MUTANTS: Readonly<Record<string, MutantDef>> = build();

/** Mutant names, sorted. */
export function mutantNames(): string[] {
  return Object.keys(MUTANTS).sort();
}

/** The mutants sorted by name, for `serve --list-mutants`. */
export function listMutants(): MutantDef[] {
  return mutantNames().map((name) => MUTANTS[name]);
}

/**
 * The mutant called `name`, for `serve --mutant`, `run --mutant` and the mutation script; throws
 * {@link UnknownMutantError} listing the valid names (the CLI reports it as a usage error, exit 2).
 */
export function findMutant(name: string): MutantDef {
  if (!Object.hasOwn(MUTANTS, name)) throw new UnknownMutantError(name, mutantNames());
  return MUTANTS[name];
}

/** The behaviour override of mutant `name` (empty when it only replaces handlers); throws {@link UnknownMutantError}. */
export function mutantBehaviour(name: string): Partial<Behaviour> {
  return findMutant(name).behaviour ?? {};
}

/** The options of `startServer` that make the reference server behave as `mutant`. */
export function mutantServerOptions(mutant: MutantDef): Pick<ServerOptions, 'behaviour' | 'handlers'> {
  const handlers = Object.entries(mutant.handlers ?? {}).map(
    ([operation, name]) => [operation, ALTERNATIVE_HANDLERS[name]] as const,
  );
  return {
    ...(mutant.behaviour ? { behaviour: mutant.behaviour } : {}),
    ...(handlers.length > 0 ? { handlers: Object.fromEntries(handlers) } : {}),
  };
}
