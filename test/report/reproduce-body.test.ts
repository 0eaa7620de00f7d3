/** A curl reproduction regenerates the exact part body: the recorded body spec fed to `cos-conformance body`. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CosClient } from '../../src/client/index.ts';
import { curlFor } from '../../src/report/reproduce.ts';
import { startServer } from '../../src/server/index.ts';
import { localTarget } from '../../src/server/local-target.ts';
import type { RunningServer } from '../../src/server/options.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ port: 0 });
});
afterAll(() => server.close());

it('records the generated body of an Upload Part, and `body` regenerates its bytes', async () => {
  const client = new CosClient(localTarget(server.url));
  try {
    const init = await client.initiateMultipartUpload('repro/key');
    const spec = { seed: 77, size: 3001, stamp: { upload: 4, part: 2 } };
    const up = await client.uploadPart('repro/key', init.data!.uploadId, 2, { spec });
    expect(up.status).toBe(200);
    expect(up.exchange.request.body).toEqual(spec);
    const shell = curlFor(up.exchange);
    const bodyLine = shell.split('\n').find((l) => l.startsWith('cos-conformance body'));
    expect(bodyLine).toBe('cos-conformance body --seed 77 --size 3001 --upload 4 --part 2 > part.bin');
    const args = bodyLine!.replace('cos-conformance ', '').replace(' > part.bin', '').split(' ');
    const out = spawnSync(process.execPath, ['bin/cos-conformance.mjs', ...args], { maxBuffer: 1 << 20 });
    expect(out.status).toBe(0);
    expect(createHash('md5').update(out.stdout).digest('hex')).toBe(up.exchange.request.bodyMd5);
    await client.abortMultipartUpload('repro/key', init.data!.uploadId);
  } finally {
    await client.close();
  }
});
