/**
 * The transport-fault survival cases: one run of the CLI per fault of the catalogue (src/faults/catalogue.ts),
 * each through the fault proxy with a plan that hits one operation of the basics scenario (Initiate → Upload
 * Part → List Parts → Complete), plus a control run through a `pass` plan.
 *
 * Exit codes (docs/architecture.md "Exit codes"; src/report/gate.ts): a fault is never evidence about a rule, so no fault
 * may make a run exit 1. A fault on Upload Part leaves no Upload Part succeeded → 3. A fault on a read (List
 * Parts) turns the checks that need the listing into `error` while the rest pass: not a verdict, so 3. A fault
 * on Complete leaves one check `indeterminate` beside passes: an unknown state is never a silent pass → 3. A
 * trickle that completes is transparent → 0.
 */
import type { CosOpName, FaultName, FaultSpec } from '../../src/faults/index.ts';
import { EXIT, type ExitCode } from '../../src/report/exit-codes.ts';

/** Client timeouts of every run (config file `timeouts`); the plan's `faultTimeoutMs` is well above them. */
export const CLIENT_TIMEOUTS = { connectMs: 2000, headersMs: 2000, bodyMs: 2000 } as const;

/** Bound on any single fault in the proxy (stall hold, trickle); above the client timeouts. */
export const FAULT_TIMEOUT_MS = 15_000;

/** A trickle slower than the client's body timeout (undici's timers are coarse: keep a wide margin). */
const TRICKLE_SLOW: FaultSpec = { name: 'trickle-response', chunkBytes: 16, intervalMs: 6000 };

/** A trickle that completes well inside the client's timeouts. */
const TRICKLE_FAST: FaultSpec = { name: 'trickle-response', chunkBytes: 16, intervalMs: 20 };

/** One end-to-end case. */
export interface FaultCase {
  /** Test name and report directory name. */
  readonly name: string;
  readonly fault: FaultName | FaultSpec;
  /** The operation whose first request the plan hits (`firstOp`). */
  readonly op: CosOpName;
  /** The client is expected to give up (a trickle slower than its timeouts). */
  readonly timedOut?: boolean;
  /** A check whose evidence must contain the faulted exchange. */
  readonly primary: string;
  readonly exit: ExitCode;
}

/** The checks every run selects (`--only`) and the one spec file that holds them. */
export const SELECTION = { only: 'basics.upload-part.*', include: 'specs/basics.spec.ts' } as const;

const STATUS_200 = 'basics.upload-part.status-200';
const LIST_ETAG = 'basics.upload-part.list-parts-etag';
const COMPLETE_ETAG = 'basics.upload-part.complete-accepts-etag';

/** Faults that hit the first Upload Part and leave no Upload Part succeeded. */
const ON_UPLOAD_PART: readonly FaultName[] = [
  'reset-mid-request-body',
  'reset-mid-response',
  'stall-response',
  'truncated-response',
  'status-500-xml',
  'status-503-xml',
  'status-500-empty',
  'status-503-empty',
];

export const FAULT_CASES: readonly FaultCase[] = [
  ...ON_UPLOAD_PART.map(
    (fault): FaultCase => ({
      name: fault,
      fault,
      op: 'uploadPart',
      primary: STATUS_200,
      exit: EXIT.INCONCLUSIVE,
    }),
  ),
  {
    name: 'malformed-xml on List Parts',
    fault: 'malformed-xml',
    op: 'listParts',
    primary: LIST_ETAG,
    exit: EXIT.INCONCLUSIVE,
  },
  {
    name: 'malformed-xml on Complete',
    fault: 'malformed-xml',
    op: 'completeMultipartUpload',
    primary: COMPLETE_ETAG,
    exit: EXIT.INCONCLUSIVE,
  },
  {
    name: 'trickle-response slower than the body timeout (List Parts)',
    fault: TRICKLE_SLOW,
    op: 'listParts',
    timedOut: true,
    primary: LIST_ETAG,
    exit: EXIT.INCONCLUSIVE,
  },
  {
    name: 'trickle-response slower than the headers timeout (Upload Part)',
    fault: TRICKLE_SLOW,
    op: 'uploadPart',
    timedOut: true,
    primary: STATUS_200,
    exit: EXIT.INCONCLUSIVE,
  },
  {
    name: 'trickle-response that completes (Upload Part)',
    fault: TRICKLE_FAST,
    op: 'uploadPart',
    primary: STATUS_200,
    exit: EXIT.OK,
  },
];

/** The name of a case's fault. */
export function faultNameOf(c: Pick<FaultCase, 'fault'>): FaultName {
  return typeof c.fault === 'string' ? c.fault : c.fault.name;
}

/** A file-system-safe directory name for a case. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
