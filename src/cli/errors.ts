/**
 * CLI errors: classes with stable codes, each mapping to exit code 2 (usage, configuration, connectivity).
 * The message says what to fix; it never contains a secret.
 */
import { type CliErrorCode, CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';
import { EXIT } from '../report/exit-codes.ts';

/** Base of every error the CLI reports as "fix this and rerun" (exit 2). */
export class CliError extends CosConformanceError<CliErrorCode> {
  readonly exitCode: number = EXIT.USAGE;
}

/** A bad flag, a missing or conflicting option. */
export class UsageError extends CliError {}

/** A config file that is missing, unreadable, not JSON, fails validation or references an unset variable. */
export class ConfigError extends CliError {}

/** The endpoint could not be reached, or refused the credentials, or the bucket is not there. */
export class ConnectivityError extends CliError {}

/** Stable error codes of the CLI, so scripts and tests can key on them (listed in src/errors.ts). */
export const ERROR_CODES = HARNESS_ERROR_CODES.cli;
