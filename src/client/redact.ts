/**
 * Secret redaction for everything the client records. docs/architecture.md "Safety on a real account": no SecretKey, signature or security
 * token ever reaches a log or report. Structure is kept (which key id, which headers were signed, the key time) so
 * a reader can still debug a SignatureDoesNotMatch; only the secret parts are replaced by {@link REDACTED}.
 */

import { BoundedCache } from '../bounded-cache.ts';

export const REDACTED = '<redacted>';

/** {@link REDACTED} as it is written into an XML body, which must stay well-formed (it reads as `<redacted>`). */
export const XML_REDACTED = '&lt;redacted&gt;';

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

/** The last Authorization value redacted and its result: a recorder asks twice per exchange (see recorder.ts). */
let lastAuthorization: { value: string; redacted: string } | undefined;

/**
 * The fields before `q-signature=` of the last q-sign value redacted (`prefix`, ending with its `&`) and their
 * redacted form. A signer's values differ per request only from `q-signature=` on (and in their key time once a
 * second): the fields before it are redacted once, not on every request.
 */
let lastSignedPrefix:
  | {
      prefix: string;
      redacted: string;
      /** The signature values {@link SIGNATURE_FIELD} finds in `prefix`, once asked (see {@link signatureValues}). */
      signatures?: readonly string[];
    }
  | undefined;
/** The last field of a q-sign value whose redaction is `q-signature=<redacted>` whatever it holds (no `&`, no whitespace). */
const SIGNATURE_TAIL = /q-signature=[^&\s]*$/y;
const REDACTED_SIGNATURE_FIELD = `q-signature=${REDACTED}`;
const Q_SIGN_VALUE = /^q-[a-z-]+=/i;

/** Redacts an Authorization value: COS q-sign keeps everything but `q-signature`; SigV4 keeps Credential and SignedHeaders; anything else is redacted whole. */
export function redactAuthorization(value: string): string {
  if (lastAuthorization?.value === value) return lastAuthorization.redacted;
  // A value that is the remembered prefix and a signature field: the prefix's redaction and the field's, joined
  // (the q-sign redaction treats each `&`-separated field on its own, and the prefix decides the format).
  const known = lastSignedPrefix;
  // slice and ===, not startsWith: the builtin compares a character at a time, several times slower here.
  if (known !== undefined && value.slice(0, known.prefix.length) === known.prefix) {
    SIGNATURE_TAIL.lastIndex = known.prefix.length;
    if (SIGNATURE_TAIL.test(value)) return known.redacted + REDACTED_SIGNATURE_FIELD;
  }
  const redacted = redactAuthorizationValue(value);
  lastAuthorization = { value, redacted };
  rememberSignedPrefix(value, redacted);
  return redacted;
}

/** Remembers the fields before `q-signature=` of a q-sign value ending with that field (see {@link lastSignedPrefix}). */
function rememberSignedPrefix(value: string, redacted: string): void {
  const at = value.lastIndexOf('&q-signature=');
  if (at < 0 || !Q_SIGN_VALUE.test(value) || !redacted.endsWith(`&${REDACTED_SIGNATURE_FIELD}`)) return;
  SIGNATURE_TAIL.lastIndex = at + 1;
  if (!SIGNATURE_TAIL.test(value)) return;
  lastSignedPrefix = {
    prefix: value.slice(0, at + 1),
    redacted: redacted.slice(0, redacted.length - REDACTED_SIGNATURE_FIELD.length),
  };
}

