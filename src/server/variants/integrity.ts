/** Variants of the refusals of an uploaded body (spec §4.2, §4.3). */
import { conformantVariant } from './types.ts';

export const INTEGRITY_VARIANTS = [
  conformantVariant({
    name: 'short-body-bare-400',
    description:
      'a body shorter than its Content-Length gets a bare 400 Bad Request (HTML, no COS error document), as from a front proxy',
    allowedBy:
      'spec §4.3: a body shorter than Content-Length must not be accepted; the exact answer is UNCONFIRMED, and a front proxy (nginx) refuses it before COS sees it',
    profiles: ['cos'],
    behaviour: { bareShortBodyAnswer: true },
  }),
] as const;
