/** The bench's error for a request that was not answered as expected (its own module: every client imports it). */

/** A failed bench request: which operation, which status, and the start of the body. */
export class BenchRequestError extends Error {
  readonly code = 'BENCH_REQUEST';
  override readonly name = 'BenchRequestError';
}
