import { isCosSignParam } from './cos-authorization.ts';

/** Which signature scheme a request carries, so that a server can pick the verifier. */
export type AuthScheme = 'cos' | 'sigv4' | 'sigv4-presigned' | 'anonymous' | 'unknown';

/**
 * Classifies a request: a q-sign Authorization header or q-* query parameters → `cos` (spec §6.1), an
 * `AWS4-HMAC-SHA256` header → `sigv4` (spec §6.5), `X-Amz-Signature` in the query → `sigv4-presigned`, no
 * signature at all → `anonymous`, any other Authorization value → `unknown`.
 */
export function detectAuthScheme(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  query: ReadonlyArray<readonly [string, string]>,
): AuthScheme {
  const raw = headers.authorization;
  const auth = (Array.isArray(raw) ? raw.join(', ') : (raw ?? '')).trim();
  if (auth !== '') {
    if (auth.startsWith('AWS4-HMAC-SHA256 ')) return 'sigv4';
    if (/^q-sign-algorithm=/i.test(auth) || /(^|&)q-signature=/i.test(auth)) return 'cos';
    return 'unknown';
  }
  if (query.some(([name]) => isCosSignParam(name))) return 'cos';
  if (query.some(([name]) => name.toLowerCase() === 'x-amz-signature')) return 'sigv4-presigned';
  return 'anonymous';
}
