/**
 * The body of the `malformed-xml` fault: a 2xx XML document made certainly not well-formed, while keeping enough
 * of its start that a lenient parser may still return a plausible partial object (which the harness must reject).
 */

/** Marker appended after the cut: an unterminated tag with characters no XML name may hold. */
const BREAK = '<</cos-conformance-malformed &';

/** Whether a response looks like XML: by Content-Type, or by a body starting with `<` when no type is given. */
export function looksLikeXml(contentType: string | undefined, body: Buffer): boolean {
  if (contentType !== undefined && contentType !== '') return /\bxml\b/i.test(contentType);
  const start = body
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return start.startsWith('<');
}

/**
 * Cuts the document at the last tag start at or before its middle (so no UTF-8 sequence is split) and appends
 * a broken tag. The result is never well-formed: the root element is left open and the tail is not a valid name.
 */
export function mangleXml(body: Buffer): Buffer {
  const mid = Math.floor(body.length / 2);
  const cut = body.lastIndexOf(0x3c, mid);
  const keep = cut > 0 ? body.subarray(0, cut) : body.subarray(0, 0);
  return Buffer.concat([keep, Buffer.from(BREAK, 'latin1')]);
}
