/**
 * The catalogue: every rule the suite judges, by stable id. The README table is generated from it
 * (scripts/gen-catalogue.ts) and each `test` check has exactly one vitest test named by its id in specs/.
 */
import { ABORT_CHECKS } from './families/abort.ts';
import { AUTH_CHECKS } from './families/auth.ts';
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
import type { CheckDef } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** Families in catalogue order, with a one-line description (the spec file is `specs/<id>.spec.ts`). */
export const FAMILIES = [
  { id: 'basics', title: 'Upload Part basics' },
  { id: 'part-number', title: 'partNumber range and forms' },
  { id: 'out-of-order', title: 'Out-of-order and concurrent upload' },
  { id: 'overwrite', title: 'Overwriting a part number' },
  { id: 'no-such-upload', title: 'Unknown, foreign and finished upload ids' },
  { id: 'part-size', title: 'Part size limits' },
  { id: 'integrity', title: 'Content-MD5 and Content-Length' },
  { id: 'complete', title: 'Complete Multipart Upload' },
  { id: 'abort', title: 'Abort Multipart Upload' },
  { id: 'sse', title: 'Server-side encryption' },
  { id: 'auth', title: 'Authentication' },
  { id: 'list-parts', title: 'List Parts paging' },
  { id: 'model', title: 'Generated operation sequences' },
  { id: 'run', title: 'Run-level checks' },
] as const;

export type FamilyId = (typeof FAMILIES)[number]['id'];

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
  ...AUTH_CHECKS,
  ...LIST_PARTS_CHECKS,
  ...MODEL_CHECKS,
  ...RUN_CHECKS,
];

/** A duplicate id or an unknown family: a bug of the catalogue, raised at import. */
export class CatalogueError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.checks.catalogue, message);
  }
}

function build(): readonly CheckDef[] {
  const ids = new Set<string>();
  const families = new Set<string>(FAMILIES.map((f) => f.id));
  for (const c of ALL) {
    if (ids.has(c.id)) throw new CatalogueError(`duplicate check id ${c.id}`);
    if (!families.has(c.family)) throw new CatalogueError(`check ${c.id} has unknown family ${c.family}`);
    ids.add(c.id);
  }
  return Object.freeze(ALL.map((c) => c.def));
}

/** Every check definition, in catalogue order. */
export const CHECKS: readonly CheckDef[] = build();

const BY_ID = new Map(CHECKS.map((c) => [c.id, c]));

/** The definition of `id`, or undefined. */
export function checkById(id: string): CheckDef | undefined {
  return BY_ID.get(id);
}

/** Definitions of one family, in catalogue order. */
export function checksOfFamily(family: string): CheckDef[] {
  return CHECKS.filter((c) => c.family === family);
}
