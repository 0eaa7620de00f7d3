/** Errors of reading report inputs (results.json, baselines) written by other runs: exit 2 at the CLI. */
import { CosConformanceError, type HARNESS_ERROR_CODES } from '../errors.ts';

/** Stable codes of {@link ReportInputError} (listed in src/errors.ts). */
export type ReportInputErrorCode =
  (typeof HARNESS_ERROR_CODES.reportInput)[keyof typeof HARNESS_ERROR_CODES.reportInput];

/** A results or baseline file that is missing, malformed, of an unknown format version, or does not fit the others. */
export class ReportInputError extends CosConformanceError<ReportInputErrorCode> {}
