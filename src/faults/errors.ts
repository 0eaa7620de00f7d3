/** Errors of the fault proxy, each with a stable `code` (never match on message text). */
import { CosConformanceError, type HARNESS_ERROR_CODES } from '../errors.ts';

/** Stable codes of {@link FaultProxyError} (listed in src/errors.ts). */
export type FaultProxyErrorCode = Exclude<
  (typeof HARNESS_ERROR_CODES.faultProxy)[keyof typeof HARNESS_ERROR_CODES.faultProxy],
  typeof HARNESS_ERROR_CODES.faultProxy.badFraming
>;

/** A usage or setup error of the fault proxy; the CLI maps it to exit code 2. */
export class FaultProxyError extends CosConformanceError<FaultProxyErrorCode> {}
