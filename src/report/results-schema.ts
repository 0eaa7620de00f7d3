/**
 * The shape of results.json, the source of truth of a run (docs/architecture.md "Reports are artifacts"). Written with zod
 * so that one definition gives the TypeScript type, the runtime validation (`compare`, `merge`, `baseline`
 * read files written by other runs and other versions) and the published JSON Schema (schemas/results.schema.json).
 */
import { z } from 'zod';
import type { Exchange } from '../client/exchange.ts';

/** Bumped on any incompatible change of results.json; readers refuse versions they do not know. */
export const RESULTS_FORMAT_VERSION = 1;
/** The `$id` of the published JSON Schema. */
export const RESULTS_SCHEMA_ID = 'urn:cos-conformance:schema:results:1';

export const OutcomeSchema = z.enum(['pass', 'fail', 'indeterminate', 'error', 'skip']);

/** How sure the profile is of the expectation (src/profiles/confidence.ts). */
export const ConfidenceSchema = z.enum(['confirmed', 'documented', 'inferred']);

const StringMap = z.record(z.string(), z.string());

export const CosErrorXmlSchema = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  resource: z.string().optional(),
  requestId: z.string().optional(),
  traceId: z.string().optional(),
});

/** One recorded exchange (src/client/exchange.ts), already redacted by the recorder. Unknown fields are allowed (readers ignore them). */
export const ExchangeSchema = z.object({
  seq: z.number().int(),
  op: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    path: z.string(),
    query: StringMap,
    headers: StringMap,
    bodySize: z.number().int().nonnegative(),
    bodyMd5: z.string().optional(),
    body: z
      .object({
        seed: z.number().int(),
        size: z.number().int().nonnegative(),
        stamp: z.object({ upload: z.number().int(), part: z.number().int() }).optional(),
      })
      .optional(),
  }),
  response: z
    .object({
      status: z.number().int(),
      headers: StringMap,
      bodySize: z.number().int().nonnegative(),
      bodyMd5: z.string(),
      bodyText: z.string().optional(),
      error: CosErrorXmlSchema.optional(),
      requestId: z.string().optional(),
    })
    .optional(),
  transportError: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** An exchange as evidence of a verdict: the recorded exchange plus its request line, for humans. */
export const EvidenceSchema = ExchangeSchema.extend({
  /** e.g. `PUT /run/key?partNumber=1&uploadId=… HTTP/1.1` (no signature parameters). */
  requestLine: z.string(),
});

export const ReproductionSchema = z.object({
  /** `seq` of the exchange the commands reproduce (the last one of the evidence). */
  exchangeSeq: z.number().int(),
  /**
   * A shell snippet: regenerate the body (`cos-conformance body …`), then curl with the signature as the
   * placeholder `$COS_AUTHORIZATION` (sign it yourself; no secret is ever written here).
   */
  shell: z.string(),
  /** `cos-conformance run --replay …` when a property failed. */
  replay: z.string().optional(),
});

export const CheckEntrySchema = z.object({
  checkId: z.string().min(1),
  title: z.string().optional(),
  family: z.string(),
  severity: z.enum(['must', 'should']).optional(),
  specRef: z.string().optional(),
  tags: z.array(z.string()).optional(),
  /** The vitest test that produced the verdict: stable names (no seeds), for JUnit and joins. */
  test: z.object({
    file: z.string(),
    name: z.string(),
    fullName: z.string(),
    durationMs: z.number().optional(),
  }),
  outcome: OutcomeSchema,
  /**
   * The run was stopped (SIGINT, SIGTERM) while this check ran or before it started: outcome `skip`, no verdict
   * and no replay (README "Interrupted runs").
   */
  interrupted: z.literal(true).optional(),
  message: z.string(),
  expected: z.string().optional(),
  observed: z.string().optional(),
  variantSeen: z.string().optional(),
  /**
   * The profile's confidence in what the check expects: `confirmed` (a live or recorded answer backs it),
   * `documented` (documented, unconfirmed on the service), `inferred` (a decision, SDK or peer-suite inference).
   */
  confidence: ConfidenceSchema.optional(),
  measured: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  seed: z.number().int(),
  replay: z.string().optional(),
  evidence: z.array(EvidenceSchema),
  reproduction: ReproductionSchema.optional(),
});

