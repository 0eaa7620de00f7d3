/**
 * Variants allowed under the s3 profile only. COS answers 404 NoSuchUpload to every call on a completed upload
 * (spec §3), so the cos profile stays strict; S3 lets a repeated Complete succeed (s3-tests) and an Abort after
 * Complete succeed (time-dependent on AWS). Each runs on an S3-flavoured server ({@link S3_FLAVOUR}), because the
 * default reference server makes the COS choices the s3 profile does not allow.
 */
import type { Behaviour } from '../behaviour.ts';
import { LIMITS } from '../../spec/limits.ts';
import { conformantVariant } from './types.ts';

/** The S3 choices the default (COS) server does not make: 5 MiB minimum, gaps allowed, `x-amz-` SSE header. */
export const S3_FLAVOUR: Partial<Behaviour> = Object.freeze({
  minPartSize: LIMITS.s3MinPartSize,
  completeRequiresContiguous: false,
  sseHeader: 'x-amz-server-side-encryption',
});

export const S3_VARIANTS = [
  conformantVariant({
    name: 's3-complete-retry-200',
    description:
      'S3 flavour; Complete repeated after a successful one, with the same list, answers 200 again',
    allowedBy:
      'S3: s3-tests test_multipart_upload (peer-suites F7) repeats Complete and expects success; Ceph RGW answers 200 (recorded)',
    profiles: ['s3'],
    behaviour: { ...S3_FLAVOUR, completeAfterCompleteSucceeds: true },
  }),
  conformantVariant({
    name: 's3-abort-after-complete-204',
    description: 'S3 flavour; Abort of a completed upload answers 204 and leaves the object',
    allowedBy: 'S3: Abort after Complete is time-dependent on AWS (peer-suites (d)10, minio/minio#2250)',
    profiles: ['s3'],
    behaviour: { ...S3_FLAVOUR, abortAfterCompleteSucceeds: true },
  }),
] as const;
