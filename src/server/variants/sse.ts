/** Variants of server-side encryption (spec §5.1, §5.4). */
import { conformantVariant } from './types.ts';

export const SSE_VARIANTS = [
  conformantVariant({
    name: 'encrypted-part-etag-opaque',
    description:
      'the part ETag of an SSE-KMS or SSE-C upload is an opaque 32-hex value, not the MD5 of the bytes (as real COS answers)',
    allowedBy:
      'spec §5.1 [D7750]: under SSE-KMS or SSE-C the part ETag is not the MD5 of the plaintext; the harness judges no ETag of those uploads',
    profiles: ['cos'],
    behaviour: { encryptedPartEtagIsMd5: false },
  }),
] as const;