/** {@link redactAuthorization} computed from scratch, without what it remembers (the reference its tests compare with). */
export function redactAuthorizationValue(value: string): string {
  const trimmed = value.trim();
  if (/^q-[a-z-]+=/i.test(trimmed)) {
    // The `&`-separated fields in order (as split('&') gives them), each kept or reduced to `name=<redacted>`.
    let out = '';
    for (let start = 0; start <= trimmed.length; ) {
      let end = trimmed.indexOf('&', start);
      if (end < 0) end = trimmed.length;
      const eq = trimmed.indexOf('=', start);
      const name = trimmed.slice(start, eq < 0 || eq > end ? end : eq);
      if (start > 0) out += '&';
      // The exact name first: the fields a signer writes are lower-case already (no copy to lower-case them).
      const isPublic = COS_PUBLIC_FIELDS.has(name) || COS_PUBLIC_FIELDS.has(name.toLowerCase());
      out += isPublic ? trimmed.slice(start, end) : `${name}=${REDACTED}`;
      start = end + 1;
    }
    return out;
  }
  const v4 = /^(AWS4-[A-Z0-9-]+)\s+(.*)$/s.exec(trimmed);
  if (v4) {
    const parts = v4[2]!.split(',').map((part) => {
      const piece = part.trim();
      const eq = piece.indexOf('=');
      const name = eq < 0 ? piece : piece.slice(0, eq);
      return SIGV4_PUBLIC_FIELDS.has(name.toLowerCase()) ? piece : `${name}=${REDACTED}`;
    });
    return `${v4[1]} ${parts.join(', ')}`;
  }
  const v2 = /^AWS\s+([^:\s]+):/.exec(trimmed);
  if (v2) return `AWS ${v2[1]}:${REDACTED}`;
  return REDACTED;
}

/**
 * Secrets at least this long are scrubbed wherever they occur, even inside a longer word. A shorter one (`test`,
 * `minioadmin`, LocalStack's and many mocks' defaults) cannot be told from ordinary text, so it is scrubbed only
 * where it stands as a whole word, and only in messages and credential headers (see {@link ScrubMode}).
 */
export const DISTINCTIVE_SECRET_LENGTH = 16;

/**
 * How known secrets are scrubbed from one string value.
 * - `message`: free text written by people or programs (error messages, stack traces, command lines): a
 *   distinctive secret anywhere, a short one where it stands as a whole word.
 * - `data`: recorded traffic and identifiers (URLs, bodies the checks judge, check ids, versions): only
 *   distinctive secrets. A short secret is not searched for there: `test` would rewrite `vitest`, a key path or a
 *   `<Key>` element, and change what a check judged. Secrets on the wire are removed by position instead
 *   (Authorization, token and SSE-C headers, signature query parameters).
 */
export type ScrubMode = 'message' | 'data';

/** A character that continues a word: a short secret next to one is part of a longer word, not the secret. */
const WORD_CHAR = /[A-Za-z0-9]/;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** Replaces the occurrences of `form` in `text` that the mode scrubs. */
function replaceForm(text: string, form: string, wholeWordOnly: boolean): string {
  if (!wholeWordOnly) return text.split(form).join(REDACTED);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
    if (at < from) continue;
    const alone = !isWordChar(text[at - 1]) && !isWordChar(text[at + form.length]);
    if (!alone) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + form.length;
  }
  return out + text.slice(from);
}

/** Whether `form` still occurs in `text` where the mode scrubs it, other than inside a {@link REDACTED} marker. */
function survives(text: string, form: string, wholeWordOnly: boolean): boolean {
  const markers: Array<[number, number]> = [];
  for (let at = text.indexOf(REDACTED); at >= 0; at = text.indexOf(REDACTED, at + 1)) {
    markers.push([at, at + REDACTED.length]);
  }
  for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) {
    const end = at + form.length;
    if (markers.some(([start, stop]) => at >= start && end <= stop)) continue;
    if (!wholeWordOnly || (!isWordChar(text[at - 1]) && !isWordChar(text[end]))) return true;
  }
  return false;
}

/** One searched form of a secret (raw or URL-encoded) and how it is matched. */
interface SecretForm {
  form: string;
  wholeWordOnly: boolean;
}

/** The forms last built for a secrets list, with a copy of the list they were built from. */
interface BuiltForms {
  from: string[];
  forms: readonly SecretForm[];
}

/**
 * Forms per secrets list and mode: a recorded exchange scrubs a dozen values with one list, and building the forms
 * (URL-encoding every secret) cost more than the search. Reused only while the list still holds the same strings.
 */
