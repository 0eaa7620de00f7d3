/** Errors of the fault proxy, each with a stable `code` (never match on message text). */

/** Stable codes of {@link FaultProxyError}. */
export type FaultProxyErrorCode =
  /** A plan, fault spec or option failed validation. */
  | 'FAULT_PROXY_INVALID_PLAN'
  /** The upstream URL is not `http://host:port`. */
  | 'FAULT_PROXY_INVALID_UPSTREAM'
  /** The proxy could not listen. */
  | 'FAULT_PROXY_LISTEN';

/** A usage or setup error of the fault proxy; the CLI maps it to exit code 2. */
export class FaultProxyError extends Error {
  readonly code: FaultProxyErrorCode;
  constructor(code: FaultProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultProxyError';
    this.code = code;
  }
}
