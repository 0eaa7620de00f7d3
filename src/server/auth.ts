/**
 * Signature checking, from the headers and query only, before any body byte is read (a refused upload stores
 * nothing). COS q-sign in the Authorization header or the query string (spec §6.1) goes to `verifyCos`; an
 * `AWS4-HMAC-SHA256` Authorization (spec §6.5, S3-compatible profile) to `verifySigV4`. Anything else, including
 * an anonymous request, is 403 AccessDenied. Failures never echo a secret or a signature (the verifiers' reasons
 * do not contain them).
 */
import { detectAuthScheme } from '../sign/auth-scheme.ts';
import { verifyCos } from '../sign/cos-verify.ts';
import { verifySigV4 } from '../sign/sigv4-verify.ts';
import type { VerifyResult } from '../sign/verify-result.ts';
import { ERROR_CODES } from '../spec/error-codes.ts';
import type { RequestContext } from './http/context.ts';
import { CosError } from './http/cos-error.ts';

/** Verifies the request's signature and records the result on the context; throws a 403 {@link CosError}. */
export async function authenticate(ctx: RequestContext): Promise<void> {
  if (!ctx.server.behaviour.checkSignature) return;
  const result = await verifyRequest(ctx);
  if (!result.ok) {
    throw new CosError(result.code, { message: `${ERROR_CODES[result.code].message} (${result.reason})` });
  }
  ctx.auth = result;
}

async function verifyRequest(ctx: RequestContext): Promise<VerifyResult> {
  const lookup = (id: string): string | undefined => ctx.server.secrets.get(id);
  const scheme = detectAuthScheme(ctx.headers, ctx.query.pairs);
  switch (scheme) {
    case 'cos':
      return verifyCosAnyPath(ctx, lookup);
    case 'sigv4':
      return verifySigV4(
        { method: ctx.method, rawPath: ctx.rawPath, query: ctx.query.pairs, headers: ctx.headers },
        lookup,
        new Date(),
      );
    case 'sigv4-presigned':
      return { ok: false, code: 'AccessDenied', reason: 'presigned SigV4 URLs are not supported' };
    case 'unknown':
      return { ok: false, code: 'AccessDenied', reason: 'the Authorization header is of an unknown scheme' };
    case 'anonymous':
      return { ok: false, code: 'AccessDenied', reason: 'anonymous requests are refused' };
  }
}

/**
 * Tries the candidate signed pathnames of the addressing (path-style: with and without the bucket). The first
 * success wins; otherwise the failure for the preferred pathname is returned.
 */
function verifyCosAnyPath(ctx: RequestContext, lookup: (id: string) => string | undefined): VerifyResult {
  const nowSec = Math.floor(Date.now() / 1000);
  let first: VerifyResult | undefined;
  for (const pathname of ctx.address.signedPathnames) {
    const result = verifyCos(
      { method: ctx.method, pathname, query: ctx.query.pairs, headers: ctx.headers },
      lookup,
      nowSec,
    );
    if (result.ok) return result;
    if (result.code !== 'SignatureDoesNotMatch') return result;
    first ??= result;
  }
  return first ?? { ok: false, code: 'AccessDenied', reason: 'no pathname to verify' };
}
