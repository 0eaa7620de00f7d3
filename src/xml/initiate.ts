/** `InitiateMultipartUploadResult` (spec §2.1 [D7746]): no declaration and no namespace in the doc example. */
import { buildXml } from './build.ts';
import { optionalText, parseDocument, requiredText } from './fields.ts';

export const INITIATE_RESULT_ROOT = 'InitiateMultipartUploadResult';

export interface InitiateResult {
  /** `<BucketName-APPID>`. */
  bucket?: string;
  key?: string;
  uploadId: string;
}

/** Reads an Initiate Multipart Upload response body; `UploadId` is required. */
export function parseInitiateResult(text: string): InitiateResult {
  const root = INITIATE_RESULT_ROOT;
  const node = parseDocument(text, root);
  return {
    bucket: optionalText(node, 'Bucket', root),
    key: optionalText(node, 'Key', root, true),
    uploadId: requiredText(node, 'UploadId', root),
  };
}

/** Writes an Initiate Multipart Upload response body. */
export function buildInitiateResult(initiateResult: InitiateResult): string {
  return buildXml(INITIATE_RESULT_ROOT, {
    Bucket: initiateResult.bucket,
    Key: initiateResult.key,
    UploadId: initiateResult.uploadId,
  });
}
