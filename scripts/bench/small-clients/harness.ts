/** The harness client as the suite builds it: recording every exchange (redacted) to an NDJSON history. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CosClient, Recorder } from '../../../src/client/index.ts';
import { expect200, type OpenClient, SMALL_PARTS_KEY } from './client.ts';

export const open: OpenClient = (target, load) => {
  const dir = mkdtempSync(join(tmpdir(), 'cos-bench-history-'));
  const recorder = new Recorder({
    ndjsonPath: join(dir, 'history.ndjson'),
    keep: false,
    secrets: [target.credentials.secretKey],
  });
  const client = new CosClient(target, { recorder, connections: load.concurrency });
  return {
    async send(uploadId, n, body) {
      const r = await client.uploadPart(SMALL_PARTS_KEY, uploadId, n, body);
      expect200(`harness part ${n}`, r.status);
    },
    async close() {
      await client.close();
      await recorder.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
