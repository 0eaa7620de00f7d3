/**
 * The Delete Objects (multi-delete) request body, S3/COS `POST /?delete`:
 * `<Delete><Quiet>true</Quiet><Object><Key>k</Key><VersionId>v</VersionId></Object>…</Delete>`.
 */
import { nodeList, optionalText, parseDocument, requiredText } from './fields.ts';
import { XmlShapeError } from './errors.ts';

export const DELETE_REQUEST_ROOT = 'Delete';

/** One `Object` entry as sent. */
export interface DeleteRequestObject {
  /** The key, untrimmed (keys may begin or end with spaces). */
  key: string;
  versionId?: string;
}

export interface DeleteRequest {
  /** `Quiet` was `true`: only failures are reported. */
  quiet: boolean;
  objects: DeleteRequestObject[];
}

/**
 * Server side: reads a Delete Objects body. Throws `XmlParseError` when it is not well-formed and
 * `XmlShapeError` when the root is wrong, an `Object` lacks `Key`, or `Quiet` is neither `true` nor `false`;
 * both mean 400 MalformedXML. The number of objects is left to the server to judge.
 */
export function parseDeleteRequest(text: string): DeleteRequest {
  const root = DELETE_REQUEST_ROOT;
  const node = parseDocument(text, root);
  const quietText = optionalText(node, 'Quiet', root);
  if (quietText !== undefined && quietText !== 'true' && quietText !== 'false') {
    throw new XmlShapeError(`${root}/Quiet`, `expected true or false, found ${JSON.stringify(quietText)}`);
  }
  const objects = nodeList(node, 'Object', root).map(({ node: object, path }) => {
    const versionId = optionalText(object, 'VersionId', path);
    return {
      key: requiredText(object, 'Key', path, true),
      ...(versionId !== undefined ? { versionId } : {}),
    };
  });
  return { quiet: quietText === 'true', objects };
}
