/**
 * CLI errors: classes with stable codes, each mapping to exit code 2 (usage, configuration, connectivity).
 * The message says what to fix; it never contains a secret.
 */
import { EXIT } from '../report/exit-codes.ts';

/** Base of every error the CLI reports as "fix this and rerun" (exit 2). */
export class CliError extends Error {
  readonly exitCode: number = EXIT.USAGE;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad flag, a missing or conflicting option. */
export class UsageError extends CliError {}

/** A config file that is missing, unreadable, not JSON, fails validation or references an unset variable. */
export class ConfigError extends CliError {}

/** The endpoint could not be reached, or refused the credentials, or the bucket is not there. */
export class ConnectivityError extends CliError {}

/** Stable error codes, so scripts and tests can key on them. */
export const ERROR_CODES = {
  usage: 'E_USAGE',
  badOption: 'E_BAD_OPTION',
  conflict: 'E_CONFLICTING_OPTIONS',
  missingTarget: 'E_MISSING_TARGET',
  missingCredentials: 'E_MISSING_CREDENTIALS',
  noChecksSelected: 'E_NO_CHECKS_SELECTED',
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
} as const;
