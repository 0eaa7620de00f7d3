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
  | 'listObjectsV2'
  | 'listObjectVersions'
  | 'deleteObjects'
  | 'getBucketLocation'
  | 'copyObject'
  | 'listBuckets';

/** Sub-resources of COS/S3 that this server does not implement. */
const UNSUPPORTED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate',
  'acl',
  'append',
  'cors',
  'domain',
  'encryption',
  'intelligenttiering',
  'inventory',
  'lifecycle',
  'logging',
  'object-lock',
  'policy',
  'referer',
  'replication',
  'restore',
  'select',
  'tagging',
  'versioning',
  'website',
]);

/** The copy source header of a request (`x-cos-copy-source`, or `x-amz-copy-source` from S3 clients). */
export function copySourceOf(headers: Readonly<Record<string, string>>): string | undefined {
  return headers['x-cos-copy-source'] ?? headers['x-amz-copy-source'];
}

/** GET on a bucket: `?uploads`, `?versions`, `?location`, `?list-type=2` or plain List Objects. */
function bucketGetOperation(query: QueryParams): Operation {
  if (query.has('uploads')) return 'listMultipartUploads';
  if (query.has('versions')) return 'listObjectVersions';
  if (query.has('location')) return 'getBucketLocation';
  const listType = query.get('list-type');
  if (listType === undefined) return 'listObjects';
  if (listType === '2') return 'listObjectsV2';
  throw cosError('InvalidArgument', 'list-type must be 2 (or absent for List Objects version 1).');
}

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
        return bucketGetOperation(query);
      case 'POST':
        if (query.has('delete')) return 'deleteObjects';
        throw cosError('MethodNotAllowed');
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
      // Upload Part, or Upload Part - Copy when a copy source header names the bytes (spec §2.3).
      if (multipart || query.has('partNumber'))
        return copySourceOf(headers) !== undefined ? 'uploadPartCopy' : 'uploadPart';
      if (copySourceOf(headers) !== undefined) {
        return 'copyObject';
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
