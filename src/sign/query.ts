/**
 * Decoding of a raw URL query string into ordered `[name, value]` pairs, shared by the signers and the reference
 * server so that both sides see the same parameters. RFC 3986 semantics: `+` is a literal plus, not a space
 * (COS and S3 clients encode spaces as `%20`); a parameter without `=` has the value `''` (`?uploads` ≡ `uploads=`,
 * spec §6.1 step 3); a malformed percent sequence is kept as written.
 */
export function decodeQueryPairs(rawQuery: string): Array<[string, string]> {
  const query = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (query === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    pairs.push([percentDecode(name), percentDecode(value)]);
  }
  return pairs;
}

/** Percent-decodes `s` (UTF-8); returns `s` unchanged when it is not a valid encoding. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
