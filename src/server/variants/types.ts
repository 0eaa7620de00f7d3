/**
 * The shape of a conformant variant: a reference server that makes a different choice the spec allows (another
 * rule order, another reading of "1 MB", whitespace on every Complete, extra error elements, …). It is the
 * counterpart of a mutant: the suite must judge it with zero failures, whatever the default server does.
 */
import type { Behaviour } from '../behaviour.ts';
import type { ServerOptions } from '../options.ts';

/** Server options a variant may change besides the rule decisions (transport and timing choices). */
export type VariantServerOptions = Pick<
  ServerOptions,
  'completeKeepAliveMs' | 'completeDelayMs' | 'completeLeadingWhitespace' | 'transport'
>;

/** One conformant variant. */
export interface ConformantVariantDef {
  /** Stable kebab-case name (`run --embedded --variant NAME`, `serve --variant NAME`). */
  readonly name: string;
  /** One line: the choice it makes. */
  readonly description: string;
  /** Why the spec allows that choice (a section of docs/ or of the spec digest, or the RFC). */
  readonly allowedBy: string;
  /** Profiles under which the choice is allowed (the suite is run against it under each). */
  readonly profiles: readonly ('cos' | 's3')[];
  /** The rule decisions that differ from the default reference server. */
  readonly behaviour?: Partial<Behaviour>;
  /** Transport and timing options that differ from the default reference server. */
  readonly server?: VariantServerOptions;
}

/** Identity helper that type-checks the shape. */
export function conformantVariant(def: ConformantVariantDef): ConformantVariantDef {
  return def;
}
