/**
 * Which operation a request is, from its method, whether it names a key, and its sub-resource parameters
 * (spec §2: `?uploads`, `?uploadId=`, `?partNumber=`). Sub-resources the server does not implement (ACLs,
 * tagging, versioning, …) are 501 NotImplemented rather than silently treated as a plain object request.
 */
import { cosError } from './cos-error.ts';
import type { QueryParams } from './query.ts';
import type { ObjectOperation } from '../../spec/operations.ts';

/** Every operation the server routes: the object and multipart ones (spec §2) and the bucket ones around them. */
export type Operation =
  | ObjectOperation
  | 'putBucket'
  | 'headBucket'
  | 'deleteBucket'
  | 'listObjects'
  | 'listBuckets';

/** Sub-resources of COS/S3 that this server does not implement. */
const UNSUPPORTED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate',
  'acl',
  'append',
  'cors',
  'delete',
  'domain',
  'encryption',
  'intelligenttiering',
  'inventory',
  'lifecycle',
  'location',
  'logging',
  'object-lock',
  'policy',
  'referer',
  'replication',
  'restore',
  'select',
  'tagging',
  'versioning',
  'versions',
  'website',
]);

/** The operation of a request. Throws 405 MethodNotAllowed / 501 NotImplemented for anything else. */
export function routeOperation(
  method: string,
  bucket: string | undefined,
  key: string,
  query: QueryParams,
  headers: Readonly<Record<string, string>>,
): Operation {
  const unsupported = query.pairs.find(([name]) => UNSUPPORTED_SUBRESOURCES.has(name));
  if (unsupported)
    throw cosError('NotImplemented', `The sub-resource "${unsupported[0]}" is not implemented.`);
  if (bucket === undefined) {
    if (method === 'GET') return 'listBuckets';
    throw cosError('MethodNotAllowed');
  }
  if (key === '') {
    switch (method) {
      case 'PUT':
        return 'putBucket';
      case 'HEAD':
        return 'headBucket';
      case 'DELETE':
        return 'deleteBucket';
      case 'GET':
        return query.has('uploads') ? 'listMultipartUploads' : 'listObjects';
      default:
        throw cosError('MethodNotAllowed');
    }
  }
  const multipart = query.has('uploadId');
  switch (method) {
    case 'POST':
      if (query.has('uploads')) return 'initiateMultipartUpload';
      if (multipart) return 'completeMultipartUpload';
      throw cosError('MethodNotAllowed');
    case 'PUT':
      // Upload Part and Upload Part - Copy (a copy source header; handlers/index.ts picks the handler).
      if (multipart || query.has('partNumber')) return 'uploadPart';
      if (headers['x-cos-copy-source'] !== undefined) {
        throw cosError('NotImplemented', 'Copy (x-cos-copy-source) is not implemented.');
      }
      return 'putObject';
    case 'GET':
      return multipart ? 'listParts' : 'getObject';
    case 'HEAD':
      return 'headObject';
    case 'DELETE':
      return multipart ? 'abortMultipartUpload' : 'deleteObject';
    default:
      throw cosError('MethodNotAllowed');
  }
}
