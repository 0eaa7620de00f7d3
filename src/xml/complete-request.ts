/**
 * The Complete Multipart Upload request body (spec §2.5 [D7742]):
 * `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"…"</ETag></Part>…</CompleteMultipartUpload>`.
 */
import { buildXml } from './build.ts';
import { nodeList, parseDocument, requiredText } from './fields.ts';

export const COMPLETE_REQUEST_ROOT = 'CompleteMultipartUpload';

/** One `Part` entry exactly as sent: the server validates the values itself. */
export interface CompleteRequestPart {
  /** Text of `PartNumber`, trimmed, not converted (may be `0`, `abc`, `007`). */
  partNumber: string;
  /** Text of `ETag` after entity decoding, quotes kept if sent (quoted and unquoted are both accepted, §2.5). */
  etag: string;
}

export interface CompleteRequest {
  /** In document order (the server checks that they ascend). */
  parts: CompleteRequestPart[];
}

/**
 * Server side: reads a Complete request body. `Part` children may come in any order (the Go SDK sends
 * `ETag` before `PartNumber`, §2.5 [GO]); other children are ignored. Throws `XmlParseError` when the body
 * is not well-formed and `XmlShapeError` when the root is wrong or a `Part` lacks (or repeats) `PartNumber`
 * or `ETag`; both mean `400 MalformedXML`. An empty part list is returned as such, for the server to judge.
 */
export function parseCompleteRequest(text: string): CompleteRequest {
  const root = COMPLETE_REQUEST_ROOT;
  const node = parseDocument(text, root);
  const parts = nodeList(node, 'Part', root).map(({ node: part, path }) => ({
    partNumber: requiredText(part, 'PartNumber', path),
    etag: requiredText(part, 'ETag', path),
  }));
  return { parts };
}

/** Child order inside each `Part`: as the docs and Node SDK write it, or as the Go SDK does. */
export type CompletePartOrder = 'partNumberFirst' | 'etagFirst';

/**
 * Client side: writes a Complete request body from the given parts, in the given order and with the ETags
 * as given (quote them yourself; tests send unquoted ones on purpose). Quotes are written raw, as in the
 * doc example.
 */
export function buildCompleteRequest(
  parts: ReadonlyArray<{ partNumber: number | string; etag: string }>,
  opts: { order?: CompletePartOrder } = {},
): string {
  const etagFirst = opts.order === 'etagFirst';
  const entries = parts.map((p) =>
    etagFirst ? { ETag: p.etag, PartNumber: p.partNumber } : { PartNumber: p.partNumber, ETag: p.etag },
  );
  return buildXml(COMPLETE_REQUEST_ROOT, { Part: entries }, { escapeQuotes: false });
}
