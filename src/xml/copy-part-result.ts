/**
 * `CopyPartResult` (spec §2.3 [D8287]): the answer of Upload Part - Copy, `ETag` (the MD5 of the copied bytes) and
 * `LastModified`. Both are read as optional so that a judge can say which one is missing.
 */
import { optionalText, parseDocument } from './fields.ts';

export const COPY_PART_RESULT_ROOT = 'CopyPartResult';

export interface CopyPartResult {
  /** As sent, quotes included. */
  etag?: string;
  lastModified?: string;
}

/** Reads an Upload Part - Copy response body; throws an XML error for another root or a malformed document. */
export function parseCopyPartResult(text: string): CopyPartResult {
  const root = COPY_PART_RESULT_ROOT;
  const node = parseDocument(text, root);
  return {
    etag: optionalText(node, 'ETag', root),
    lastModified: optionalText(node, 'LastModified', root),
  };
}
