/** Errors of reading report inputs (results.json, baselines) written by other runs: exit 2 at the CLI. */

/** Stable codes of {@link ReportInputError}. */
export type ReportInputErrorCode = 'E_INPUT_NOT_FOUND' | 'E_INPUT_INVALID' | 'E_INPUT_MISMATCH';

/** A results or baseline file that is missing, malformed, of an unknown format version, or does not fit the others. */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  constructor(
    readonly code: ReportInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}
