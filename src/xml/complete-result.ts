/** `CompleteMultipartUploadResult` (spec §2.5 [D7742]): declaration and a namespace in the doc example. */
import { buildXml } from './build.ts';
import { optionalText, parseDocument, requiredText } from './fields.ts';

export const COMPLETE_RESULT_ROOT = 'CompleteMultipartUploadResult';
/** The namespace of the doc example. */
export const COMPLETE_RESULT_NAMESPACE = 'http://www.qcloud.com/document/product/436/7751';

export interface CompleteResult {
  /** `http://<BucketName-APPID>.cos.<Region>.myqcloud.com/<ObjectKey>`. */
  location?: string;
  bucket?: string;
  key?: string;
  /** As sent, quotes included, e.g. `"aa259a62513358f69e98e72e59856d88-3"` (§5.2). */
  etag: string;
}

/**
 * Reads a Complete Multipart Upload result (leading keep-alive whitespace is fine). A body whose root is
 * `<Error>` (a late failure inside a 200, §2.5) is an `XmlShapeError` here: read it with `parseErrorXml`.
 */
export function parseCompleteResult(text: string): CompleteResult {
  const root = COMPLETE_RESULT_ROOT;
  const node = parseDocument(text, root);
  return {
    location: optionalText(node, 'Location', root),
    bucket: optionalText(node, 'Bucket', root),
    key: optionalText(node, 'Key', root, true),
    etag: requiredText(node, 'ETag', root),
  };
}

/** Writes a Complete result as in the doc example (declaration, namespace, `&quot;`-escaped ETag). */
export function buildCompleteResult(result: CompleteResult): string {
  return buildXml(
    COMPLETE_RESULT_ROOT,
    { Location: result.location, Bucket: result.bucket, Key: result.key, ETag: result.etag },
    { declaration: true, namespace: COMPLETE_RESULT_NAMESPACE },
  );
}
