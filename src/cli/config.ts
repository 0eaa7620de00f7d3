/**
 * Resolves the settings of `run` from three layers, flags > environment > config file, then validates the
 * result. Every problem becomes a {@link ConfigError} or {@link UsageError} (exit 2) whose message says what to
 * fix; no message ever contains a secret.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatZodIssues } from '../report/zod-issues.ts';
import type { Tier } from '../runner/context.ts';
import {
  DEFAULT_BUCKET,
  DEFAULT_REGION,
  LOCAL_SECRET_ID,
  LOCAL_SECRET_KEY,
  LOCAL_TEMPORARY_CREDENTIAL,
} from '../server/defaults.ts';
import {
  type Addressing,
  type Credentials,
  DEFAULT_TIMEOUTS,
  type ProfileName,
  type SignerKind,
  type Target,
  type Timeouts,
} from '../target/types.ts';
import { defaultEndpoint } from '../target/addressing.ts';
import { type ConfigFile, ConfigFileSchema } from './config-schema.ts';
import { decodeReplayToken, ReplayTokenError } from '../model/replay.ts';
import { ConfigError, ERROR_CODES, UsageError } from './errors.ts';
import { interpolateEnv } from './interpolate.ts';
import { parseByteSize } from './byte-size.ts';
import { jsonSyntaxError } from './json-syntax.ts';
import { temporaryCredentialFromEnv } from './temporary-credentials.ts';

/** The flags of `run`, as commander parsed them (absent = not given). */
export interface RunFlags {
  embedded?: boolean;
  endpoint?: string;
  bucket?: string;
  region?: string;
  addressing?: Addressing;
  signer?: SignerKind;
  profile?: ProfileName;
  tier?: Tier;
  only?: string[];
  skip?: string[];
  seed?: number;
  runs?: number;
  replay?: string;
  out?: string;
  baseline?: string;
  strict?: boolean;
  shard?: string;
  createBucket?: boolean;
  config?: string;
  label?: string;
  /** Print the plan (each check's requests and bytes) and send nothing. */
  dryRun?: boolean;
  /** Cap on the bytes the run may upload: plain bytes or with a unit (10MiB, 5GiB). */
  maxBytes?: string;
  /** With --embedded: run the reference server as this mutant (one rule broken on purpose). */
  mutant?: string;
  /** With --embedded: run the reference server as this conformant variant (another choice the spec allows). */
  variant?: string;
}

/** The settings of a run after merging and validation. */
export interface RunConfig {
  embedded: boolean;
  /** Absent for an embedded run until the server is up. */
  endpoint?: string;
  bucket: string;
  region: string;
  addressing: Addressing;
  virtualHostDomain?: string;
  signer: SignerKind;
  profile: ProfileName;
  credentials: Credentials;
  /** Where the credentials came from, for messages (never the values). */
  credentialsSource: string;
  /** A temporary key pair and token for the temporary-credential checks (spec §6.6); embedded: the local one. */
  temporaryCredentials?: Target['temporaryCredentials'];
  timeouts: Timeouts;
  tier: Tier;
  only: string[];
  skip: string[];
  seed?: number;
  runs?: number;
  replay?: string;
  out?: string;
  baseline?: string;
  strict: boolean;
  shard?: { index: number; count: number };
  createBucket: boolean;
  label?: string;
  mutant?: string;
  variant?: string;
  /** `--dry-run`: print the plan, start nothing, send nothing. */
  dryRun: boolean;
  /** `--max-bytes` in bytes: checks whose estimate exceeds what is left are skipped. */
  maxBytes?: number;
}

/** Reads, interpolates and validates a config file. */
export async function loadConfigFile(
  path: string,
  env: NodeJS.ProcessEnv,
  shownAs: string = path,
): Promise<ConfigFile> {
  const file = shownAs;
  let text: string;
  try {
    text = await readFile(resolve(path), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      ERROR_CODES.configNotFound,
      `config file ${file}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? 'error'})`}`,
    );
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error, which may be part of a secret: say where instead.
    const at = jsonSyntaxError(text);
    throw new ConfigError(
      ERROR_CODES.configNotJson,
      `config file ${file} is not valid JSON: ${at ? `line ${at.line}, column ${at.column}: ${at.problem}` : 'syntax error'}\n(the file's text is not shown: it may hold a secret; write secrets as "\${COS_SECRET_KEY}" references)`,
    );
  }
  const { value, missing } = interpolateEnv(json, env);
  if (missing.length > 0) {
    throw new ConfigError(
      ERROR_CODES.configEnvMissing,
      `config file ${file} references unset environment variables:\n${missing.map((m) => `  ${m}`).join('\n')}\nexport them, or give a default with \${VAR:-value}`,
    );
  }
  const parsed = ConfigFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(
      ERROR_CODES.configInvalid,
      `config file ${file} is not valid:\n${formatZodIssues(parsed.error, '  ').join('\n')}`,
    );
  }
  return parsed.data;
}

