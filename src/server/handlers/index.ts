/** The handler of each operation (routing in http/route.ts). */
import type { Handler } from '../http/context.ts';
import type { Operation } from '../http/route.ts';
import { abortMultipartUpload } from './abort.ts';
import { deleteBucket, headBucket, putBucket } from './bucket.ts';
import { getBucketLocation } from './bucket-location.ts';
import { completeMultipartUpload } from './complete.ts';
import { copyObject } from './copy-object.ts';
import { deleteObject } from './delete-object.ts';
import { deleteObjects } from './delete-objects.ts';
import { getObject, headObject } from './get-object.ts';
import { initiateMultipartUpload } from './initiate.ts';
import { listBuckets } from './list-buckets.ts';
import { listObjectVersions } from './list-object-versions.ts';
import { listObjects } from './list-objects.ts';
import { listObjectsV2 } from './list-objects-v2.ts';
import { listParts } from './list-parts.ts';
import { listMultipartUploads } from './list-uploads.ts';
import { putObject } from './put-object.ts';
import { uploadPart } from './upload-part.ts';
import { uploadPartCopy } from './upload-part-copy.ts';

export type { Handler };

export const HANDLERS: Readonly<Record<Operation, Handler>> = {
  initiateMultipartUpload,
  uploadPart,
  uploadPartCopy,
  listParts,
  completeMultipartUpload,
  abortMultipartUpload,
  listMultipartUploads,
  putObject,
  getObject,
  headObject,
  deleteObject,
  putBucket,
  headBucket,
  deleteBucket,
  listObjects,
  listObjectsV2,
  listObjectVersions,
  deleteObjects,
  getBucketLocation,
  copyObject,
  listBuckets,
};