const builtForms = { message: new WeakMap<object, BuiltForms>(), data: new WeakMap<object, BuiltForms>() };

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * The distinct forms of one secret (raw, URL-encoded), memoised: a recorder rebuilds its forms per exchange (the
 * request's own signature joins the list) and the known secrets are the same every time. Bounded by emptying it.
 */
const formsOfSecret = new BoundedCache<string, readonly string[]>(256);

/** Characters encodeURIComponent leaves as they are: a secret of only these has one form. */
const URI_UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

function formsOf(secret: string): readonly string[] {
  // A signature is hex, new per request: one test instead of encoding it and memoising a form never asked again.
  if (URI_UNRESERVED.test(secret)) return [secret];
  let forms = formsOfSecret.get(secret);
  if (forms === undefined) {
    const encoded = encodeURIComponent(secret);
    forms = encoded === secret ? [secret] : [secret, encoded];
    formsOfSecret.set(secret, forms);
  }
  return forms;
}

/** The forms of `secrets` searched in `mode`, longest first (a longer secret is replaced before one inside it). */
function secretForms(secrets: readonly string[], mode: ScrubMode): readonly SecretForm[] {
  const built = builtForms[mode].get(secrets);
  if (built !== undefined && sameList(built.from, secrets)) return built.forms;
  const forms: SecretForm[] = [];
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const distinctive = secret.length >= DISTINCTIVE_SECRET_LENGTH;
    if (!distinctive && mode === 'data') continue;
    for (const form of formsOf(secret)) forms.push({ form, wholeWordOnly: !distinctive });
  }
  forms.sort((a, b) => b.form.length - a.form.length);
  builtForms[mode].set(secrets, { from: [...secrets], forms });
  return forms;
}

/**
 * Replaces known secrets (raw and URL-encoded) in one string value with {@link REDACTED}, as `mode` says. Markers
 * already in the text are kept as they are, so scrubbing twice changes nothing.
 */
export function scrubSecrets(text: string, secrets: readonly string[], mode: ScrubMode = 'message'): string {
  const forms = secretForms(secrets, mode);
  // Most recorded values hold no secret: one indexOf per form settles them without the scrub below.
  if (!forms.some(({ form }) => text.includes(form))) return text;
  // Scrub between the markers already there: a secret inside `<redacted>` (e.g. `red`) must not grow it.
  const segments = text.split(REDACTED).map((segment) => {
    let out = segment;
    for (const { form, wholeWordOnly } of forms) out = replaceForm(out, form, wholeWordOnly);
    return out;
  });
  const out = segments.join(REDACTED);
  if (forms.some(({ form, wholeWordOnly }) => survives(out, form, wholeWordOnly))) {
    // A marker combined with its neighbours into a secret (pathological secrets only): give up the value.
    return REDACTED;
  }
  return out;
}

/**
 * Redacts free text (error messages, stack traces, command lines): any signature or token pattern, then the
 * known secrets in `message` mode. With a distinctive secret given, no occurrence of it survives; a short one
 * survives only inside longer words.
 */
export function redact(value: string, secrets: readonly string[] = []): string {
  return scrubSecrets(redactPatterns(value), secrets, 'message');
}

/** Redacts a recorded value (URL, path, body, header value): signature and token patterns, then secrets in `data` mode. */
export function redactData(value: string, secrets: readonly string[] = []): string {
  return scrubSecrets(redactPatterns(value), secrets, 'data');
}

/**
 * Redacts a recorded body as data; in an XML body the inserted markers are escaped ({@link XML_REDACTED}), so that
 * a document the checks parse (and a reader opens) stays well-formed.
 */
export function redactBody(text: string, secrets: readonly string[] = []): string {
  const out = redactData(text, secrets);
  if (out === text || !/^\s*</.test(text) || text.includes(REDACTED)) return out;
  return out.split(REDACTED).join(XML_REDACTED);
}

/** Every {@link TEXT_PATTERNS} match holds one of these words: a value without them skips the three regexps. */
const PATTERN_WORDS = /signature|security-token/i;

