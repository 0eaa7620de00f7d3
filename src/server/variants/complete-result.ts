/** Variants of the Complete answer (spec §2.5 [D7742]: a 200 at once, whitespace while merging, the result last). */
import { conformantVariant } from './types.ts';

/** Leading whitespace of the whitespace variant: every XML whitespace character, 9 bytes. */
export const ALWAYS_WHITESPACE = '\r\n\t \n  \t\n';

export const COMPLETE_RESULT_VARIANTS = [
  conformantVariant({
    name: 'complete-whitespace-always',
    description:
      'every Complete 200, even a fast one, starts with whitespace (CR, LF, tab, space) before the XML',
    allowedBy:
      'spec §2.5 [D7742]: COS answers 200 at once and streams whitespace while merging; clients must skip leading whitespace',
    profiles: ['cos'],
    server: { completeLeadingWhitespace: ALWAYS_WHITESPACE },
  }),
] as const;
