/** Mutants seen by the run-level checks (docs/architecture.md "Checks and outcomes"): a run in which no Upload Part succeeds. */
import { mutant } from './types.ts';

export const RUN_MUTANTS = [
  mutant({
    name: 'part-number-all-refused',
    description: 'every partNumber is refused with InvalidArgument, so no Upload Part ever succeeds',
    family: 'run',
    catches: ['basics.upload-part.status-200', 'run.upload-part.any-success'],
    behaviour: { validatePartNumber: () => false },
  }),
] as const;
