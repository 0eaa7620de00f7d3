/**
 * The config file of `run` (`--config FILE`, JSON): the same settings as the flags, plus timeouts. Validated with
 * zod after `${ENV}` interpolation; unknown keys are errors (a typo must not silently fall back to a default).
 * Precedence: flags > environment > file (docs/architecture.md "One run, end to end").
 */
import { z } from 'zod';

export const CONFIG_SCHEMA_ID = 'urn:cos-conformance:schema:config:1';

const nonEmpty = z.string().min(1, 'must not be empty');

export const ShardSchema = z
  .string()
  .regex(/^\d+\/\d+$/, 'must look like i/n, e.g. 2/4')
  .refine((text) => {
    const [index, n] = text.split('/').map(Number) as [number, number];
    return n >= 1 && index >= 1 && index <= n;
  }, 'must satisfy 1 <= i <= n');

export const SeedSchema = z.number().int('must be an integer').min(0).max(0xffffffff);

export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Scheme, host and port; omit for real COS (derived from bucket and region). */
  endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  bucket: nonEmpty.optional(),
  region: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a region id like ap-guangzhou')
    .optional(),
  addressing: z.enum(['virtual-host', 'path']).optional(),
  /** Domain the bucket is prefixed to in Host for virtual-host addressing (default cos.<region>.myqcloud.com). */
  virtualHostDomain: nonEmpty.optional(),
  signer: z.enum(['cos', 'sigv4']).optional(),
  profile: z.enum(['cos', 's3']).optional(),
  tier: z.enum(['quick', 'full']).optional(),
  /** Use "${COS_SECRET_ID}"-style references: a secret must never be written into the file itself. */
  credentials: z
    .strictObject({
      secretId: nonEmpty,
      secretKey: nonEmpty,
      securityToken: nonEmpty.optional(),
    })
    .optional(),
  /**
   * A temporary key pair and its token (spec §6.6) for the temporary-credential checks; use "${VAR}" references.
   * Environment: COS_TEMP_SECRET_ID, COS_TEMP_SECRET_KEY, COS_TEMP_SECURITY_TOKEN.
   */
  temporaryCredentials: z
    .strictObject({
      secretId: nonEmpty,
      secretKey: nonEmpty,
      securityToken: nonEmpty,
    })
    .optional(),
  timeouts: z
    .strictObject({
      connectMs: z.number().int().positive().optional(),
      headersMs: z.number().int().positive().optional(),
      bodyMs: z.number().int().positive().optional(),
    })
    .optional(),
  only: z.array(nonEmpty).optional(),
  skip: z.array(nonEmpty).optional(),
  seed: SeedSchema.optional(),
  runs: z.number().int().positive().optional(),
  out: nonEmpty.optional(),
  baseline: nonEmpty.optional(),
  strict: z.boolean().optional(),
  label: nonEmpty.optional(),
  createBucket: z.boolean().optional(),
  /** Cap on the bytes a run may upload: a number of bytes, or a string with a unit like "10MiB" or "5GiB". */
  maxBytes: z.union([z.number().int().nonnegative(), nonEmpty]).optional(),
});

export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** The JSON Schema of the config file, published as schemas/config.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ConfigFileSchema, { io: 'input' }) as Record<string, unknown>;
  return { $schema, $id: CONFIG_SCHEMA_ID, title: 'cos-conformance run config', ...rest };
}