function redactPatterns(value: string): string {
  if (!PATTERN_WORDS.test(value)) return value;
  let out = value;
  for (const [re, rep] of TEXT_PATTERNS) out = out.replace(re, rep);
  return out;
}

/** A signature field of an Authorization value (COS `q-signature=`, SigV4 `Signature=`); global, reset before use. */
const SIGNATURE_FIELD = /(?:q-signature=|Signature=)([^&,\s]+)/gi;

/** A q-sign value's last field, `q-signature=` and a value that {@link SIGNATURE_FIELD} takes whole (sticky). */
const SIGNATURE_VALUE_TAIL = /q-signature=([^&,\s]+)$/y;

/**
 * Pushes the signature values of an Authorization value: every {@link SIGNATURE_FIELD} match, and a SigV2
 * signature. A value made of the remembered q-sign prefix and a signature field (see {@link lastSignedPrefix})
 * is searched in its last field only: no match crosses the `&` that ends the prefix, whose matches are kept, and a
 * q-sign value is no SigV2 value.
 */
function signatureValues(value: string, found: string[]): void {
  const known = lastSignedPrefix;
  if (known !== undefined && value.slice(0, known.prefix.length) === known.prefix) {
    SIGNATURE_VALUE_TAIL.lastIndex = known.prefix.length;
    const tail = SIGNATURE_VALUE_TAIL.exec(value);
    if (tail) {
      known.signatures ??= signatureFields(known.prefix);
      for (const signature of known.signatures) found.push(signature);
      found.push(tail[1]!);
      return;
    }
  }
  for (const signature of signatureFields(value)) found.push(signature);
  const v2 = /^AWS\s+[^:\s]+:(\S+)/.exec(value.trim());
  if (v2) found.push(v2[1]!);
}

/** The values of every {@link SIGNATURE_FIELD} match in `text`, in order. */
function signatureFields(text: string): string[] {
  const values: string[] = [];
  SIGNATURE_FIELD.lastIndex = 0;
  for (let match = SIGNATURE_FIELD.exec(text); match; match = SIGNATURE_FIELD.exec(text))
    values.push(match[1]!);
  return values;
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
  for (const rawName in headers) {
    const value = headers[rawName]!;
    const name = rawName.toLowerCase();
    if (SECRET_HEADERS.has(name)) found.push(value);
    if (name === 'authorization') signatureValues(value, found);
  }
  for (const name in query) {
    if (SECRET_QUERY_PARAMS.has(name.toLowerCase())) found.push(query[name]!);
  }
  return found.filter((secret) => secret.length >= MIN_EXTRACTED_SECRET && secret !== REDACTED);
}

/**
 * Whether a header value is scrubbed as data (every header but Authorization and {@link SECRET_HEADERS}, which
 * are redacted by position). `lower` is the lower-cased name.
 */
export function isDataHeader(lower: string): boolean {
  return lower !== 'authorization' && !SECRET_HEADERS.has(lower);
}

/** Whether a query parameter's value is scrubbed as data (every one but {@link SECRET_QUERY_PARAMS}). */
export function isDataQueryParam(name: string): boolean {
  return !SECRET_QUERY_PARAMS.has(name.toLowerCase());
}

/**
 * Whether scrubbing could change any of `values` or `credentials` with the secrets `known` and `extra` (`values` are
 * searched as their concatenation would be, each credential on its own): {@link redactData}/{@link redact} of a value (a signature or token
 * pattern word, or a searched form of a secret: those of `message` mode, a superset of `data` mode's), and the
 * `message`-mode scrub of an already redacted Authorization value (`credentials`: forms only, its `q-signature=`
 * is no pattern to search). `false` means each comes out unchanged, so a caller may skip scrubbing them one by one:
 * one search over the concatenation of `values` instead of a dozen (a match across two values only sends it to
 * the full scrub). `known` should be a list kept as it is between calls (its forms are built once).
 */
