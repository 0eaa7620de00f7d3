/** Thrown by the signers when their input cannot be signed (a programming error of the caller, not a wire fault). */
export class SignInputError extends Error {
  /** Stable code for callers and tests. */
  readonly code = 'InvalidSignInput';
  constructor(message: string) {
    super(message);
    this.name = 'SignInputError';
  }
}
