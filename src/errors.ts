/**
 * The errors of the harness: one base class, {@link CosConformanceError}, whose `code` is stable (scripts and
 * tests key on it, never on the message), and every code of the harness listed below, by area. Each error class
 * of src/ extends the base and takes its code from {@link HARNESS_ERROR_CODES}; `instanceof CosConformanceError`
 * tells the harness's own errors from anything else that is thrown.
 *
 * The COS error documents the reference server answers (`NoSuchUpload`, `BadDigest`, …) are wire data, listed
 * with their statuses in src/spec/error-codes.ts; their class, `CosError` (src/server/http/cos-error.ts), extends
 * the base with a wire code.
 */

/** Every code of the harness's own errors, by area. */
export const HARNESS_ERROR_CODES = {
  /** The CLI: "fix this and rerun", exit 2 (src/cli/errors.ts). */
  cli: {
    usage: 'E_USAGE',
    badOption: 'E_BAD_OPTION',
    conflict: 'E_CONFLICTING_OPTIONS',
    missingTarget: 'E_MISSING_TARGET',
    missingCredentials: 'E_MISSING_CREDENTIALS',
    noChecksSelected: 'E_NO_CHECKS_SELECTED',
    unknownMutant: 'E_UNKNOWN_MUTANT',
    unknownVariant: 'E_UNKNOWN_VARIANT',
    badReplayToken: 'E_BAD_REPLAY_TOKEN',
    shardNeedsSeed: 'E_SHARD_NEEDS_SEED',
    configNotFound: 'E_CONFIG_NOT_FOUND',
    configNotJson: 'E_CONFIG_NOT_JSON',
    configInvalid: 'E_CONFIG_INVALID',
    configEnvMissing: 'E_CONFIG_ENV_MISSING',
    unreachable: 'E_ENDPOINT_UNREACHABLE',
    credentialsRejected: 'E_CREDENTIALS_REJECTED',
    bucketNotFound: 'E_BUCKET_NOT_FOUND',
    wrongRegion: 'E_WRONG_REGION',
    unexpectedProbe: 'E_UNEXPECTED_PROBE_RESPONSE',
  },
  /** A JSON config that is not JSON, at a position (src/cli/json-syntax.ts; becomes a config error). */
  jsonSyntax: 'JSON_SYNTAX',
  /** Report inputs written by other runs: exit 2 (src/report/errors.ts). */
  reportInput: {
    notFound: 'E_INPUT_NOT_FOUND',
    invalid: 'E_INPUT_INVALID',
    mismatch: 'E_INPUT_MISMATCH',
  },
  /** The fault proxy's usage and setup (src/faults/errors.ts, src/faults/framing.ts). */
  faultProxy: {
    /** A plan, fault spec or option failed validation. */
    invalidPlan: 'FAULT_PROXY_INVALID_PLAN',
    /** The upstream URL is not `http://host:port`. */
    invalidUpstream: 'FAULT_PROXY_INVALID_UPSTREAM',
    /** The proxy could not listen. */
    listen: 'FAULT_PROXY_LISTEN',
    /** A head's framing headers cannot be honoured (bad Content-Length, unknown coding). */
    badFraming: 'FAULT_PROXY_BAD_FRAMING',
  },
  /** The XML helpers (src/xml/errors.ts); the server maps parse and shape errors to 400 MalformedXML. */
  xml: {
    parse: 'XML_PARSE',
    shape: 'XML_SHAPE',
    build: 'XML_BUILD',
  },
  /** The client (src/client, src/target). */
  client: {
    /** A key that cannot be put on the wire. */
    invalidKey: 'INVALID_KEY',
    /** A target whose endpoint is not an http(s) URL. */
    invalidEndpoint: 'INVALID_ENDPOINT',
    /** A raw HTTP/1.1 response that cannot be parsed. */
    httpParse: 'HPE_RAW_PARSE',
    /** A part body input of no known form. */
    bodyInput: 'BODY_INPUT',
    /** The harness's own request-body source failed (not a network failure). */
    requestBody: 'REQUEST_BODY_ERROR',
  },
  /** Input of the signers that cannot be signed (src/sign). */
  signInput: 'InvalidSignInput',
  /** Bodies and checksums (src/body). */
  body: {
    spec: 'BODY_SPEC',
    bigEndian: 'BODY_BIG_ENDIAN',
    crc64Argument: 'CRC64_ARGUMENT',
  },
  /** The check catalogue and the profiles (src/checks): bugs of the catalogue, found at import or by tests. */
  checks: {
    catalogue: 'CATALOGUE',
    catalogueMarkers: 'CATALOGUE_MARKERS',
    missingExpectation: 'MISSING_EXPECTATION',
  },
  /** The generated sequences (src/model). */
  model: {
    stepFailed: 'STEP_FAILED',
    replayToken: 'REPLAY_TOKEN',
  },
  /** The registries of the reference server's mutants and conformant variants (src/server). */
  server: {
    unknownMutant: 'UNKNOWN_MUTANT',
    mutantRegistry: 'MUTANT_REGISTRY',
    unknownVariant: 'UNKNOWN_VARIANT',
    /** A body held in memory grew past the size it was admitted with (src/server/storage). */
    memoryLimit: 'MEMORY_LIMIT',
    /** The worker thread hashing big bodies' MD5 failed or was stopped (src/server/storage/md5-worker.ts). */
    md5Worker: 'MD5_WORKER',
  },
} as const;

/** The string leaves of a code tree. */
type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/** Any code of {@link HARNESS_ERROR_CODES}. */
export type HarnessErrorCode = Leaves<typeof HARNESS_ERROR_CODES>;

/** The codes of the CLI (exit 2). */
export type CliErrorCode = Leaves<typeof HARNESS_ERROR_CODES.cli>;

/** The base of every error class of the harness: a message for people and a stable `code` for programs. */
export class CosConformanceError<Code extends string = HarnessErrorCode> extends Error {
  /** Stable code; see {@link HARNESS_ERROR_CODES} (a COS wire code for `CosError`). */
  readonly code: Code;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
