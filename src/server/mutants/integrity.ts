/**
 * Mutants of the integrity headers of Upload Part (spec §1.2 [D7728], §4.2, §4.3): Content-MD5 and
 * Content-Length checks missing or wrong, refused bodies stored anyway.
 */
import { mutant } from './types.ts';

const FAMILY = 'integrity';

export const INTEGRITY_MUTANTS = [
  mutant({
    name: 'content-md5-ignored',
    description: 'Content-MD5 is never compared with the body: a wrong digest is stored and answered 200',
    family: FAMILY,
    catches: ['integrity.upload-part.md5-wrong'],
    behaviour: { checkContentMd5: false },
  }),
  mutant({
    name: 'content-md5-expects-hex',
    description: 'Content-MD5 must be hex, so the correct base64 digest is refused as InvalidDigest',
    family: FAMILY,
    catches: ['integrity.upload-part.md5-correct'],
    behaviour: { isWellFormedContentMd5: (value) => /^[0-9a-f]{32}$/i.test(value) },
  }),
  mutant({
    name: 'content-md5-form-unchecked',
    description: 'a malformed Content-MD5 is answered BadDigest instead of InvalidDigest',
    family: FAMILY,
    catches: ['integrity.upload-part.md5-malformed'],
    behaviour: { isWellFormedContentMd5: () => true },
  }),
  mutant({
    name: 'content-length-optional',
    description: 'Upload Part without Content-Length (chunked) is accepted instead of 411',
    family: FAMILY,
    catches: ['integrity.upload-part.missing-content-length'],
    behaviour: { requireContentLength: false },
  }),
  mutant({
    name: 'truncated-body-stored',
    description: 'a body cut short of its Content-Length is stored as the part and answered 200',
    family: FAMILY,
    catches: ['integrity.upload-part.short-body'],
    handlers: { uploadPart: 'truncatedBodyStored' },
  }),
  mutant({
    name: 'bad-md5-part-stored',
    description:
      'a part with a wrong Content-MD5 is answered BadDigest but stored anyway, replacing the old one',
    family: FAMILY,
    catches: ['integrity.upload-part.failed-keeps-previous'],
    handlers: { uploadPart: 'md5CheckedAfterStoring' },
  }),
] as const;
