/**
 * `parseXml`: strict well-formedness, lenient reading. fast-xml-parser parses almost anything, so the text
 * is first checked with its validator (plus the checks it lacks: one root element, no DOCTYPE, only the
 * five XML entities), then parsed with every value kept as a string.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XmlParseError } from './errors.ts';

/** Elements that always parse as arrays, even when they occur once (the repeated entries of §2 documents). */
export const DEFAULT_ARRAY_TAGS: readonly string[] = ['Part', 'Upload', 'CommonPrefixes'];

export interface ParseXmlOptions {
  /** Element names that always become arrays; default {@link DEFAULT_ARRAY_TAGS}. */
  arrayTags?: readonly string[];
}

/** An `&` that does not start one of the five XML entities or a character reference. */
const UNKNOWN_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;
const CDATA_OR_COMMENT = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;

const parsers = new Map<string, XMLParser>();

function parserFor(arrayTags: readonly string[]): XMLParser {
  const key = arrayTags.join('\u0000');
  let parser = parsers.get(key);
  if (!parser) {
    const arrays = new Set(arrayTags);
    parser = new XMLParser({
      ignoreAttributes: true,
      removeNSPrefix: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      parseTagValue: false,
      // Keys and prefixes may begin or end with spaces; the readers in fields.ts trim where it is safe.
      trimValues: false,
      processEntities: true,
      // Decodes numeric character references (&#34;); HTML-only names were rejected before parsing.
      htmlEntities: true,
      isArray: (tagName: string, _path: unknown, _isLeaf: boolean, isAttribute: boolean) =>
        !isAttribute && arrays.has(tagName),
    });
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * Parses an XML document into `{ RootName: content }`. Leading whitespace (and a BOM) is skipped: COS
 * Complete streams whitespace before its result (spec §2.5 [D7742]). Namespaces and attributes are dropped,
 * values stay strings exactly as sent after entity decoding (`&quot;…&quot;` → `"…"`), untrimmed (an
 * object key may end in a space); an empty element is `''` (or its whitespace); a repeated element becomes an array, and so does every element named in
 * `arrayTags`. Throws {@link XmlParseError} on anything that is not one well-formed XML document.
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): Record<string, unknown> {
  const arrayTags = options.arrayTags ?? DEFAULT_ARRAY_TAGS;
  const source = text.replace(/^\uFEFF/, '').trimStart();
  if (source === '') throw new XmlParseError('empty document');
  if (/<!DOCTYPE/i.test(source)) throw new XmlParseError('DOCTYPE declarations are not accepted');
  const verdict = XMLValidator.validate(source);
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    throw new XmlParseError(`not well-formed XML: ${msg} (line ${line}, column ${col})`, {
      line,
      column: col,
    });
  }
  if (UNKNOWN_ENTITY.test(source.replace(CDATA_OR_COMMENT, ''))) {
    throw new XmlParseError('not well-formed XML: reference to an undeclared entity');
  }
  let doc: Record<string, unknown>;
  try {
    doc = parserFor(arrayTags).parse(source) as Record<string, unknown>;
  } catch (error) {
    throw new XmlParseError(`not well-formed XML: ${(error as Error).message}`);
  }
  dropLayoutText(doc);
  const roots = Object.keys(doc);
  if (roots.length !== 1) throw new XmlParseError(`expected one root element, found ${roots.length}`);
  const [name] = roots;
  if (textAroundSelfClosingRoot(source))
    throw new XmlParseError('not well-formed XML: text after the root element');
  const content = doc[name];
  if (Array.isArray(content)) {
    if (content.length !== 1) throw new XmlParseError(`expected one root element, found ${content.length}`);
    return { [name]: content[0] };
  }
  return doc;
}

/**
 * fast-xml-parser's validator misses text after a self-closing root (`<R/> junk`). With one root that
 * closes itself, the only tag left once comments and PIs are removed is that root: nothing else may remain.
 */
function textAroundSelfClosingRoot(source: string): boolean {
  const bare = source.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '');
  if (bare.indexOf('<') !== bare.lastIndexOf('<')) return false;
  return !/^\s*<[^<>]*\/>\s*$/.test(bare);
}

/** Removes the whitespace between elements that `trimValues: false` leaves as `#text`. */
function dropLayoutText(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropLayoutText(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const text = record['#text'];
  if (typeof text === 'string' && text.trim() === '') delete record['#text'];
  for (const value of Object.values(record)) dropLayoutText(value);
}

/** The root element's name and content of a parsed document. */
export function rootOf(doc: Record<string, unknown>): { name: string; content: unknown } {
  const [name] = Object.keys(doc);
  return { name, content: doc[name] };
}
