/**
 * The client's window onto src/xml: error detection on any response and the typed parsers of §2 results,
 * each wrapped so that a malformed body becomes a {@link ProtocolError} instead of an exception.
 */
import { parseCompleteResult } from '../xml/complete-result.ts';
import { parseCopyPartResult } from '../xml/copy-part-result.ts';
import { parseErrorXml } from '../xml/error-doc.ts';
import { parseInitiateResult } from '../xml/initiate.ts';
import { parseListPartsResult } from '../xml/list-parts.ts';
import { parseListObjectsResult } from '../xml/list-objects.ts';
import { parseListUploadsResult } from '../xml/list-uploads.ts';
import type { CosErrorXml, ProtocolError } from './exchange.ts';
import type { ReadBodyResult } from './response-body.ts';

export type { CompleteResult } from '../xml/complete-result.ts';
export type { CopyPartResult } from '../xml/copy-part-result.ts';
export { buildCompleteRequest, type CompletePartOrder } from '../xml/complete-request.ts';
export type { InitiateResult } from '../xml/initiate.ts';
export type { ListedPart, ListPartsResult } from '../xml/list-parts.ts';
export type { ListObjectsResult } from '../xml/list-objects.ts';
export type { ListedUpload, ListUploadsResult } from '../xml/list-uploads.ts';

/** The kept body as text (leading whitespace may already be dropped). */
export function keptText(body: ReadBodyResult | undefined): string {
  return body ? body.kept.toString('utf8') : '';
}

/** A COS `<Error>` document in the body, whatever the status (spec §4.1; §2.5 errors inside a 200). */
export function parseErrorBody(
  body: ReadBodyResult | undefined,
  _contentType?: string,
): CosErrorXml | undefined {
  if (!body || body.kept.length === 0) return undefined;
  const text = keptText(body);
  if (!/^\s*(<\?xml[^>]*>\s*)?<Error[\s>]/.test(text)) return undefined;
  return parseErrorXml(text);
}

/** Result of parsing a 2xx body. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ProtocolError };

function wrap<T>(parse: (text: string) => T, what: string): (body: ReadBodyResult | undefined) => Parsed<T> {
  return (body) => {
    if (body?.overLimit) {
      return {
        ok: false,
        problem: {
          code: 'BODY_TOO_LARGE',
          message: `${what}: body of ${body.size} bytes exceeds the parse limit`,
        },
      };
    }
    const text = keptText(body);
    if (text.trim() === '')
      return { ok: false, problem: { code: 'EMPTY_BODY', message: `${what}: empty body` } };
    try {
      return { ok: true, value: parse(text) };
    } catch (err) {
      const code = (err as { code?: string }).code === 'XML_SHAPE' ? 'UNEXPECTED_XML' : 'MALFORMED_XML';
      return { ok: false, problem: { code, message: `${what}: ${(err as Error).message}` } };
    }
  };
}

export const readInitiate = wrap(parseInitiateResult, 'InitiateMultipartUploadResult');
export const readListParts = wrap(parseListPartsResult, 'ListPartsResult');
export const readComplete = wrap(parseCompleteResult, 'CompleteMultipartUploadResult');
export const readListUploads = wrap(parseListUploadsResult, 'ListMultipartUploadsResult');
export const readListObjects = wrap(parseListObjectsResult, 'ListBucketResult');
export const readCopyPart = wrap(parseCopyPartResult, 'CopyPartResult');
