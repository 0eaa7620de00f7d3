/** Mutants of the reference server: one broken rule each, as Behaviour overrides (DESIGN "server/"). */
export {
  listMutants,
  MUTANTS,
  MutantRegistryError,
  mutantBehaviour,
  mutantByName,
  mutantNames,
} from './registry.ts';
export { type MutantDef, type MutantRun, UnknownMutantError } from './types.ts';
