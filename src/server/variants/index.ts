/** Conformant variants of the reference server: allowed choices the default server does not make. */
export { CONFORMANT_VARIANTS, listVariants, UnknownVariantError, variantByName } from './registry.ts';
export { type ConformantVariantDef, conformantVariant, type VariantServerOptions } from './types.ts';
