/** The handler of each operation (routing in http/route.ts). */
import type { Handler } from '../http/context.ts';
import type { Operation } from '../http/route.ts';
import { abortMultipartUpload } from './abort.ts';
import { deleteBucket, headBucket, putBucket } from './bucket.ts';
import { completeMultipartUpload } from './complete.ts';
import { deleteObject } from './delete-object.ts';
import { getObject, headObject } from './get-object.ts';
import { initiateMultipartUpload } from './initiate.ts';
import { listBuckets } from './list-buckets.ts';
import { listObjects } from './list-objects.ts';
import { listParts } from './list-parts.ts';
import { listMultipartUploads } from './list-uploads.ts';
import { putObject } from './put-object.ts';
import { uploadPart } from './upload-part.ts';

export type { Handler };

export const HANDLERS: Readonly<Record<Operation, Handler>> = {
  initiateMultipartUpload,
  uploadPart,
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
  listBuckets,
};
