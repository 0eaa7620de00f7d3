/**
 * The connectivity probe before a run: HEAD the bucket once and classify the answer, so that a wrong endpoint,
 * region, bucket or key pair is a usage error (exit 2) with a hint, not a run full of failures.
 */
import type { CosClient } from '../client/cos-client.ts';
import type { OpResult } from '../client/exchange.ts';
import { endpointOrigin } from '../report/manifest.ts';
import type { Target } from '../target/types.ts';
import { ConnectivityError, ERROR_CODES } from './errors.ts';

export type ProbeOutcome = { kind: 'ok' } | { kind: 'missing-bucket' };

export interface ProbeContext {
  endpoint: string;
  bucket: string;
  region: string;
  addressing: string;
  credentialsSource: string;
}

/** The probe's context for a target: what its messages name (the endpoint without path or secrets). */
export function probeContextOf(target: Target, credentialsSource: string): ProbeContext {
  return {
    endpoint: endpointOrigin(target.endpoint),
    bucket: target.bucket,
    region: target.region,
    addressing: target.addressing,
    credentialsSource,
  };
}

/** Classifies a HEAD bucket answer. Throws {@link ConnectivityError} for everything but ok and a missing bucket. */
export function classifyProbe(result: OpResult<unknown>, ctx: ProbeContext): ProbeOutcome {
  if (result.transportError) {
    const { code, message } = result.transportError;
    throw new ConnectivityError(
      ERROR_CODES.unreachable,
      `cannot reach ${ctx.endpoint}: ${code} (${message}). Check --endpoint / COS_ENDPOINT, the network, and TLS.`,
    );
  }
  const status = result.status ?? 0;
  const code = result.error?.code;
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 404) return { kind: 'missing-bucket' };
  if (status === 403) {
    const hint =
      code === 'PathStyleDomainForbidden'
        ? 'this bucket needs virtual-host addressing: drop --addressing path'
        : `check the key pair (from ${ctx.credentialsSource}), its permissions on bucket ${ctx.bucket}, and the clock (signatures carry a time window)`;
    throw new ConnectivityError(
      ERROR_CODES.credentialsRejected,
      `the endpoint refused the request to bucket ${ctx.bucket}: 403${code ? ` ${code}` : ''}; ${hint}`,
    );
  }
  if (
    status === 301 ||
    status === 307 ||
    code === 'PermanentRedirect' ||
    code === 'AuthorizationHeaderMalformed'
  ) {
    throw new ConnectivityError(
      ERROR_CODES.wrongRegion,
      `bucket ${ctx.bucket} answered ${status}${code ? ` ${code}` : ''}: it is probably not in region ${ctx.region}; check --region`,
    );
  }
  throw new ConnectivityError(
    ERROR_CODES.unexpectedProbe,
    `HEAD bucket ${ctx.bucket} at ${ctx.endpoint} answered ${status}${code ? ` ${code}` : ''}; the endpoint is not usable for a run`,
  );
}

/** Probes the bucket; creates it when missing and `create` is set. Returns whether this run created it. */
export async function probeBucket(
  client: CosClient,
  ctx: ProbeContext,
  create: boolean,
): Promise<{ created: boolean }> {
  const outcome = classifyProbe(await client.headBucket(), ctx);
  if (outcome.kind === 'ok') return { created: false };
  if (!create) {
    throw new ConnectivityError(
      ERROR_CODES.bucketNotFound,
      `bucket ${ctx.bucket} does not exist at ${ctx.endpoint} (404): create it, check --bucket, or pass --create-bucket`,
    );
  }
  const made = await client.createBucket();
  if (made.transportError || (made.status ?? 0) >= 300) {
    const why = made.transportError
      ? made.transportError.code
      : `${made.status}${made.error?.code ? ` ${made.error.code}` : ''}`;
    throw new ConnectivityError(
      ERROR_CODES.bucketNotFound,
      `bucket ${ctx.bucket} is missing and creating it failed: ${why}`,
    );
  }
  return { created: true };
}
