/**
 * COS UrlEncode (spec §6.1 [D7778]): UTF-8 percent-encoding in which only `A-Z a-z 0-9 - _ . ~` stay literal and
 * hex digits are upper case. Equal to the Node SDK's `camSafeUrlEncode` (encodeURIComponent plus `! ' ( ) *`)
 * for well-formed strings; a lone UTF-16 surrogate, on which encodeURIComponent throws, is encoded as U+FFFD.
 */
export function cosUrlEncode(text: string): string {
  // Most names and values (header names, hosts, part numbers, upload ids) need no escape: they encode to themselves.
  if (ALL_UNRESERVED.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (isUnreserved(byte)) {
      out += String.fromCharCode(byte);
    } else {
      out += HEX_ESCAPES[byte];
    }
  }
  return out;
}

/** A string of unreserved characters only (ASCII, so each is its own UTF-8 byte). */
const ALL_UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

/** `%00` … `%FF`, indexed by byte value. */
const HEX_ESCAPES: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
);

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x7e // ~
  );
}
