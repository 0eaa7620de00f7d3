/** Mutants of server-side encryption headers (spec §2.1 [D7746], §2.2 [D7750], §2.5 [D7742]). */
import { mutant } from './types.ts';

export const SSE_MUTANTS = [
  mutant({
    name: 'sse-header-dropped',
    description: 'Upload Part and Complete of an AES256 upload do not echo x-cos-server-side-encryption',
    family: 'sse',
    catches: ['sse.upload-part.echo', 'sse.complete.echo'],
    behaviour: { echoServerSideEncryption: false },
  }),
] as const;
