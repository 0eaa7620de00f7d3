/**
 * Temporary credentials (spec §6.6) from the environment: `serve` accepts them, `run` probes a target with them
 * (the temporary-credential checks of the auth family). All three variables or none.
 */
import type { TemporaryCredential } from '../server/options.ts';
import { ERROR_CODES, UsageError } from './errors.ts';

/** The temporary-credential environment variables (spec §6.6): all three or none. */
export const TEMP_CREDENTIAL_ENV = [
  'COS_TEMP_SECRET_ID',
  'COS_TEMP_SECRET_KEY',
  'COS_TEMP_SECURITY_TOKEN',
] as const;

/** The temporary key pair and token from the environment, or undefined when none is set; a usage error when partial. */
export function temporaryCredentialFromEnv(env: NodeJS.ProcessEnv): TemporaryCredential | undefined {
  const [secretId, secretKey, securityToken] = TEMP_CREDENTIAL_ENV.map((name) => env[name] || undefined);
  if (secretId === undefined && secretKey === undefined && securityToken === undefined) return undefined;
  if (secretId === undefined || secretKey === undefined || securityToken === undefined) {
    throw new UsageError(
      ERROR_CODES.missingCredentials,
      `temporary credentials need all of ${TEMP_CREDENTIAL_ENV.join(', ')} (missing: ${TEMP_CREDENTIAL_ENV.filter((n) => !env[n]).join(', ')})`,
    );
  }
  return { secretId, secretKey, securityToken };
}
