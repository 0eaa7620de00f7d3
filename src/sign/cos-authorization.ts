import { percentDecode } from './query.ts';

/**
 * The seven fields of a COS q-sign Authorization (spec §6.1 step 8), carried either as the `Authorization` header
 * value `q-sign-algorithm=sha1&q-ak=…&…` or as URL query parameters of the same names (query-string mode, spec §6.1
 * "Transport"). Values are kept as the client wrote them (lists stay `;`-separated, entries URL-encoded).
 */
export interface CosAuthorizationFields {
  /** q-sign-algorithm, `sha1`. */
  signAlgorithm: string;
  /** q-ak, the SecretId. */
  ak: string;
  /** q-sign-time, `start;end`. */
  signTime: string;
  /** q-key-time, `start;end`. */
  keyTime: string;
  /** q-header-list, `;`-separated (empty string when absent). */
  headerList: string;
  /** q-url-param-list, `;`-separated (empty string when absent). */
  urlParamList: string;
  /** q-signature, 40 hex digits. */
  signature: string;
}

/** Wire names of the fields, in the order COS and the SDKs write them. */
export const COS_AUTH_FIELD_NAMES = {
  signAlgorithm: 'q-sign-algorithm',
  ak: 'q-ak',
  signTime: 'q-sign-time',
  keyTime: 'q-key-time',
  headerList: 'q-header-list',
  urlParamList: 'q-url-param-list',
  signature: 'q-signature',
} as const satisfies Record<keyof CosAuthorizationFields, string>;

/** The temporary-credential token header / query parameter (spec §6.6). */
export const COS_SECURITY_TOKEN = 'x-cos-security-token';

const FIELD_BY_WIRE_NAME: ReadonlyMap<string, keyof CosAuthorizationFields> = new Map(
  (Object.entries(COS_AUTH_FIELD_NAMES) as Array<[keyof CosAuthorizationFields, string]>).map(
    ([k, value]) => [value, k],
  ),
);

/** Whether a query parameter name is one of the seven signature fields (excluded from the signed parameters). */
export function isCosSignParam(name: string): boolean {
  return FIELD_BY_WIRE_NAME.has(name.toLowerCase());
}

/** Formats the Authorization value from its fields. */
export function formatCosAuthorization(fields: CosAuthorizationFields): string {
  return (Object.keys(COS_AUTH_FIELD_NAMES) as Array<keyof CosAuthorizationFields>)
    .map((k) => `${COS_AUTH_FIELD_NAMES[k]}=${fields[k]}`)
    .join('&');
}

/**
 * Parses an `Authorization` header value. Field names are matched case-insensitively and in any order; unknown
 * fields are ignored; q-header-list / q-url-param-list default to empty and q-key-time to q-sign-time. Returns
 * undefined when q-sign-algorithm, q-ak, q-sign-time or q-signature is missing, or any field is repeated. `q-sign-time` / `q-key-time` are percent-decoded (tolerates `%3B`).
 */
export function parseCosAuthorization(value: string): CosAuthorizationFields | undefined {
  const found = noFieldsYet();
  const text = value.trim();
  let start = 0;
  // The first `=` at or after `start` (-1: none left); searched again only once passed, so parsing stays linear.
  let eq = text.indexOf('=');
  while (start <= text.length) {
    const amp = text.indexOf('&', start);
    const end = amp === -1 ? text.length : amp;
    if (eq !== -1 && eq < start) eq = text.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      if (!collectField(found, text.slice(start, eq).trim(), text.slice(eq + 1, end).trim()))
        return undefined;
    }
    start = end + 1;
  }
  return completeFields(found);
}

/**
 * Reads the signature fields from decoded URL query pairs (query-string mode). Returns undefined when the query
 * carries no complete q-sign signature.
 */
export function parseCosAuthorizationQuery(
  query: ReadonlyArray<readonly [string, string]>,
): CosAuthorizationFields | undefined {
  return fieldsFromPairs(query.filter(([name]) => isCosSignParam(name)));
}

/** The query pairs that carry a signature in query-string mode (values unencoded; encode when building the URL). */
export function cosAuthorizationQueryPairs(fields: CosAuthorizationFields): Array<[string, string]> {
  return (Object.keys(COS_AUTH_FIELD_NAMES) as Array<keyof CosAuthorizationFields>).map((k) => [
    COS_AUTH_FIELD_NAMES[k],
    fields[k],
  ]);
}

type FoundFields = Record<keyof CosAuthorizationFields, string | undefined>;

/** Every field absent, in one object shape (the parser's stores then stay monomorphic). */
function noFieldsYet(): FoundFields {
  return {
    signAlgorithm: undefined,
    ak: undefined,
    signTime: undefined,
    keyTime: undefined,
    headerList: undefined,
    urlParamList: undefined,
    signature: undefined,
  };
}

function fieldsFromPairs(
  pairs: ReadonlyArray<readonly [string, string]>,
): CosAuthorizationFields | undefined {
  const found = noFieldsYet();
  for (const [name, value] of pairs) {
    if (!collectField(found, name, value)) return undefined;
  }
  return completeFields(found);
}

/** Records `value` when `name` is a signature field (any case); false when that field was already found. */
function collectField(found: FoundFields, name: string, value: string): boolean {
  // Names are usually written in lower case already: looked up as they are first.
  const field = FIELD_BY_WIRE_NAME.get(name) ?? FIELD_BY_WIRE_NAME.get(name.toLowerCase());
  if (field === undefined) return true;
  if (found[field] !== undefined) return false;
  found[field] = value;
  return true;
}

/** The fields, with their defaults, or undefined when a required one is missing. */
function completeFields(found: FoundFields): CosAuthorizationFields | undefined {
  const { signAlgorithm, ak, signTime, keyTime, signature } = found;
  if (signAlgorithm === undefined || ak === undefined || signTime === undefined || signature === undefined) {
    return undefined;
  }
  return {
    signAlgorithm,
    ak,
    signTime: percentDecode(signTime),
    keyTime: percentDecode(keyTime ?? signTime),
    headerList: found.headerList ?? '',
    urlParamList: found.urlParamList ?? '',
    signature,
  };
}
