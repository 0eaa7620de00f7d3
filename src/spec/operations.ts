/**
 * The object and multipart operations the suite sends, by the client's names (the `op` of a recorded exchange)
 * and by the API's own titles (spec §2). Shared by the check table of needed operations and the reference
 * server's router, so both speak of the same operations.
 */

/** An object or multipart operation. */
export type ObjectOperation =
  | 'initiateMultipartUpload'
  | 'uploadPart'
  | 'uploadPartCopy'
  | 'listParts'
  | 'completeMultipartUpload'
  | 'abortMultipartUpload'
  | 'listMultipartUploads'
  | 'putObject'
  | 'getObject'
  | 'headObject'
  | 'deleteObject';

/** The API's own name of each operation, for messages. */
export const OPERATION_TITLES: Readonly<Record<ObjectOperation, string>> = {
  initiateMultipartUpload: 'Initiate Multipart Upload',
  uploadPart: 'Upload Part',
  uploadPartCopy: 'Upload Part - Copy',
  listParts: 'List Parts',
  completeMultipartUpload: 'Complete Multipart Upload',
  abortMultipartUpload: 'Abort Multipart Upload',
  listMultipartUploads: 'List Multipart Uploads',
  putObject: 'Put Object',
  getObject: 'Get Object',
  headObject: 'Head Object',
  deleteObject: 'Delete Object',
};