function envValue(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** Credentials from the environment: COS_* for the cos profile; AWS_* first, then COS_*, for the s3 profile. */
function envCredentials(
  env: NodeJS.ProcessEnv,
  profile: ProfileName,
): { creds?: Credentials; source: string; partial?: string } {
  const sets =
    profile === 's3'
      ? [
          ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
          ['COS_SECRET_ID', 'COS_SECRET_KEY', 'COS_SECURITY_TOKEN'],
        ]
      : [['COS_SECRET_ID', 'COS_SECRET_KEY', 'COS_SECURITY_TOKEN']];
  for (const [idName, keyName, tokenName] of sets as Array<[string, string, string]>) {
    const secretId = envValue(env, idName);
    const secretKey = envValue(env, keyName);
    if (secretId && secretKey) {
      const securityToken = envValue(env, tokenName);
      return {
        creds: { secretId, secretKey, ...(securityToken ? { securityToken } : {}) },
        source: `${idName}/${keyName}`,
      };
    }
    if (secretId || secretKey)
      return {
        source: '',
        partial: secretId
          ? `${idName} is set but ${keyName} is not`
          : `${keyName} is set but ${idName} is not`,
      };
  }
  return { source: '' };
}

function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(
      ERROR_CODES.badOption,
      `--shard ${value}: expected i/n with 1 <= i <= n, e.g. --shard 2/4`,
    );
  }
  return { index, count };
}

/** Merges flags > environment > config file > defaults and validates the result. */
export async function resolveRunConfig(
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): Promise<RunConfig> {
  const file: ConfigFile = flags.config
    ? await loadConfigFile(resolve(cwd, flags.config), env, flags.config)
    : {};
  const embedded = flags.embedded ?? false;
  const profile: ProfileName = flags.profile ?? file.profile ?? 'cos';
  const s3 = profile === 's3';

  const endpoint =
    flags.endpoint ??
    envValue(env, ...(s3 ? ['AWS_ENDPOINT_URL', 'COS_ENDPOINT'] : ['COS_ENDPOINT'])) ??
    file.endpoint;
  if (flags.mutant !== undefined && !embedded) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--mutant changes the embedded reference server: add --embedded',
    );
  }
  if (flags.variant !== undefined && !embedded) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--variant changes the embedded reference server: add --embedded',
    );
  }
  if (flags.variant !== undefined && flags.mutant !== undefined) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--mutant breaks a rule and --variant makes an allowed choice: give one of them',
    );
  }
  if (embedded && flags.endpoint) {
    throw new UsageError(
      ERROR_CODES.conflict,
      '--embedded starts its own server: drop --endpoint (or drop --embedded to test that endpoint)',
    );
  }
  if (endpoint !== undefined && !embedded) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(
        ERROR_CODES.badOption,
        `endpoint "${endpoint}" is not an http(s) URL, e.g. https://cos.ap-guangzhou.myqcloud.com`,
      );
    }
    if (url.username || url.password) {
      throw new UsageError(
        ERROR_CODES.badOption,
        'the endpoint URL must not carry credentials: use COS_SECRET_ID/COS_SECRET_KEY',
      );
    }
  }

  const bucket =
    flags.bucket ?? envValue(env, 'COS_BUCKET') ?? file.bucket ?? (embedded ? DEFAULT_BUCKET : undefined);
  const region =
    flags.region ??
    envValue(env, ...(s3 ? ['AWS_REGION', 'COS_REGION'] : ['COS_REGION'])) ??
    file.region ??
    (embedded ? DEFAULT_REGION : undefined);
  const missing: string[] = [];
  if (!bucket) missing.push('a bucket (--bucket, COS_BUCKET or "bucket" in the config file)');
  if (!region)
    missing.push(`a region (--region, ${s3 ? 'AWS_REGION, ' : ''}COS_REGION or "region" in the config file)`);
  if (missing.length > 0) {
    throw new UsageError(
      ERROR_CODES.missingTarget,
      `run needs ${missing.join(' and ')}; or use --embedded to test the built-in reference server`,
    );
  }
  if (!/^[a-z0-9-]+$/.test(region!)) {
    throw new UsageError(ERROR_CODES.badOption, `region "${region}" is not a region id like ap-guangzhou`);
  }

  let credentials: Credentials;
  let credentialsSource: string;
  if (embedded) {
    credentials = { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY };
    credentialsSource = 'the documented local pair';
  } else {
    const fromEnv = envCredentials(env, profile);
    if (fromEnv.creds) {
      credentials = fromEnv.creds;
      credentialsSource = fromEnv.source;
    } else if (fromEnv.partial) {
      throw new UsageError(ERROR_CODES.missingCredentials, `incomplete credentials: ${fromEnv.partial}`);
    } else if (file.credentials) {
      credentials = file.credentials;
      credentialsSource = `the config file ${flags.config}`;
    } else if (flags.dryRun) {
      // A dry run signs nothing: it may plan a run before the credentials are at hand.
      credentials = { secretId: '', secretKey: '' };
      credentialsSource = 'none (dry run)';
    } else {
      throw new UsageError(
        ERROR_CODES.missingCredentials,
        `run needs credentials: export ${s3 ? 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or COS_SECRET_ID and COS_SECRET_KEY)' : 'COS_SECRET_ID and COS_SECRET_KEY'}, or set "credentials" in the config file with \${VAR} references`,
      );
    }
  }

  const temporaryCredentials = embedded
    ? LOCAL_TEMPORARY_CREDENTIAL
    : (temporaryCredentialFromEnv(env) ?? file.temporaryCredentials);
  const strict = flags.strict ?? file.strict ?? false;
  const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
  const seed = flags.seed ?? file.seed;
  if (shard && seed === undefined) {
    throw new UsageError(
      ERROR_CODES.shardNeedsSeed,
      `--shard needs --seed: the shards of one run must generate the same inputs to be merged; pass the same --seed N to every shard`,
    );
  }
  if (flags.replay) checkReplayToken(flags.replay);
  const runs = flags.runs ?? file.runs;
  const out = flags.out ?? file.out;
  const baseline = flags.baseline ?? file.baseline;
  const label = flags.label ?? file.label;
  const virtualHostDomain = file.virtualHostDomain;
  const maxBytesText = flags.maxBytes ?? file.maxBytes;
  const maxBytes = maxBytesText !== undefined ? parseByteSize(maxBytesText) : undefined;
  return {
    embedded,
    ...(embedded || endpoint === undefined ? {} : { endpoint }),
    bucket: bucket!,
    region: region!,
    addressing: flags.addressing ?? file.addressing ?? 'virtual-host',
    ...(virtualHostDomain ? { virtualHostDomain } : {}),
    signer: flags.signer ?? file.signer ?? (s3 ? 'sigv4' : 'cos'),
    profile,
    credentials,
    credentialsSource,
    ...(temporaryCredentials ? { temporaryCredentials } : {}),
    timeouts: { ...DEFAULT_TIMEOUTS, ...file.timeouts },
    tier: flags.tier ?? file.tier ?? 'quick',
    only: flags.only ?? file.only ?? [],
    skip: flags.skip ?? file.skip ?? [],
    ...(seed !== undefined ? { seed } : {}),
    ...(runs !== undefined ? { runs } : {}),
    ...(flags.replay ? { replay: flags.replay } : {}),
    ...(out ? { out } : {}),
    ...(baseline ? { baseline } : {}),
    strict,
    ...(shard ? { shard } : {}),
    createBucket: flags.createBucket ?? file.createBucket ?? false,
    ...(label ? { label } : {}),
    ...(flags.mutant !== undefined ? { mutant: flags.mutant } : {}),
    ...(flags.variant !== undefined ? { variant: flags.variant } : {}),
    dryRun: flags.dryRun ?? false,
    ...(maxBytes !== undefined ? { maxBytes } : {}),
  };
}

