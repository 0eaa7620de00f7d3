/** Mutants of the reference server: one broken rule each, as Behaviour overrides or alternative handlers (docs/architecture.md "The reference server, mutants and conformant variants"). */
export {
  listMutants,
  MUTANTS,
  MutantRegistryError,
  mutantBehaviour,
  findMutant,
  mutantNames,
  mutantServerOptions,
} from './registry.ts';
export { type MutantDef, type MutantRun, UnknownMutantError } from './types.ts';
