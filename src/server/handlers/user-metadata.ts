/**
 * User metadata: `x-cos-meta-*` (COS) and `x-amz-meta-*` (S3 clients on COS's S3-compatible API) are one set
 * of name/value pairs. Stored under the name sent; answered under both prefixes, so a COS SDK and an S3 SDK
 * each read back what either wrote (extra headers are harmless to both).
 */

/** The two prefixes of user metadata headers. */
export const META_PREFIXES = ['x-cos-meta-', 'x-amz-meta-'] as const;

/** The user metadata of a request: headers with either prefix, lower-case names. */
export function userMetadataHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (META_PREFIXES.some((metaPrefix) => name.startsWith(metaPrefix))) meta[name] = value;
  }
  return meta;
}

/** Stored metadata as response headers: each pair under both prefixes (the name sent wins over its twin). */
export function metadataResponseHeaders(stored: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored)) {
    const prefix = META_PREFIXES.find((metaPrefix) => name.startsWith(metaPrefix));
    if (prefix === undefined) continue;
    const suffix = name.slice(prefix.length);
    for (const metaPrefix of META_PREFIXES) out[`${metaPrefix}${suffix}`] ??= value;
    out[name] = value;
  }
  return out;
}