/** A `--replay` token that cannot be read is a usage error (exit 2), not a harness error inside the run. */
function checkReplayToken(token: string): void {
  try {
    decodeReplayToken(token);
  } catch (err) {
    if (!(err instanceof ReplayTokenError)) throw err;
    throw new UsageError(
      ERROR_CODES.badReplayToken,
      `--replay: ${err.message}; copy the whole token from the failure's replay command in report.md or results.json`,
    );
  }
}

/** The Target a run config describes; `endpoint` (an embedded server's URL) overrides the configured one. */
export function targetOf(config: RunConfig, endpoint?: string): Target {
  const partial = { bucket: config.bucket, region: config.region, addressing: config.addressing };
  return {
    endpoint: endpoint ?? config.endpoint ?? defaultEndpoint(partial),
    ...partial,
    ...(config.virtualHostDomain ? { virtualHostDomain: config.virtualHostDomain } : {}),
    signer: config.signer,
    profile: config.profile,
    credentials: config.credentials,
    ...(config.temporaryCredentials ? { temporaryCredentials: config.temporaryCredentials } : {}),
    timeouts: config.timeouts,
  };
}

/** The secrets of a run config, for scrubbing (SecretKey and token; the SecretId is not a secret). */
export function secretsOf(config: Pick<RunConfig, 'credentials' | 'temporaryCredentials'>): string[] {
  return [
    config.credentials.secretKey,
    config.credentials.securityToken,
    config.temporaryCredentials?.secretKey,
    config.temporaryCredentials?.securityToken,
  ].filter((text): text is string => typeof text === 'string' && text.length > 0);
}
