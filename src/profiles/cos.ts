/**
 * The `cos` profile (default): what the Tencent COS documents say, as summarised in
 * docs/spec.md (cited as `spec §x [tag]`). Where the documents leave a value open
 * ("1 MB", where EntityTooSmall is raised) the profile holds the set of readings and the run reports which one
 * it saw; where they say nothing (odd partNumber forms, duplicate parts) the check is an observation.
 */
import { LIMITS } from '../spec/limits.ts';
import { decision, doc, fact, sdk } from './evidence.ts';
import { COS_DOCS } from './sources.ts';
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

/** The COS profile; its expectations are written beside the checks, one family module each (catalogue order). */
export const COS_PROFILE: Profile = {
  name: 'cos',
  title: 'Tencent COS (documents)',
  limits: {
    minPartSize: fact(
      LIMITS.cosMinPartSize,
      doc('spec §2.2 [D7750]', 'each part 1MB–5GB'),
      decision('larger reading of "1 MB"', 'non-last parts of 1 MiB are valid under both readings'),
    ),
    minPartSizeCandidates: fact(
      LIMITS.cosMinPartSizeCandidates,
      doc('spec §3', '"1 MB" as 1,000,000 or 1,048,576 bytes is UNCONFIRMED: measured'),
    ),
    maxPartSize: fact(LIMITS.maxPartSize, doc('spec §2.2 [D7750]', '"5GB", read as 5 GiB')),
    minPartNumber: fact(LIMITS.minPartNumber, COS_DOCS.uploadPart),
    maxPartNumber: fact(LIMITS.maxPartNumber, COS_DOCS.uploadPart),
    listPartsPage: fact(LIMITS.listPartsDefaultMax, doc('spec §2.4 [D7747]', 'max-parts default 1000')),
  },
  features: {
    crc64: fact(
      'required',
      doc('spec §5.3 [D40334]'),
      sdk('[GO] cos.go EnableCRC', 'fails an upload without it'),
    ),
    requestIdHeaders: fact(['x-cos-request-id'], doc('spec §1.3 [D7729]', 'generated for every request')),
    sse: fact(
      { header: 'x-cos-server-side-encryption', value: 'AES256', support: 'required' },
      doc('spec §2.1 [D7746], §2.2 [D7750]', 'SSE-COS AES256 documented and echoed'),
    ),
    errorDocumentFields: fact(
      ['code', 'message', 'requestId'],
      doc('spec §4.1 [D7730]'),
      sdk('[FLARE] cos_status.cc', 'treats the children as mandatory'),
    ),
    copySource: fact(
      { header: 'x-cos-copy-source', form: 'cos-host' },
      doc('spec §2.3 [D8287]', 'x-cos-copy-source: <Bucketname>-<APPID>.cos.<Region>.myqcloud.com/<key>'),
    ),
  },
  expectations: {
    ...BASICS_EXPECTATIONS.cos,
    ...PART_NUMBER_EXPECTATIONS.cos,
    ...OUT_OF_ORDER_EXPECTATIONS.cos,
    ...OVERWRITE_EXPECTATIONS.cos,
    ...NO_SUCH_UPLOAD_EXPECTATIONS.cos,
    ...PART_SIZE_EXPECTATIONS.cos,
    ...INTEGRITY_EXPECTATIONS.cos,
    ...COMPLETE_EXPECTATIONS.cos,
    ...ABORT_EXPECTATIONS.cos,
    ...SSE_EXPECTATIONS.cos,
    ...AUTH_EXPECTATIONS.cos,
    ...REQUEST_HEADERS_EXPECTATIONS.cos,
    ...ERRORS_EXPECTATIONS.cos,
    ...LIST_PARTS_EXPECTATIONS.cos,
    ...CHECKSUMS_EXPECTATIONS.cos,
    ...UPLOAD_PART_COPY_EXPECTATIONS.cos,
    ...MODEL_EXPECTATIONS.cos,
    ...RUN_EXPECTATIONS.cos,
  } satisfies CatalogueExpectations,
};
