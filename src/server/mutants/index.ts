/** Mutants of the reference server: one broken rule each, as Behaviour overrides (docs/architecture.md "The reference server, mutants and conformant variants"). */
export {
  listMutants,
  MUTANTS,
  MutantRegistryError,
  mutantBehaviour,
  findMutant,
  mutantNames,
} from './registry.ts';
export { type MutantDef, type MutantRun, UnknownMutantError } from './types.ts';
