/**
 * Typed reads from a parsed document (the output of `parseXml`), each failing with an
 * {@link XmlShapeError} that names the element path. Shared by the per-document parsers.
 */
import { XmlShapeError } from './errors.ts';
import { parseXml, rootOf } from './parse.ts';

/** A parsed element with children: element name → content. */
export type XmlNode = Record<string, unknown>;

/** `ID` and `DisplayName` of an `Owner` or `Initiator` element. */
export interface XmlOwner {
  id?: string;
  displayName?: string;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses `text` and returns the content of its root element, which must be named `root`. */
export function parseDocument(text: string, root: string): XmlNode {
  const { name, content } = rootOf(parseXml(text));
  if (name !== root) throw new XmlShapeError(name, `expected root element <${root}>, found <${name}>`);
  return asNode(content, root);
}

/** Element content as a node; an empty element (`''` or whitespace only) is a node without children. */
export function asNode(content: unknown, path: string): XmlNode {
  if (typeof content === 'string' && content.trim() === '') return {};
  if (!isNode(content)) throw new XmlShapeError(path, 'expected child elements, found text');
  return content;
}

/**
 * Text of the single child `name`, or undefined when absent. Trimmed unless `raw` (object keys, prefixes,
 * delimiters and key markers keep their spaces).
 */
export function optionalText(node: XmlNode, name: string, path: string, raw = false): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  const where = `${path}/${name}`;
  if (Array.isArray(value))
    throw new XmlShapeError(where, `element occurs ${value.length} times, expected once`);
  if (typeof value !== 'string') throw new XmlShapeError(where, 'expected text, found child elements');
  return raw ? value : value.trim();
}

/** Text of the single child `name`, which must be present (trimmed unless `raw`). */
export function requiredText(node: XmlNode, name: string, path: string, raw = false): string {
  const value = optionalText(node, name, path, raw);
  if (value === undefined) throw new XmlShapeError(`${path}/${name}`, 'required element is missing');
  return value;
}

/** Text of the first present child among `names` (alternative spellings), with the name that matched. */
export function textByAnyName(
  node: XmlNode,
  names: readonly string[],
  path: string,
): { value: string; element: string } | undefined {
  for (const name of names) {
    const value = optionalText(node, name, path);
    if (value !== undefined) return { value, element: name };
  }
  return undefined;
}

function toInt(text: string, where: string): number {
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new XmlShapeError(where, `expected a non-negative integer, found ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** Integer value of child `name`; absent or empty → undefined. */
export function optionalInt(node: XmlNode, name: string, path: string): number | undefined {
  const text = optionalText(node, name, path);
  return text === undefined || text === '' ? undefined : toInt(text, `${path}/${name}`);
}

/** Integer value of child `name`, which must be present. */
export function requiredInt(node: XmlNode, name: string, path: string): number {
  return toInt(requiredText(node, name, path), `${path}/${name}`);
}

/** `true`/`false` (any case, as the docs print `TRUE`/`FALSE`, spec §2.7) of child `name`, which must be present. */
export function requiredBool(node: XmlNode, name: string, path: string): boolean {
  const text = requiredText(node, name, path).toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new XmlShapeError(`${path}/${name}`, `expected true or false, found ${JSON.stringify(text)}`);
}

/** The single child element `name` as a node, or undefined when absent. */
export function optionalNode(node: XmlNode, name: string, path: string): XmlNode | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  const where = `${path}/${name}`;
  if (Array.isArray(value))
    throw new XmlShapeError(where, `element occurs ${value.length} times, expected once`);
  return asNode(value, where);
}

/** Every child element `name` (none → []), with its indexed path. */
export function nodeList(node: XmlNode, name: string, path: string): Array<{ node: XmlNode; path: string }> {
  const value = node[name];
  if (value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.map((item, index) => {
    const where = `${path}/${name}[${index + 1}]`;
    return { node: asNode(item, where), path: where };
  });
}

/** An `Owner`/`Initiator` child, or undefined when absent. */
export function optionalOwner(node: XmlNode, name: string, path: string): XmlOwner | undefined {
  const owner = optionalNode(node, name, path);
  if (!owner) return undefined;
  const where = `${path}/${name}`;
  return { id: optionalText(owner, 'ID', where), displayName: optionalText(owner, 'DisplayName', where) };
}

/**
 * Spellings of the encoding-type element seen in the COS docs: `Encoding-type` (List Parts schema, read by
 * [GO]), `Encoding-Type` (node tables), `EncodingType` (a real List Parts response). Which one the service
 * emits today is unconfirmed (spec §2.4), so parsers accept all and report which one they saw.
 */
export const ENCODING_TYPE_ELEMENTS = ['Encoding-type', 'Encoding-Type', 'EncodingType'] as const;
export type EncodingTypeElement = (typeof ENCODING_TYPE_ELEMENTS)[number];

/** The encoding-type value and the spelling of its element, when present. */
export function optionalEncodingType(
  node: XmlNode,
  path: string,
): { encodingType?: string; encodingTypeElement?: EncodingTypeElement } {
  const found = textByAnyName(node, ENCODING_TYPE_ELEMENTS, path);
  return found
    ? { encodingType: found.value, encodingTypeElement: found.element as EncodingTypeElement }
    : {};
}

/** `{ ID, DisplayName }` for the builders, or undefined. */
export function ownerElement(owner: XmlOwner | undefined): { ID?: string; DisplayName?: string } | undefined {
  return owner ? { ID: owner.id, DisplayName: owner.displayName } : undefined;
}
