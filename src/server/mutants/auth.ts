/** Mutants of request authentication (spec §6 [D7778], §4.2 SignatureDoesNotMatch). */
import { mutant } from './types.ts';

export const AUTH_MUTANTS = [
  mutant({
    name: 'signature-unchecked',
    description: 'signatures are not verified: a wrongly signed Upload Part is stored',
    family: 'auth',
    catches: ['auth.upload-part.wrong-signature-refused', 'auth.upload-part.wrong-signature-stores-nothing'],
    behaviour: { checkSignature: false },
  }),
] as const;
