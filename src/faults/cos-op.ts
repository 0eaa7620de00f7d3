/**
 * Which COS operation a proxied request is, from its method, query and headers (spec §2). Lets a fault plan say
 * "every Upload Part" without knowing addressing or keys. Names match the client's `Exchange.op` values.
 */

/** COS operations the proxy recognises; `other` is anything else (bucket APIs, unknown paths). */
export const COS_OPS = [
  'initiateMultipartUpload',
  'uploadPart',
  'uploadPartCopy',
  'listParts',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'listMultipartUploads',
  'putObject',
  'copyObject',
  'getObject',
  'headObject',
  'deleteObject',
  'other',
] as const;

export type CosOpName = (typeof COS_OPS)[number];

/**
 * Operations that may change server state. A fault that hides their answer leaves the state unknown, so the
 * affected step is indeterminate rather than an error (Jepsen's `:info`, docs/architecture.md "Checks and outcomes").
 */
export const MUTATING_OPS: ReadonlySet<CosOpName> = new Set<CosOpName>([
  'initiateMultipartUpload',
  'uploadPart',
  'uploadPartCopy',
  'completeMultipartUpload',
  'abortMultipartUpload',
  'putObject',
  'copyObject',
  'deleteObject',
  'other',
]);

/** Whether `name` is a COS operation name the proxy knows. */
export function isCosOpName(name: string): name is CosOpName {
  return (COS_OPS as readonly string[]).includes(name);
}

/**
 * Classifies a request: `query` keys are matched case-insensitively; `hasCopySource` is whether the request
 * carries `x-cos-copy-source` (or `x-amz-copy-source`). Rules: spec §2.1 (POST ?uploads), §2.2 (PUT ?partNumber
 * &uploadId), §2.3 (the same with a copy source), §2.4 (GET ?uploadId), §2.5 (POST ?uploadId), §2.6 (DELETE
 * ?uploadId), §2.7 (GET ?uploads).
 */
export function classifyCosOp(
  method: string,
  path: string,
  query: ReadonlySet<string>,
  hasCopySource: boolean,
): CosOpName {
  const has = (key: string): boolean => query.has(key);
  const verb = method.toUpperCase();
  if (has('uploadid')) {
    if (verb === 'PUT' && has('partnumber')) return hasCopySource ? 'uploadPartCopy' : 'uploadPart';
    if (verb === 'POST') return 'completeMultipartUpload';
    if (verb === 'GET') return 'listParts';
    if (verb === 'DELETE') return 'abortMultipartUpload';
    return 'other';
  }
  if (has('uploads')) {
    if (verb === 'POST') return 'initiateMultipartUpload';
    if (verb === 'GET') return 'listMultipartUploads';
    return 'other';
  }
  if (query.size > 0 && verb !== 'GET' && verb !== 'HEAD') return 'other';
  if (path === '/' || path === '') return 'other';
  switch (verb) {
    case 'PUT':
      return hasCopySource ? 'copyObject' : 'putObject';
    case 'GET':
      return 'getObject';
    case 'HEAD':
      return 'headObject';
    case 'DELETE':
      return 'deleteObject';
    default:
      return 'other';
  }
}
