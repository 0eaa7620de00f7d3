/**
 * Every conformant variant of the reference server, by name: the choices the spec allows that the default
 * server does not make. test/variants runs the suite against each one and requires zero failures.
 */
import { COMPLETE_RESULT_VARIANTS } from './complete-result.ts';
import { INTEGRITY_VARIANTS } from './integrity.ts';
import { PART_SIZE_VARIANTS } from './part-size.ts';
import { RULE_ORDER_VARIANTS } from './rule-order.ts';
import { S3_VARIANTS } from './s3.ts';
import { SSE_VARIANTS } from './sse.ts';
import { TRANSPORT_VARIANTS } from './transport.ts';
import type { ConformantVariantDef } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/** The variants, in the order they are listed. Each area adds its own list here. */
const ALL: readonly ConformantVariantDef[] = [
  ...RULE_ORDER_VARIANTS,
  ...PART_SIZE_VARIANTS,
  ...COMPLETE_RESULT_VARIANTS,
  ...INTEGRITY_VARIANTS,
  ...S3_VARIANTS,
  ...TRANSPORT_VARIANTS,
  ...SSE_VARIANTS,
];

/** A variant name that is not in the registry, or a duplicate name (a bug of the registry). */
export class UnknownVariantError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.server.unknownVariant, message);
  }
}

function build(): Readonly<Record<string, ConformantVariantDef>> {
  const byName: Record<string, ConformantVariantDef> = {};
  for (const variant of ALL) {
    if (Object.hasOwn(byName, variant.name))
      throw new UnknownVariantError(`duplicate variant name ${variant.name}`);
    byName[variant.name] = Object.freeze({ ...variant });
  }
  return Object.freeze(byName);
}

/** Every variant by name. */
export const CONFORMANT_VARIANTS: Readonly<Record<string, ConformantVariantDef>> = build();

/** Every variant, in registry order. */
export function listVariants(): ConformantVariantDef[] {
  return Object.values(CONFORMANT_VARIANTS);
}

/** The variant called `name`; throws {@link UnknownVariantError} listing the valid names. */
export function variantByName(name: string): ConformantVariantDef {
  const found = CONFORMANT_VARIANTS[name];
  if (!found) {
    throw new UnknownVariantError(
      `unknown variant "${name}"; valid names: ${Object.keys(CONFORMANT_VARIANTS).sort().join(', ')} (see serve --list-variants)`,
    );
  }
  return found;
}
