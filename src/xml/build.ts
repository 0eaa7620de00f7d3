/**
 * `buildXml`: writes the small, flat documents of the COS multipart API. Hand-written rather than
 * fast-xml-parser's builder so that escaping and element order are exactly what this file says: object
 * keys in insertion order, arrays as repeated elements, `undefined` omitted, `null` and `''` as `<X/>`.
 */
import { XmlBuildError } from './errors.ts';

/** A value `buildXml` can write. */
export type XmlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | undefined
  | readonly XmlValue[]
  | { readonly [element: string]: XmlValue };

export interface BuildXmlOptions {
  /** Prefix `<?xml version="1.0" encoding="UTF-8"?>` and a newline. Default false. */
  declaration?: boolean;
  /** Default namespace written as `xmlns` on the root element. */
  namespace?: string;
  /** Write `"` in text as `&quot;`, as COS does in its responses (spec §2.4, §2.5). Default true. */
  escapeQuotes?: boolean;
}

/** The declaration COS puts before Complete results (spec §2.5). */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;
/** Characters XML 1.0 cannot carry at all (not even as references). */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether XML 1.0 can carry `text` (escaped): no C0 control but tab/LF/CR, no U+FFFE/FFFF, no lone surrogate. */
export function isXmlText(text: string): boolean {
  return !NOT_XML_CHAR.test(text);
}

/** Escapes text content (`&`, `<`, `>`, and `"` unless `escapeQuotes` is false). */
export function escapeXml(text: string, escapeQuotes = true): string {
  if (NOT_XML_CHAR.test(text)) {
    throw new XmlBuildError(
      `text contains a character XML 1.0 cannot carry: ${JSON.stringify(text)} (use encoding-type=url)`,
    );
  }
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escapeQuotes ? escaped.replace(/"/g, '&quot;') : escaped;
}

function element(name: string, value: XmlValue, escapeQuotes: boolean, attributes = ''): string {
  if (!NAME.test(name)) throw new XmlBuildError(`not a valid element name: ${JSON.stringify(name)}`);
  if (value === null || value === '') return `<${name}${attributes}/>`;
  if (typeof value === 'object') {
    if (Array.isArray(value)) throw new XmlBuildError(`nested array in <${name}>`);
    let inner = '';
    for (const [child, childValue] of Object.entries(value as { readonly [key: string]: XmlValue })) {
      inner += children(child, childValue, escapeQuotes);
    }
    return inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`;
  }
  return `<${name}${attributes}>${escapeXml(String(value), escapeQuotes)}</${name}>`;
}

function children(name: string, value: XmlValue, escapeQuotes: boolean): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((item: XmlValue) => {
        if (Array.isArray(item)) throw new XmlBuildError(`nested array in <${name}>`);
        return element(name, item, escapeQuotes);
      })
      .join('');
  }
  return element(name, value, escapeQuotes);
}

/** Writes `<root>…</root>` from `body` (compact, no whitespace between elements). */
export function buildXml(root: string, body: object, opts: BuildXmlOptions = {}): string {
  const attributes = opts.namespace === undefined ? '' : ` xmlns="${escapeXml(opts.namespace, true)}"`;
  const xml = element(root, body as XmlValue, opts.escapeQuotes ?? true, attributes);
  return opts.declaration ? `${XML_DECLARATION}\n${xml}` : xml;
}
