/** Thrown by the signers when their input cannot be signed (a programming error of the caller, not a wire fault). */
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';
export class SignInputError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.signInput, message);
  }
}
