/**
 * The catalogue: every rule the suite judges, by stable id. The README table is generated from it
 * (scripts/gen-catalogue.ts) and each `test` check has exactly one vitest test named by its id in specs/.
 */
import { ABORT_CHECKS } from './families/abort.ts';
import { AUTH_CHECKS } from './families/auth.ts';
import { ERRORS_CHECKS } from './families/errors.ts';
import { CHECKSUMS_CHECKS } from './families/checksums.ts';
import { BASICS_CHECKS } from './families/basics.ts';
import { COMPLETE_CHECKS } from './families/complete.ts';
import { INTEGRITY_CHECKS } from './families/integrity.ts';
import { LIST_PARTS_CHECKS } from './families/list-parts.ts';
import { MODEL_CHECKS } from './families/model.ts';
import { NO_SUCH_UPLOAD_CHECKS } from './families/no-such-upload.ts';
import { OUT_OF_ORDER_CHECKS } from './families/out-of-order.ts';
import { OVERWRITE_CHECKS } from './families/overwrite.ts';
import { PART_NUMBER_CHECKS } from './families/part-number.ts';
import { PART_SIZE_CHECKS } from './families/part-size.ts';
import { RUN_CHECKS } from './families/run.ts';
import { SSE_CHECKS } from './families/sse.ts';
import { REQUEST_HEADERS_CHECKS } from './families/request-headers.ts';
import { UPLOAD_PART_COPY_CHECKS } from './families/upload-part-copy.ts';
import { FAMILIES, idProblem } from './grammar.ts';
import type { CheckDef } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

export { FAMILIES, type FamilyId } from './grammar.ts';

const ALL = [
  ...BASICS_CHECKS,
  ...PART_NUMBER_CHECKS,
  ...OUT_OF_ORDER_CHECKS,
  ...OVERWRITE_CHECKS,
  ...NO_SUCH_UPLOAD_CHECKS,
  ...PART_SIZE_CHECKS,
  ...INTEGRITY_CHECKS,
  ...COMPLETE_CHECKS,
  ...ABORT_CHECKS,
  ...SSE_CHECKS,
  ...REQUEST_HEADERS_CHECKS,
  ...AUTH_CHECKS,
  ...ERRORS_CHECKS,
  ...LIST_PARTS_CHECKS,
  ...CHECKSUMS_CHECKS,
  ...UPLOAD_PART_COPY_CHECKS,
  ...MODEL_CHECKS,
  ...RUN_CHECKS,
] as const;

/**
 * Every check id of the catalogue, as a union of literals: profiles, the needs table, mutants' `catches`, the
 * alias table and the model name checks by it, so a missing or misspelled id fails `npm run typecheck`
 * (test/checks/check-id.types.test.ts proves it).
 */
export type CheckId = (typeof ALL)[number]['id'];

/** A duplicate id or an unknown family: a bug of the catalogue, raised at import. */
export class CatalogueError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.checks.catalogue, message);
  }
}

/** A check definition whose id is one of the catalogue's. */
export type CatalogueCheck = CheckDef & { readonly id: CheckId };

function build(): readonly CatalogueCheck[] {
  const ids = new Set<string>();
  const families = new Set<string>(FAMILIES.map((family) => family.id));
  for (const check of ALL) {
    if (ids.has(check.id)) throw new CatalogueError(`duplicate check id ${check.id}`);
    if (!families.has(check.family))
      throw new CatalogueError(`check ${check.id} has unknown family ${check.family}`);
    const problem = idProblem(check);
    if (problem) throw new CatalogueError(problem);
    ids.add(check.id);
  }
  return Object.freeze(ALL.map((check): CatalogueCheck => check.def));
}

/** Every check definition, in catalogue order. */
export const CHECKS: readonly CatalogueCheck[] = build();

const BY_ID = new Map<string, CatalogueCheck>(CHECKS.map((check) => [check.id, check]));

/** Whether `id` is a check id of this catalogue. */
export function isCheckId(id: string): id is CheckId {
  return BY_ID.has(id);
}

/** The definition of `id`, or undefined. */
export function checkById(id: string): CatalogueCheck | undefined {
  return BY_ID.get(id);
}

/** Definitions of one family, in catalogue order. */
export function checksOfFamily(family: string): CheckDef[] {
  return CHECKS.filter((check) => check.family === family);
}
