/**
 * Mutants only a sequence of operations shows (the generated sequences of src/model): each single-step
 * scenario lists the parts once, so a listing that never changes after the first one goes unseen there.
 */
import { mutant } from './types.ts';

export const MODEL_MUTANTS = [
  mutant({
    name: 'list-parts-stale-cache',
    description: 'List Parts keeps answering the parts its first listing of the upload saw (a stale cache)',
    family: 'model',
    catches: ['model.multipart.sequences'],
    handlers: { listParts: 'staleListing' },
  }),
] as const;