export function mayHoldSecrets(
  values: readonly string[],
  credentials: readonly string[],
  known: readonly string[],
  extra: readonly string[],
): boolean {
  const text = values.join('\n');
  if (PATTERN_WORDS.test(text)) return true;
  for (const { form } of secretForms(known, 'message')) if (holds(text, credentials, form)) return true;
  for (const secret of extra) {
    if (secret !== '') for (const form of formsOf(secret)) if (holds(text, credentials, form)) return true;
  }
  return false;
}

/**
 * Whether `form` occurs in `text` or in one of `credentials`: searched apart rather than in their concatenation,
 * which would be copied whole for the search. Only a match across the boundary is missed, and scrubbing, which
 * looks at each value on its own, would not change that either.
 */
function holds(text: string, credentials: readonly string[], form: string): boolean {
  if (text.includes(form)) return true;
  for (const credential of credentials) if (credential.includes(form)) return true;
  return false;
}

/** Redacts one header value by its name: Authorization structurally, secret headers whole, others as data. */
export function redactHeaderValue(name: string, value: string, secrets: readonly string[] = []): string {
  const lower = name.toLowerCase();
  // A credential header: a short secret standing alone there is the secret (minio's and LocalStack's key ids equal their keys).
  if (lower === 'authorization') return scrubSecrets(redactAuthorization(value), secrets, 'message');
  if (SECRET_HEADERS.has(lower)) return REDACTED;
  return redactData(value, secrets);
}

/** Redacts a header map (names lower-cased): see {@link redactHeaderValue}. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawName in headers) {
    out[rawName.toLowerCase()] = redactHeaderValue(rawName, headers[rawName]!, secrets);
  }
  return out;
}

/**
 * {@link redactHeaders} by position only: Authorization structurally, secret headers whole, the rest kept. That is
 * its result whenever scrubbing changes nothing, which {@link mayHoldSecrets} settles from what this gathers: the
 * kept values (`data`) and the redacted Authorization values (`credentials`).
 */
export function redactHeadersByPosition(
  headers: Readonly<Record<string, string>>,
  data: string[],
  credentials: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawName in headers) {
    const value = headers[rawName]!;
    const lower = rawName.toLowerCase();
    if (lower === 'authorization') {
      const redacted = redactAuthorization(value);
      credentials.push(redacted);
      out[lower] = redacted;
    } else if (SECRET_HEADERS.has(lower)) out[lower] = REDACTED;
    else {
      data.push(value);
      out[lower] = value;
    }
  }
  return out;
}

/** Redacts a raw `Name: value` header line as {@link redactHeaderValue} does; other lines as data. */
export function redactHeaderLine(line: string, secrets: readonly string[] = []): string {
  const match = /^([^:\s]+)(:[ \t]*)(.*)$/s.exec(line);
  if (!match) return redactData(line, secrets);
  return `${match[1]}${match[2]}${redactHeaderValue(match[1]!, match[3]!, secrets)}`;
}

/** Redacts a decoded query record: secret params whole, the rest as data. */
export function redactQuery(
  query: Readonly<Record<string, string>>,
  secrets: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in query) out[name] = isDataQueryParam(name) ? redactData(query[name]!, secrets) : REDACTED;
  return out;
}

/** {@link redactQuery} by position only (secret params whole, the rest kept), gathering the kept values: see {@link redactHeadersByPosition}. */
export function redactQueryByPosition(
  query: Readonly<Record<string, string>>,
  data: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in query) {
    if (isDataQueryParam(name)) {
      const value = query[name]!;
      data.push(value);
      out[name] = value;
    } else out[name] = REDACTED;
  }
  return out;
}

/**
 * Scrubs the message and stack of a thrown value in place (its class, code and exit code are kept) and returns
 * it; a non-Error becomes an Error with the scrubbed text. For errors that cross a layer holding secrets.
 */
export function redactError(err: unknown, secrets: readonly string[]): unknown {
  if (!(err instanceof Error)) return new Error(redact(String(err), secrets));
  err.message = redact(err.message, secrets);
  if (err.stack !== undefined) err.stack = redact(err.stack, secrets);
  return err;
}
