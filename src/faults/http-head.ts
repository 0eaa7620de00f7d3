/**
 * Minimal HTTP/1.1 message-head parsing for the fault proxy (RFC 9112 §2–§6). The proxy forwards raw bytes; it
 * parses a head only to find where a message ends and to pick a fault, and re-serialises one only when a fault
 * rewrites it (malformed-xml).
 */

/** A header line as received: the name keeps its case, the value is trimmed. */
export type HeaderLine = readonly [name: string, value: string];

/** The parts of a head common to requests and responses. */
interface HeadBase {
  /** The head exactly as received, including the final empty line. */
  readonly raw: Buffer;
  readonly version: string;
  readonly lines: readonly HeaderLine[];
}

export interface RequestHead extends HeadBase {
  readonly method: string;
  /** The request target as sent (origin-form: path and query). */
  readonly target: string;
}

export interface ResponseHead extends HeadBase {
  readonly status: number;
  readonly reason: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Index just past the end of the head (`\r\n\r\n`), or -1 when the buffer does not yet hold a whole head. */
export function headEnd(buf: Buffer): number {
  const at = buf.indexOf(CRLFCRLF);
  return at < 0 ? -1 : at + CRLFCRLF.length;
}

function parseLines(text: string): { first: string; lines: HeaderLine[] } | undefined {
  const all = text.split('\r\n');
  const first = all.shift();
  if (first === undefined) return undefined;
  const lines: HeaderLine[] = [];
  for (const line of all) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined;
    lines.push([name, line.slice(colon + 1).trim()]);
  }
  return { first, lines };
}

/** Parses a request head (`raw` ends with `\r\n\r\n`); undefined when it is not HTTP/1.x. */
export function parseRequestHead(raw: Buffer): RequestHead | undefined {
  const parsed = parseLines(raw.toString('latin1'));
  if (!parsed) return undefined;
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(1\.[01])$/.exec(parsed.first);
  if (!match) return undefined;
  return { raw, method: match[1], target: match[2], version: match[3], lines: parsed.lines };
}

/** Parses a response head; undefined when it is not HTTP/1.x. */
export function parseResponseHead(raw: Buffer): ResponseHead | undefined {
  const parsed = parseLines(raw.toString('latin1'));
  if (!parsed) return undefined;
  const match = /^HTTP\/(1\.[01]) (\d{3})(?: (.*))?$/.exec(parsed.first);
  if (!match) return undefined;
  return { raw, version: match[1], status: Number(match[2]), reason: match[3] ?? '', lines: parsed.lines };
}

/** All values of a header (case-insensitive name), in order. */
export function headerValues(head: HeadBase, name: string): string[] {
  const lower = name.toLowerCase();
  return head.lines.filter(([headerName]) => headerName.toLowerCase() === lower).map(([, value]) => value);
}

/** The header's values joined with `, ` (RFC 9110 §5.3), or undefined when absent. */
export function header(head: HeadBase, name: string): string | undefined {
  const values = headerValues(head, name);
  return values.length === 0 ? undefined : values.join(', ');
}

/** Whether a comma-separated header (Connection, Transfer-Encoding) lists `token`. */
export function headerHasToken(head: HeadBase, name: string, token: string): boolean {
  const value = header(head, name);
  if (value === undefined) return false;
  return value
    .toLowerCase()
    .split(',')
    .some((t) => t.trim() === token);
}

/** Whether the connection may carry another message after this one, judged from one head (RFC 9112 §9.3). */
export function headAllowsKeepAlive(head: HeadBase): boolean {
  if (headerHasToken(head, 'connection', 'close')) return false;
  if (head.version === '1.0') return headerHasToken(head, 'connection', 'keep-alive');
  return true;
}

/** Serialises a response head with its header lines replaced by `lines`. */
export function serializeResponseHead(head: ResponseHead, lines: readonly HeaderLine[]): Buffer {
  const start = `HTTP/${head.version} ${head.status}${head.reason ? ` ${head.reason}` : ''}\r\n`;
  const body = lines.map(([name, value]) => `${name}: ${value}\r\n`).join('');
  return Buffer.from(`${start}${body}\r\n`, 'latin1');
}
