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
import { type SecretLookup, verifyCos } from '../sign/cos-verify.ts';
import { verifySigV4Presigned } from '../sign/sigv4-presign-verify.ts';
import { type SigV4VerifyRequest, verifySigV4 } from '../sign/sigv4-verify.ts';
import { secretsEqual } from '../sign/timing-safe.ts';
import { cosUrlEncode } from '../sign/url-encode.ts';
import type { VerifyOk, VerifyOptions, VerifyResult } from '../sign/verify-result.ts';
import { ERROR_CODES } from '../spec/error-codes.ts';
import type { RequestContext } from './http/context.ts';
import { CosError } from './http/cos-error.ts';
import type { ServerState } from './server-state.ts';

/**
 * Verifies the request's signature and records the result on the context; throws a 403 {@link CosError}. A COS
 * signature is checked synchronously (undefined is returned); a SigV4 one returns a promise to await.
 */
export function authenticate(ctx: RequestContext): Promise<void> | undefined {
  const rules = ctx.server.behaviour;
  if (!rules.checkSignature) return undefined;
  const scheme = detectAuthScheme(ctx.headers, ctx.query.pairs);
  if (scheme === 'anonymous' && !rules.refuseAnonymous) return undefined;
  if ((scheme === 'sigv4-presigned' || isCosQuerySignature(ctx)) && !rules.acceptQuerySignature) {
    throw new CosError('AccessDenied', {
      message: `${ERROR_CODES.AccessDenied.message} (query-string signatures are not accepted)`,
    });
  }
  const result = verifyRequest(ctx, scheme);
  if (result instanceof Promise) return result.then((settled) => acceptResult(ctx, settled));
  acceptResult(ctx, result);
  return undefined;
}

/** Records a successful verification on the context after the server's further rules; throws on a failure. */
function acceptResult(ctx: RequestContext, result: VerifyResult): void {
  const rules = ctx.server.behaviour;
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

function verifyRequest(ctx: RequestContext, scheme: AuthScheme): VerifyResult | Promise<VerifyResult> {
  const lookup = secretLookup(ctx.server);
  const options = timeOptions(ctx);
  switch (scheme) {
    case 'cos':
      return verifyCosAnyPath(ctx, lookup, options);
    case 'sigv4':
      return verifySigV4(sigV4Request(ctx), lookup, new Date(), options);
    case 'sigv4-presigned':
      return verifySigV4Presigned(sigV4Request(ctx), lookup, new Date(), options);
    case 'unknown':
      return { ok: false, code: 'AccessDenied', reason: 'the Authorization header is of an unknown scheme' };
    case 'anonymous':
      return { ok: false, code: 'AccessDenied', reason: 'anonymous requests are refused' };
  }
}

/** The SecretKey lookup of each server, made once (a request needs no closure of its own). */
const lookups = new WeakMap<ServerState, SecretLookup>();

function secretLookup(state: ServerState): SecretLookup {
  let lookup = lookups.get(state);
  if (lookup === undefined) {
    lookup = (id) => state.secrets.get(id);
    lookups.set(state, lookup);
  }
  return lookup;
}

function sigV4Request(ctx: RequestContext): SigV4VerifyRequest {
  return { method: ctx.method, rawPath: ctx.rawPath, query: ctx.query.pairs, headers: ctx.headers };
}

const SIGN_TIME_CHECKED: VerifyOptions = Object.freeze({});
const SIGN_TIME_UNCHECKED: VerifyOptions = Object.freeze({ clockSkewSec: Number.POSITIVE_INFINITY });

/** The time window rule: none when the server does not check it (every time is within an unbounded skew). */
function timeOptions(ctx: RequestContext): VerifyOptions {
  return ctx.server.behaviour.checkSignTime ? SIGN_TIME_CHECKED : SIGN_TIME_UNCHECKED;
}

/**
 * Tries the candidate signed pathnames of the addressing (path-style: with and without the bucket). The first
 * success wins; otherwise the failure for the preferred pathname is returned.
 */
function verifyCosAnyPath(ctx: RequestContext, lookup: SecretLookup, options: VerifyOptions): VerifyResult {
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
