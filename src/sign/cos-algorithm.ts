import { createHmac, hash } from 'node:crypto';
import { hmacSha1, hmacSha1Hex } from './hmac-sha1.ts';
import { cosUrlEncode } from './url-encode.ts';
import { BoundedCache } from '../bounded-cache.ts';

/**
 * The steps of the COS q-sign algorithm (spec §6.1 [D7778]), shared by the signer and the verifier.
 * HMAC-SHA1 and SHA1 over UTF-8, lower-case hex output.
 */

/** The only q-sign-algorithm COS defines. */
export const COS_SIGN_ALGORITHM = 'sha1';

/** One signed parameter or header in canonical form: `name` = lowercase(UrlEncode(key)), `value` = UrlEncode(value). */
export interface CanonicalPair {
  name: string;
  value: string;
}

/** The canonical name of a parameter or header key: lowercase(UrlEncode(key)) (spec §6.1 steps 3-4). */
export function cosCanonicalName(key: string): string {
  return cosUrlEncode(key).toLowerCase();
}

/**
 * Canonicalizes pairs and sorts them by canonical name (spec §6.1 steps 3-4). The sort is stable: values of a
 * repeated name keep their input order (as the Node SDK does for keys equal ignoring case).
 */
export function canonicalizePairs(pairs: ReadonlyArray<readonly [string, string]>): CanonicalPair[] {
  return pairs
    .map(([key, value]) => ({ name: cosCanonicalName(key), value: cosUrlEncode(value) }))
    .sort((a, b) => compareAscii(a.name, b.name));
}

/** `k1=v1&k2=v2…` (HttpParameters / HttpHeaders). */
export function joinCanonicalPairs(pairs: readonly CanonicalPair[]): string {
  return pairs.map((canonicalPair) => `${canonicalPair.name}=${canonicalPair.value}`).join('&');
}

/** `k1;k2;…` (UrlParamList / HeaderList). A repeated name is listed once per value, as the Go SDK does. */
export function joinCanonicalNames(pairs: readonly CanonicalPair[]): string {
  return pairs.map((canonicalPair) => canonicalPair.name).join(';');
}

/** HttpString = lower(method) \n pathname \n HttpParameters \n HttpHeaders \n (spec §6.1 step 5). */
export function cosHttpString(
  method: string,
  pathname: string,
  httpParameters: string,
  httpHeaders: string,
): string {
  return `${method.toLowerCase()}\n${pathname}\n${httpParameters}\n${httpHeaders}\n`;
}

/**
 * The last SignKey derived per SecretKey: a client signs many requests inside one key-time second. At most 16
 * SecretKeys (a suite uses one or two; tests create more).
 */
const signKeys = new BoundedCache<string, { keyTime: string; signKey: string }>(16);

/**
 * SignKey = hex(HMAC-SHA1(SecretKey, KeyTime)) (spec §6.1 step 2). The last key per SecretKey is reused while the
 * KeyTime is the same (it changes once a second), which saves one HMAC per request; the cache lives in memory only.
 */
export function cosSignKey(secretKey: string, keyTime: string): string {
  const hit = signKeys.get(secretKey);
  if (hit !== undefined && hit.keyTime === keyTime) return hit.signKey;
  const signKey = createHmac('sha1', secretKey).update(keyTime, 'utf8').digest('hex');
  signKeys.set(secretKey, { keyTime, signKey });
  return signKey;
}

/** StringToSign = `sha1\n<SignTime>\n<hex(SHA1(HttpString))>\n` (spec §6.1 step 6). */
export function cosStringToSign(signTime: string, httpString: string): string {
  // One-shot hash (a string is hashed as UTF-8): cheaper per request than a Hash object.
  const digest = hash('sha1', httpString, 'hex');
  return `${COS_SIGN_ALGORITHM}\n${signTime}\n${digest}\n`;
}

/** Signature = hex(HMAC-SHA1(key = SignKey as its hex text, StringToSign)) (spec §6.1 step 7). */
export function cosSignatureOf(signKey: string, stringToSign: string): string {
  return hmacSha1Hex(signKey, stringToSign);
}

/** The Signature of {@link cosSignatureOf} as its 20 bytes (what a verifier compares). */
export function cosSignatureDigest(signKey: string, stringToSign: string): Buffer {
  return hmacSha1(signKey, stringToSign);
}

/** Plain code-unit order; canonical names are ASCII, so this is also byte order. */
export function compareAscii(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `start;end` in Unix seconds. */
export const KEY_TIME_PATTERN = /^(\d{1,12});(\d{1,12})$/;

/** Parses `start;end`, or undefined when malformed. */
export function parseKeyTime(value: string): { start: number; end: number } | undefined {
  const match = KEY_TIME_PATTERN.exec(value);
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]) };
}
