/** undici's Pool and the harness's signer, nothing else (scripts/bench/bare-client.ts). */
import { BareClient } from '../bare-client.ts';
import { type OpenClient, SMALL_PARTS_KEY } from './client.ts';

export const open: OpenClient = (target, load) => {
  const client = new BareClient(target, load.concurrency);
  return {
    async send(uploadId, n, body) {
      await client.ok(
        'PUT',
        SMALL_PARTS_KEY,
        [
          ['partNumber', String(n)],
          ['uploadId', uploadId],
        ],
        { bytes: body },
      );
    },
    close: () => client.close(),
  };
};
