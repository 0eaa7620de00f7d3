/**
 * The `s3` profile: AWS S3 semantics, for S3-compatible endpoints (Ceph RGW, MinIO-likes) driven with SigV4.
 * Evidence is the AWS API reference, what peer suites assert (docs/peer-suites.md) and, for vendors
 * that answer otherwise, the responses recorded against Ceph RGW 16.2.15 (docs/vendors.md). A recorded
 * deviation is kept as `deviations` for the report; it never widens what is allowed.
 */
import { LIMITS } from '../spec/limits.ts';
import { decision, doc, fact } from './evidence.ts';
import { S3_DOCS } from './sources.ts';
import { BASICS_EXPECTATIONS } from '../checks/families/basics.ts';
import { PART_NUMBER_EXPECTATIONS } from '../checks/families/part-number.ts';
import { OUT_OF_ORDER_EXPECTATIONS } from '../checks/families/out-of-order.ts';
import { OVERWRITE_EXPECTATIONS } from '../checks/families/overwrite.ts';
import { NO_SUCH_UPLOAD_EXPECTATIONS } from '../checks/families/no-such-upload.ts';
import { PART_SIZE_EXPECTATIONS } from '../checks/families/part-size.ts';
import { INTEGRITY_EXPECTATIONS } from '../checks/families/integrity.ts';
import { COMPLETE_EXPECTATIONS } from '../checks/families/complete.ts';
import { ABORT_EXPECTATIONS } from '../checks/families/abort.ts';
import { SSE_EXPECTATIONS } from '../checks/families/sse.ts';
import { AUTH_EXPECTATIONS } from '../checks/families/auth.ts';
import { REQUEST_HEADERS_EXPECTATIONS } from '../checks/families/request-headers.ts';
import { ERRORS_EXPECTATIONS } from '../checks/families/errors.ts';
import { LIST_PARTS_EXPECTATIONS } from '../checks/families/list-parts.ts';
import { CHECKSUMS_EXPECTATIONS } from '../checks/families/checksums.ts';
import { UPLOAD_PART_COPY_EXPECTATIONS } from '../checks/families/upload-part-copy.ts';
import { MODEL_EXPECTATIONS } from '../checks/families/model.ts';
import { RUN_EXPECTATIONS } from '../checks/families/run.ts';
import type { CatalogueExpectations, Profile } from './types.ts';

/** The S3 profile; its expectations are written beside the checks, one family module each (catalogue order). */
export const S3_PROFILE: Profile = {
  name: 's3',
  title: 'AWS S3 semantics',
  limits: {
    minPartSize: fact(LIMITS.s3MinPartSize, S3_DOCS.quotas),
    minPartSizeCandidates: fact([LIMITS.s3MinPartSize], S3_DOCS.quotas),
    maxPartSize: fact(LIMITS.maxPartSize, S3_DOCS.quotas),
    minPartNumber: fact(LIMITS.minPartNumber, S3_DOCS.quotas),
    maxPartNumber: fact(LIMITS.maxPartNumber, S3_DOCS.quotas),
    listPartsPage: fact(LIMITS.listPartsDefaultMax, S3_DOCS.listParts),
  },
  features: {
    crc64: fact('optional', decision('COS extension')),
    requestIdHeaders: fact(['x-amz-request-id', 'x-cos-request-id'], S3_DOCS.commonResponseHeaders),
    sse: fact(
      { header: 'x-amz-server-side-encryption', value: 'AES256', support: 'optional' },
      S3_DOCS.uploadPart,
      decision('optional', 'S3-compatible servers refuse SSE-S3 without a key backend configured'),
    ),
    errorDocumentFields: fact(['code', 'message', 'requestId'], S3_DOCS.errors),
    copySource: fact(
      { header: 'x-amz-copy-source', form: 'bucket-path' },
      doc(
        'https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html',
        'x-amz-copy-source: /<bucket>/<key>, URL-encoded',
      ),
    ),
  },
  expectations: {
    ...BASICS_EXPECTATIONS.s3,
    ...PART_NUMBER_EXPECTATIONS.s3,
    ...OUT_OF_ORDER_EXPECTATIONS.s3,
    ...OVERWRITE_EXPECTATIONS.s3,
    ...NO_SUCH_UPLOAD_EXPECTATIONS.s3,
    ...PART_SIZE_EXPECTATIONS.s3,
    ...INTEGRITY_EXPECTATIONS.s3,
    ...COMPLETE_EXPECTATIONS.s3,
    ...ABORT_EXPECTATIONS.s3,
    ...SSE_EXPECTATIONS.s3,
    ...AUTH_EXPECTATIONS.s3,
    ...REQUEST_HEADERS_EXPECTATIONS.s3,
    ...ERRORS_EXPECTATIONS.s3,
    ...LIST_PARTS_EXPECTATIONS.s3,
    ...CHECKSUMS_EXPECTATIONS.s3,
    ...UPLOAD_PART_COPY_EXPECTATIONS.s3,
    ...MODEL_EXPECTATIONS.s3,
    ...RUN_EXPECTATIONS.s3,
  } satisfies CatalogueExpectations,
};
