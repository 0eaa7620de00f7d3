/**
 * The failure of one generated step: the real answer was not one the model allows. Thrown inside a property so
 * fast-check shrinks toward the shortest sequence that still fails; carries the outcome the step decided
 * (`fail` for a verdict, `indeterminate` for a transport failure with unknown server state, `error` when the
 * harness could not run the step).
 */
import type { Outcome } from '../checks/types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

export class StepError extends CosConformanceError {
  readonly outcome: Extract<Outcome, 'fail' | 'indeterminate' | 'error'>;

  constructor(outcome: StepError['outcome'], message: string) {
    super(HARNESS_ERROR_CODES.model.stepFailed, message);
    this.outcome = outcome;
  }
}

/** The outcome an error thrown inside a property stands for (anything but a StepError is a harness error). */
export function outcomeOfError(err: unknown): StepError['outcome'] {
  return err instanceof StepError ? err.outcome : 'error';
}