export const ManifestSchema = z.object({
  harness: z.object({ name: z.string(), version: z.string(), gitSha: z.string() }),
  runtime: z.object({
    node: z.string(),
    undici: z.string(),
    vitest: z.string(),
    fastCheck: z.string(),
  }),
  /** A human label for the vendor or target (`run --label`), used as the column name by `compare`. */
  label: z.string().optional(),
  target: z.object({
    /** Origin only: no user info, path or query. */
    endpoint: z.string(),
    bucket: z.string(),
    region: z.string(),
    addressing: z.enum(['virtual-host', 'path']),
    signer: z.enum(['cos', 'sigv4']),
    embedded: z.boolean(),
    /** The embedded server ran as this mutant (`run --embedded --mutant NAME`). */
    mutant: z.string().optional(),
    /** The embedded server ran as this conformant variant (`run --embedded --variant NAME`). */
    variant: z.string().optional(),
  }),
  profile: z.enum(['cos', 's3']),
  tier: z.enum(['quick', 'full']),
  runSeed: z.number().int(),
  runs: z.number().int().optional(),
  replay: z.string().optional(),
  keyPrefix: z.string(),
  selection: z.object({
    only: z.array(z.string()),
    skip: z.array(z.string()),
    /** `i/n` when this run is one shard; absent for a whole or merged run. */
    shard: z.string().optional(),
    /** Shards a merged run was built from. */
    mergedShards: z.array(z.string()).optional(),
  }),
  /** The command line, secrets redacted. */
  argv: z.array(z.string()),
  startedAt: z.string(),
  endedAt: z.string(),
});

export const SummarySchema = z.object({
  total: z.number().int().nonnegative(),
  pass: z.number().int().nonnegative(),
  fail: z.number().int().nonnegative(),
  indeterminate: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  skip: z.number().int().nonnegative(),
  /** Upload Part exchanges in history.ndjson, and how many got a 2xx (the vacuity guard). */
  uploadPart: z.object({
    attempted: z.number().int().nonnegative(),
    succeeded: z.number().int().nonnegative(),
  }),
  /** The run stopped early (a signal, or the suite could not run to its end). */
  interrupted: z.boolean(),
  /** The signal that stopped it, when one did (the gate then exits 130 for SIGINT, 143 for SIGTERM). */
  interruptedBy: z.enum(['SIGINT', 'SIGTERM']).optional(),
});

export const GateSchema = z.object({
  exitCode: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(130), z.literal(143)]),
  status: z.enum(['conformant', 'expected-failures-only', 'nonconformant', 'inconclusive', 'interrupted']),
  baselineFile: z.string().optional(),
  strict: z.boolean(),
  newFailures: z.array(z.string()),
  expectedFailures: z.array(z.string()),
  unexpectedPasses: z.array(z.string()),
  /** Baseline entries whose check did not run (skipped, filtered, or gone from the catalogue). */
  staleExpectations: z.array(z.string()),
  /** One line per reason behind the exit code. */
  reasons: z.array(z.string()),
});

export const UnhandledErrorSchema = z.object({
  name: z.string().optional(),
  message: z.string(),
  stack: z.string().optional(),
});

/** Something a spec file's cleanup could not remove (an endpoint without Abort, a 5xx): never a verdict. */
export const LeftoverSchema = z.object({
  /** The family (spec file) whose cleanup left it. */
  family: z.string(),
  kind: z.enum(['upload', 'object']),
  key: z.string(),
  uploadId: z.string().optional(),
  /** The cleanup request and its answer, e.g. `abortMultipartUpload → 405 MethodNotAllowed`. */
  answer: z.string(),
});

export const ResultsSchema = z.object({
  $schema: z.string().optional(),
  formatVersion: z.literal(RESULTS_FORMAT_VERSION),
  runId: z.string().min(1),
  manifest: ManifestSchema,
  summary: SummarySchema,
  gate: GateSchema.optional(),
  checks: z.array(CheckEntrySchema),
  unhandledErrors: z.array(UnhandledErrorSchema),
  /** What cleanup could not remove, reported apart from the verdicts (absent when it removed everything). */
  leftovers: z.array(LeftoverSchema).optional(),
  /** The exchange log beside this file. */
  history: z.object({ file: z.string(), exchanges: z.number().int().nonnegative() }),
});

export type Results = z.infer<typeof ResultsSchema>;
export type CheckEntry = z.infer<typeof CheckEntrySchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type LeftoverEntry = z.infer<typeof LeftoverSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type Gate = z.infer<typeof GateSchema>;
export type Reproduction = z.infer<typeof ReproductionSchema>;

/** Compile-time guard: a recorded Exchange must always fit the published schema. */
type Assignable<T, U extends T> = U;
export type _ExchangeFitsSchema = Assignable<z.input<typeof ExchangeSchema>, Exchange>;

/** The JSON Schema of results.json, as published in schemas/results.schema.json. */
export function resultsJsonSchema(): Record<string, unknown> {
  // `input`: the schema of what readers accept, so fields added by newer writers (or the client) stay valid.
  const schema = z.toJSONSchema(ResultsSchema, { target: 'draft-2020-12', io: 'input' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: RESULTS_SCHEMA_ID,
    title: 'cos-conformance results.json',
    description: `A run of cos-conformance (formatVersion ${RESULTS_FORMAT_VERSION}): manifest, summary, gate and per-check verdicts with evidence.`,
    ...rest,
  };
}
