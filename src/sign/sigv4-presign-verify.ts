import { ALGORITHM_IDENTIFIER } from '@smithy/signature-v4';
import { UNSIGNED_PAYLOAD } from './sigv4.ts';
import {
  headerValueOf,
  parseAmzDate,
  parseCredentialScope,
  quoteForReason,
  replaySigV4,
} from './sigv4-replay.ts';
import type { SigV4VerifyOptions, SigV4VerifyRequest } from './sigv4-verify.ts';
import {
  REQUEST_EXPIRED_MESSAGE,
  type VerifyFailure,
  type VerifyResult,
  verifyFailure,
} from './verify-result.ts';

/** The longest validity of a SigV4 presigned URL, in seconds (one week, AWS S3 "Authenticating Requests: Using Query Parameters"). */
export const MAX_PRESIGNED_EXPIRES_SEC = 604_800;

/**
 * Verifies a SigV4 presigned URL (`X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
 * `X-Amz-SignedHeaders`, `X-Amz-Signature`, optional `X-Amz-Security-Token`; AWS S3 "Authenticating Requests: Using
 * Query Parameters"). Order: every parameter present and well-formed (else 400 AuthorizationQueryParametersError),
 * the key known (else InvalidAccessKeyId), `now` within `X-Amz-Date` … `X-Amz-Date + X-Amz-Expires` (else 403
 * AccessDenied "Request has expired"), the signature recomputed over the query without `X-Amz-Signature`, the
 * declared headers and the payload hash (the `x-amz-content-sha256` header when sent, else `UNSIGNED-PAYLOAD`).
 */
export async function verifySigV4Presigned(
  req: SigV4VerifyRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date,
  options: SigV4VerifyOptions = {},
): Promise<VerifyResult> {
  const param = (name: string): string | undefined => {
    const lower = name.toLowerCase();
    const found = req.query.filter(([n]) => n.toLowerCase() === lower);
    return found.length === 1 ? found[0][1] : undefined;
  };
  const algorithm = param('X-Amz-Algorithm');
  const credential = param('X-Amz-Credential');
  const amzDate = param('X-Amz-Date');
  const expires = param('X-Amz-Expires');
  const signedHeaderList = param('X-Amz-SignedHeaders');
  const signature = param('X-Amz-Signature');
  if (
    algorithm === undefined ||
    credential === undefined ||
    amzDate === undefined ||
    expires === undefined ||
    signedHeaderList === undefined ||
    signature === undefined
  ) {
    return queryError(
      'X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature must each appear once',
    );
  }
  if (algorithm !== ALGORITHM_IDENTIFIER) {
    return queryError(`X-Amz-Algorithm only supports "${ALGORITHM_IDENTIFIER}"`);
  }
  const scope = parseCredentialScope(credential);
  if (!scope) return queryError('X-Amz-Credential is not AK/YYYYMMDD/region/service/aws4_request');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return queryError('X-Amz-Date must be in the ISO8601 basic format YYYYMMDDTHHMMSSZ');
  if (amzDate.slice(0, 8) !== scope.date) {
    return queryError(`credential scope date ${scope.date} differs from X-Amz-Date ${amzDate}`);
  }
  if (!/^\d{1,7}$/.test(expires) || Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_EXPIRES_SEC) {
    return queryError(
      `X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_EXPIRES_SEC} (one week)`,
    );
  }
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return queryError('X-Amz-Signature is not 64 hex digits');
  const names = signedHeaderList.split(';').map((n) => n.toLowerCase());
  if (!names.includes('host')) return queryError('X-Amz-SignedHeaders must include host');

  const secretAccessKey = lookupSecret(scope.accessKeyId);
  if (secretAccessKey === undefined) {
    return verifyFailure('InvalidAccessKeyId', `unknown access key id ${quoteForReason(scope.accessKeyId)}`);
  }
  const skewMs = ((options.maxSkewSec ?? 900) + (options.clockSkewSec ?? 0)) * 1000;
  if (signingDate.getTime() - now.getTime() > skewMs) {
    return verifyFailure('AccessDenied', `X-Amz-Date ${amzDate} is in the future: the URL is not valid yet`);
  }
  const endMs = signingDate.getTime() + Number(expires) * 1000 + (options.clockSkewSec ?? 0) * 1000;
  if (now.getTime() > endMs) {
    return {
      ...verifyFailure('AccessDenied', `X-Amz-Date ${amzDate} + X-Amz-Expires ${expires} s is past`),
      message: REQUEST_EXPIRED_MESSAGE,
    };
  }

  const signedHeaders: Record<string, string> = {};
  for (const name of names) {
    const value = headerValueOf(req.headers, name);
    if (value === undefined) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `X-Amz-SignedHeaders names "${name}", which the request does not carry`,
      );
    }
    signedHeaders[name] = value;
  }
  const payloadHash = headerValueOf(req.headers, 'x-amz-content-sha256') ?? UNSIGNED_PAYLOAD;
  const replay = await replaySigV4({
    method: req.method,
    rawPath: req.rawPath,
    query: req.query,
    signedHeaders,
    credentials: { accessKeyId: scope.accessKeyId, secretAccessKey },
    date: scope.date,
    region: scope.region,
    service: scope.service,
    longDate: amzDate,
    signingDate,
    payloadHash,
    signature,
  });
  if (!replay.matched) {
    return verifyFailure(
      'SignatureDoesNotMatch',
      `the presigned URL's signature does not match the request (X-Amz-SignedHeaders ${quoteForReason(signedHeaderList)})`,
    );
  }
  const token = param('X-Amz-Security-Token');
  return {
    ok: true,
    secretId: scope.accessKeyId,
    scheme: 'sigv4',
    transport: 'query',
    signedHeaders: names,
    payloadHash,
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}

function queryError(reason: string): VerifyFailure {
  return verifyFailure('AuthorizationQueryParametersError', reason);
}
