/** Mutants of overwriting a part number (spec §2.2 [D7750]: the later upload replaces the earlier, atomically). */
import { mutant } from './types.ts';

const FAMILY = 'overwrite';

export const OVERWRITE_MUTANTS = [
  mutant({
    name: 'first-write-wins',
    description: 'a second upload of a part number is answered 200 but the first one is kept',
    family: FAMILY,
    catches: [
      'overwrite.upload-part.list-shows-later',
      'overwrite.upload-part.earlier-etag-rejected',
      'overwrite.upload-part.last-wins',
    ],
    handlers: { uploadPart: 'firstWriteWins' },
  }),
  mutant({
    name: 'list-parts-keeps-first-etag',
    description: 'after an overwrite, List Parts still shows the ETag of the first upload of the part number',
    family: FAMILY,
    catches: ['overwrite.upload-part.list-shows-later'],
    handlers: { uploadPart: 'listedEtagOfFirstUpload' },
  }),
  mutant({
    name: 'torn-concurrent-overwrite',
    description: 'racing uploads of one part number leave the ETag of one and the bytes of another',
    family: FAMILY,
    catches: ['overwrite.upload-part.concurrent-no-mix'],
    handlers: { uploadPart: 'tornOverwrite' },
  }),
] as const;
