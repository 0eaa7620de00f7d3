/**
 * COS UrlEncode (spec §6.1 [D7778]): UTF-8 percent-encoding in which only `A-Z a-z 0-9 - _ . ~` stay literal and
 * hex digits are upper case. Equal to the Node SDK's `camSafeUrlEncode` (encodeURIComponent plus `! ' ( ) *`)
 * for well-formed strings; a lone UTF-16 surrogate, on which encodeURIComponent throws, is encoded as U+FFFD.
 */
export function cosUrlEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    if (isUnreserved(byte)) {
      out += String.fromCharCode(byte);
    } else {
      out += HEX_ESCAPES[byte];
    }
  }
  return out;
}

/** `%00` … `%FF`, indexed by byte value. */
const HEX_ESCAPES: readonly string[] = Array.from(
  { length: 256 },
  (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
);

function isUnreserved(b: number): boolean {
  return (
    (b >= 0x41 && b <= 0x5a) || // A-Z
    (b >= 0x61 && b <= 0x7a) || // a-z
    (b >= 0x30 && b <= 0x39) || // 0-9
    b === 0x2d || // -
    b === 0x5f || // _
    b === 0x2e || // .
    b === 0x7e // ~
  );
}
