/**
 * Secret redaction for everything the client records. DESIGN.md "Safety": no SecretKey, signature or security
 * token ever reaches a log or report. Structure is kept (which key id, which headers were signed, the key time) so
 * a reader can still debug a SignatureDoesNotMatch; only the secret parts are replaced by {@link REDACTED}.
 */

export const REDACTED = '<redacted>';

/** Headers whose whole value is secret (temporary-credential tokens, SSE-C keys, cookies). Lower-case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set([
  'x-cos-security-token',
  'x-amz-security-token',
  'x-cos-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key',
  'x-cos-copy-source-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

/** Query parameters whose value is secret (URL-signature mode, spec §6.1 "Transport", §6.6). Lower-case. */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set([
  'q-signature',
  'x-cos-security-token',
  'x-amz-signature',
  'x-amz-security-token',
  'signature',
  'sign',
]);

/** COS q-sign fields that are not secret (spec §6.1 step 8). Every other field's value is redacted. */
const COS_PUBLIC_FIELDS = new Set([
  'q-sign-algorithm',
  'q-ak',
  'q-sign-time',
  'q-key-time',
  'q-header-list',
  'q-url-param-list',
]);

/** SigV4 Authorization components that are not secret. */
const SIGV4_PUBLIC_FIELDS = new Set(['credential', 'signedheaders']);

/**
 * Free-text patterns that carry a signature or token: `q-signature=…`, `Signature=…`, `X-Amz-Signature=…`,
 * `x-cos-security-token: …` / `=…`, `X-Amz-Security-Token=…`, and `<SignatureProvided>` in S3 error bodies.
 */
const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/((?:q-|x-amz-)?signature(?:%3D|=))(?!<redacted>)[^&\s"'<>,;]*/gi, `$1${REDACTED}`],
  [/((?:x-cos|x-amz)-security-token(?:%3D|=|:\s*))(?!<redacted>)[^&\s"'<>,;]*/gi, `$1${REDACTED}`],
  [/(<SignatureProvided>)[^<]*/gi, `$1${REDACTED}`],
];

/** Redacts an Authorization value: COS q-sign keeps everything but `q-signature`; SigV4 keeps Credential and SignedHeaders; anything else is redacted whole. */
export function redactAuthorization(value: string): string {
  const trimmed = value.trim();
  if (/^q-[a-z-]+=/i.test(trimmed)) {
    return trimmed
      .split('&')
      .map((field) => {
        const eq = field.indexOf('=');
        const name = eq < 0 ? field : field.slice(0, eq);
        return COS_PUBLIC_FIELDS.has(name.toLowerCase()) ? field : `${name}=${REDACTED}`;
      })
      .join('&');
  }
  const v4 = /^(AWS4-[A-Z0-9-]+)\s+(.*)$/s.exec(trimmed);
  if (v4) {
    const parts = v4[2]!.split(',').map((part) => {
      const p = part.trim();
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      return SIGV4_PUBLIC_FIELDS.has(name.toLowerCase()) ? p : `${name}=${REDACTED}`;
    });
    return `${v4[1]} ${parts.join(', ')}`;
  }
  const v2 = /^AWS\s+([^:\s]+):/.exec(trimmed);
  if (v2) return `AWS ${v2[1]}:${REDACTED}`;
  return REDACTED;
}

/** Replaces every occurrence of each secret (raw and URL-encoded) with {@link REDACTED}; never leaves one behind. */
function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const live = secrets.filter((s) => s.length > 0);
  for (const secret of live) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  if (live.some((s) => out.includes(s))) {
    // The marker itself combined with its neighbours into a secret (pathological secrets only): give up the text.
    return live.some((s) => REDACTED.includes(s)) ? '' : REDACTED;
  }
  return out;
}

/**
 * Redacts free text: any signature or token pattern, then every known secret string. Use on URLs, error
 * messages and bodies. With `secrets` (SecretKey, token) given, no occurrence of them survives.
 */
export function redact(value: string, secrets: readonly string[] = []): string {
  let out = value;
  for (const [re, rep] of TEXT_PATTERNS) out = out.replace(re, rep);
  return scrubSecrets(out, secrets);
}

/** Extracted values shorter than this are not scrubbed from free text (they would mask ordinary words). */
const MIN_EXTRACTED_SECRET = 8;

/**
 * The secret values a request carries (the signature in Authorization, tokens, signature query parameters), so
 * they can be scrubbed from the rest of the same exchange too: a server may echo them in an error message.
 */
export function secretsOfRequest(
  headers: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>> = {},
): string[] {
  const found: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (SECRET_HEADERS.has(name)) found.push(value);
    if (name === 'authorization') {
      for (const m of value.matchAll(/(?:q-signature=|Signature=)([^&,\s]+)/gi)) found.push(m[1]!);
      const v2 = /^AWS\s+[^:\s]+:(\S+)/.exec(value.trim());
      if (v2) found.push(v2[1]!);
    }
  }
  for (const [name, value] of Object.entries(query)) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) found.push(value);
  }
  return found.filter((v) => v.length >= MIN_EXTRACTED_SECRET && v !== REDACTED);
}

/** Redacts a header map (names lower-cased): Authorization structurally, secret headers whole, then free text. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (name === 'authorization') out[name] = scrubSecrets(redactAuthorization(value), secrets);
    else if (SECRET_HEADERS.has(name)) out[name] = REDACTED;
    else out[name] = redact(value, secrets);
  }
  return out;
}

/** Redacts a decoded query record: secret params whole, the rest as free text. */
export function redactQuery(
  query: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    out[name] = SECRET_QUERY_PARAMS.has(name.toLowerCase()) ? REDACTED : redact(value, secrets);
  }
  return out;
}
