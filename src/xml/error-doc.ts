/** The COS error document (spec §4.1 [D7730]): written by the reference server, read by the client. */
import type { CosErrorXml } from '../client/exchange.ts';
import { escapeXml } from './build.ts';
import { XmlParseError, XmlShapeError } from './errors.ts';
import { asNode, optionalText } from './fields.ts';
import { parseXml, rootOf } from './parse.ts';

/** The declaration exactly as the COS error-code page prints it (§4.1). */
export const ERROR_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8' ?>";

/** What the server fills in an error document. */
export interface ErrorXmlFields {
  code: string;
  message: string;
  /** The requested bucket or object URL. */
  resource: string;
  requestId: string;
  traceId: string;
}

/** The `<Error>` document of §4.1, with all five children (the SDKs and [FLARE] expect every one). */
export function errorXml(errorXmlFields: ErrorXmlFields): string {
  const child = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;
  return (
    `${ERROR_XML_DECLARATION}\n<Error>` +
    child('Code', errorXmlFields.code) +
    child('Message', errorXmlFields.message) +
    child('Resource', errorXmlFields.resource) +
    child('RequestId', errorXmlFields.requestId) +
    child('TraceId', errorXmlFields.traceId) +
    '</Error>'
  );
}

/**
 * The fields of a COS `<Error>` document (absent children stay absent), or undefined when the text is not
 * one: another root, not XML, or empty. Leading whitespace is fine (a Complete that fails late sends its
 * error after whitespace in a 200 body, §2.5).
 */
export function parseErrorXml(text: string): CosErrorXml | undefined {
  let content: unknown;
  try {
    const root = rootOf(parseXml(text, { arrayTags: [] }));
    if (root.name !== 'Error') return undefined;
    content = root.content;
  } catch (error) {
    if (error instanceof XmlParseError) return undefined;
    throw error;
  }
  try {
    const node = asNode(content, 'Error');
    const fields: CosErrorXml = {};
    const read = (name: string): string | undefined => {
      try {
        return optionalText(node, name, 'Error');
      } catch (error) {
        if (error instanceof XmlShapeError) return undefined;
        throw error;
      }
    };
    const code = read('Code');
    const message = read('Message');
    const resource = read('Resource');
    const requestId = read('RequestId');
    const traceId = read('TraceId');
    if (code !== undefined) fields.code = code;
    if (message !== undefined) fields.message = message;
    if (resource !== undefined) fields.resource = resource;
    if (requestId !== undefined) fields.requestId = requestId;
    if (traceId !== undefined) fields.traceId = traceId;
    return fields;
  } catch (error) {
    if (error instanceof XmlShapeError) return {};
    throw error;
  }
}
