/**
 * `ListBucketResult` of Get Bucket (list objects): only what the harness's cleanup needs, the keys of a page and
 * how to ask for the next one. Not a judged document: no check reads it.
 */
import { nodeList, optionalText, parseDocument, requiredBool, requiredText } from './fields.ts';

export const LIST_OBJECTS_ROOT = 'ListBucketResult';

/** One page of a listing; keys are as sent (URL-encoded when `encoding-type=url` was asked for). */
export interface ListObjectsResult {
  isTruncated: boolean;
  /** `NextMarker`, when the service sends it (else the last key of the page is the marker). */
  nextMarker?: string;
  keys: string[];
}

/** Reads a Get Bucket response body; each `Contents` needs its `Key`. */
export function parseListObjectsResult(text: string): ListObjectsResult {
  const root = LIST_OBJECTS_ROOT;
  const node = parseDocument(text, root);
  const nextMarker = optionalText(node, 'NextMarker', root, true);
  return {
    isTruncated: requiredBool(node, 'IsTruncated', root),
    ...(nextMarker !== undefined && nextMarker !== '' ? { nextMarker } : {}),
    keys: nodeList(node, 'Contents', root).map(({ node: c, path }) => requiredText(c, 'Key', path, true)),
  };
}
