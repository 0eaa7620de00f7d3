/**
 * The documents most expectations cite, stated once: the COS pages as tagged in docs/spec.md, and the AWS S3 API
 * reference. A family module cites these (or a more precise `doc(…)` with its own note). Variants that several
 * families allow in the same words live here too.
 */
import { accepted, decision, doc, named } from './evidence.ts';

/** The COS documents of each operation (docs/spec.md). */
export const COS_DOCS = {
  uploadPart: doc('spec §2.2 [D7750]'),
  complete: doc('spec §2.5 [D7742]'),
  abort: doc('spec §2.6 [D7740]'),
  listParts: doc('spec §2.4 [D7747]'),
  afterComplete: doc('spec §3 "Object after Complete"', 'S3 semantics; UNCONFIRMED for COS'),
} as const;

const AWS = 'https://docs.aws.amazon.com/AmazonS3/latest';

/** The AWS S3 API reference of each operation, its error list and its quotas. */
export const S3_DOCS = {
  uploadPart: doc(`${AWS}/API/API_UploadPart.html`),
  complete: doc(`${AWS}/API/API_CompleteMultipartUpload.html`),
  abort: doc(`${AWS}/API/API_AbortMultipartUpload.html`),
  listParts: doc(`${AWS}/API/API_ListParts.html`),
  errors: doc(`${AWS}/API/ErrorResponses.html`),
  quotas: doc(`${AWS}/userguide/qfacts.html`, 'multipart upload limits'),
  commonResponseHeaders: doc(`${AWS}/API/RESTCommonResponseHeaders.html`),
} as const;

/** An Upload Part that must be accepted (part-number and part-size bounds), per profile. */
export const ACCEPTED_PART = {
  cos: accepted('accepted', [200], COS_DOCS.uploadPart),
  s3: accepted('accepted', [200], S3_DOCS.uploadPart),
} as const;

/** The S3 profile's CRC-64 variants: the COS extension header is equal when sent, or absent. */
export const CRC_OPTIONAL = [
  named('equal', doc('cos-multipart-spec §5.3', 'CRC-64/XZ when sent')),
  named('absent', decision('x-cos-hash-crc64ecma is a COS extension; an S3 endpoint may omit it')),
];
