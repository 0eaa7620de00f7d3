/**
 * The error a handler throws to answer with a COS error document (spec §4.1). Code, status and default message
 * come from {@link ERROR_CODES} (spec §4.2); a behaviour may override the status (e.g. NoSuchUpload).
 */
import { CosConformanceError } from '../../errors.ts';
import { ERROR_CODES, type ErrorCode } from '../../spec/error-codes.ts';

/** A COS error document to answer: a wire error (code from spec §4.2), not a failure of the harness. */
export class CosError extends CosConformanceError<ErrorCode> {
  /** HTTP status of the answer. */
  readonly status: number;
  /** Extra response headers (e.g. `Content-Range` on 416). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    options: { message?: string; status?: number; headers?: Record<string, string> } = {},
  ) {
    super(code, options.message ?? ERROR_CODES[code].message);
    this.status = options.status ?? ERROR_CODES[code].status;
    this.headers = options.headers ?? {};
  }
}

/** Shorthand for `new CosError(code, …)`, for `throw cosError('InvalidArgument', 'why')`. */
export function cosError(code: ErrorCode, message?: string, status?: number): CosError {
  return new CosError(code, { message, status });
}
