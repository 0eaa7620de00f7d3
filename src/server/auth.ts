/**
 * Signature checking, from the headers and query only, before any body byte is read (a refused upload stores
 * nothing). COS q-sign in the Authorization header or the query string (a presigned URL, spec §6.1) goes to
 * `verifyCos`; an `AWS4-HMAC-SHA256` Authorization (spec §6.5, S3-compatible profile) to `verifySigV4`, a SigV4
 * presigned URL (`X-Amz-Signature` in the query) to `verifySigV4Presigned`. Anything else, including an anonymous
 * request, is 403 AccessDenied. Then the temporary-credential rule ({@link checkSecurityToken}). Failures never
 * echo a secret, a signature or a token (the verifiers' reasons do not contain them).
 */
import { type AuthScheme, detectAuthScheme } from '../sign/auth-scheme.ts';
import { COS_SECURITY_TOKEN, isCosSignParam } from '../sign/cos-authorization.ts';
import { verifyCos } from '../sign/cos-verify.ts';
import { verifySigV4Presigned } from '../sign/sigv4-presign-verify.ts';
import { verifySigV4 } from '../sign/sigv4-verify.ts';
import { secretsEqual } from '../sign/timing-safe.ts';
import { cosUrlEncode } from '../sign/url-encode.ts';
import type { VerifyOk, VerifyOptions, VerifyResult } from '../sign/verify-result.ts';
import { ERROR_CODES } from '../spec/error-codes.ts';
import type { RequestContext } from './http/context.ts';
import { CosError } from './http/cos-error.ts';

/** Verifies the request's signature and records the result on the context; throws a 403 {@link CosError}. */
export async function authenticate(ctx: RequestContext): Promise<void> {
  const rules = ctx.server.behaviour;
  if (!rules.checkSignature) return;
  const scheme = detectAuthScheme(ctx.headers, ctx.query.pairs);
  if (scheme === 'anonymous' && !rules.refuseAnonymous) return;
  if ((scheme === 'sigv4-presigned' || isCosQuerySignature(ctx)) && !rules.acceptQuerySignature) {
    throw new CosError('AccessDenied', {
      message: `${ERROR_CODES.AccessDenied.message} (query-string signatures are not accepted)`,
    });
  }
  const result = await verifyRequest(ctx, scheme);
  if (!result.ok) {
    const code = result.code === 'InvalidAccessKeyId' ? rules.unknownKeyCode : result.code;
    throw new CosError(code, {
      message: `${result.message ?? ERROR_CODES[code].message} (${result.reason})`,
    });
  }
  if (!rules.acceptPartialParamList) requireEveryParamSigned(ctx, result);
  if (rules.checkSecurityToken) checkSecurityToken(ctx, result);
  ctx.auth = result;
}

/** A COS signature carried in the query string (a presigned URL, spec §6.1 "Transport"). */
function isCosQuerySignature(ctx: RequestContext): boolean {
  return ctx.query.pairs.some(([name]) => name.toLowerCase() === 'q-signature');
}

/** The rule of a server that wants every query parameter signed (not the spec's: §6.1 leaves it to the client). */
function requireEveryParamSigned(ctx: RequestContext, auth: VerifyOk): void {
  if (auth.signedParams === undefined) return;
  const signed = new Set(auth.signedParams);
  const unsigned = ctx.query.pairs
    .map(([name]) => cosUrlEncode(name).toLowerCase())
    .filter((name) => !isCosSignParam(name) && name !== COS_SECURITY_TOKEN && !signed.has(name));
  if (unsigned.length > 0) {
    throw new CosError('SignatureDoesNotMatch', {
      message: `${ERROR_CODES.SignatureDoesNotMatch.message} (query parameters left out of q-url-param-list: ${unsigned.join(', ')})`,
    });
  }
}

/**
 * Temporary credentials (spec §6.6): a key pair configured with a security token is accepted only with that token
 * (`x-cos-security-token` header or query parameter, `x-amz-security-token` header, `X-Amz-Security-Token` query),
 * signed or not. No token is 403 InvalidAccessKeyId (the key id alone names no valid key, as S3 answers a temporary
 * key without its token); a wrong token, or a token sent with a permanent key, is 403 AccessDenied. COS documents no
 * code for these cases (spec §4.2 lists only ExpiredToken): both codes are this server's choice.
 */
function checkSecurityToken(ctx: RequestContext, auth: VerifyOk): void {
  const expected = ctx.server.securityTokens.get(auth.secretId);
  const headerIgnored = auth.transport === 'header' && !ctx.server.behaviour.readSecurityTokenHeader;
  const sent = headerIgnored ? undefined : auth.securityToken;
  if (expected === undefined) {
    if (sent !== undefined) {
      throw new CosError('AccessDenied', {
        message: `${ERROR_CODES.AccessDenied.message} (a security token was sent with a permanent key)`,
      });
    }
    return;
  }
  if (sent === undefined) {
    throw new CosError('InvalidAccessKeyId', {
      message: `${ERROR_CODES.InvalidAccessKeyId.message} (a temporary key needs its security token)`,
    });
  }
  if (!secretsEqual(sent, expected)) {
    throw new CosError('AccessDenied', {
      message: `${ERROR_CODES.AccessDenied.message} (the security token is not valid for this key)`,
    });
  }
}

async function verifyRequest(ctx: RequestContext, scheme: AuthScheme): Promise<VerifyResult> {
  const lookup = (id: string): string | undefined => ctx.server.secrets.get(id);
  const options = timeOptions(ctx);
  const sigv4Request = {
    method: ctx.method,
    rawPath: ctx.rawPath,
    query: ctx.query.pairs,
    headers: ctx.headers,
  };
  switch (scheme) {
    case 'cos':
      return verifyCosAnyPath(ctx, lookup, options);
    case 'sigv4':
      return verifySigV4(sigv4Request, lookup, new Date(), options);
    case 'sigv4-presigned':
      return verifySigV4Presigned(sigv4Request, lookup, new Date(), options);
    case 'unknown':
      return { ok: false, code: 'AccessDenied', reason: 'the Authorization header is of an unknown scheme' };
    case 'anonymous':
      return { ok: false, code: 'AccessDenied', reason: 'anonymous requests are refused' };
  }
}

/** The time window rule: none when the server does not check it (every time is within an unbounded skew). */
function timeOptions(ctx: RequestContext): VerifyOptions {
  return ctx.server.behaviour.checkSignTime ? {} : { clockSkewSec: Number.POSITIVE_INFINITY };
}

/**
 * Tries the candidate signed pathnames of the addressing (path-style: with and without the bucket). The first
 * success wins; otherwise the failure for the preferred pathname is returned.
 */
function verifyCosAnyPath(
  ctx: RequestContext,
  lookup: (id: string) => string | undefined,
  options: VerifyOptions,
): VerifyResult {
  const nowSec = Math.floor(Date.now() / 1000);
  let first: VerifyResult | undefined;
  for (const pathname of ctx.address.signedPathnames) {
    const result = verifyCos(
      { method: ctx.method, pathname, query: ctx.query.pairs, headers: ctx.headers },
      lookup,
      nowSec,
      options,
    );
    if (result.ok) return result;
    if (result.code !== 'SignatureDoesNotMatch') return result;
    first ??= result;
  }
  return first ?? { ok: false, code: 'AccessDenied', reason: 'no pathname to verify' };
}
