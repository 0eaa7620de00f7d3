/**
 * The cleanup guarantees on Ceph RGW (README "Cleanup guarantees"): in a bucket pre-filled with other users'
 * objects and open uploads, after a normal run, a failing run, runs stopped by SIGINT and SIGTERM in the middle
 * of a 1 GiB part, and a run whose endpoint vanished mid-part (then `sweep`), nothing is left under the harness
 * prefix and every key of the others is untouched. The same cases run on the reference server in npm test
 * (test/cli/cleanup-e2e.test.ts).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cephRgw, type RunningPeer } from '../../scripts/peers/peers.ts';
import { CosClient } from '../../src/client/cos-client.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { startByteProxy } from '../cli/byte-proxy.ts';
import { expectUntouched, type ForeignState, harnessLeft, prefill } from '../cli/foreign-keys.ts';
import { runCli, startCli } from '../cli/spawn-cli.ts';
import { availability, runAgainst, workDir } from './peer-run.ts';

const avail = availability(cephRgw);
const BUCKET = 'cos-conformance-peers';

describe.skipIf(!avail.ok)(
  'Ceph RGW: runs leave nothing under the harness prefix and touch nothing else',
  () => {
    const base = workDir('rgw-cleanup');
    let peer: RunningPeer | undefined;
    let client: CosClient;
    let state: ForeignState;

    /** Target flags of the peer, through `endpoint` (a proxy in front of it, or the peer itself). */
    const targetArgs = (endpoint: string) => [
      '--profile',
      's3',
      '--signer',
      'sigv4',
      '--addressing',
      'path',
      '--endpoint',
      endpoint,
      '--bucket',
      BUCKET,
      '--region',
      peer!.region,
    ];
    const keys = () => ({
      AWS_ACCESS_KEY_ID: peer!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: peer!.secretAccessKey,
    });

    beforeAll(async () => {
      peer = await cephRgw.start(join(base, 'peer'));
      client = new CosClient({
        endpoint: peer.endpoint,
        bucket: BUCKET,
        region: peer.region,
        addressing: 'path',
        signer: 'sigv4',
        profile: 's3',
        credentials: { secretId: peer.accessKeyId, secretKey: peer.secretAccessKey },
        timeouts: { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 },
      });
      const made = await client.createBucket();
      expect(made.status).toBe(200);
      state = await prefill(client);
    }, 1_200_000);

    afterAll(async () => {
      await client?.close();
      await peer?.stop();
      rmSync(base, { recursive: true, force: true });
    }, 120_000);

    it('a normal run and a failing run (RGW accepts part number 0) of the real suite', async () => {
      const ok = await runAgainst(peer, join(base, 'normal'), [
        '--seed',
        '1',
        '--only',
        'upload-part.basics',
      ]);
      expect(ok.code).toBe(EXIT.OK);
      expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
      const failing = await runAgainst(peer, join(base, 'failing'), ['--seed', '1', '--only', 'part-number']);
      expect(failing.code).toBe(EXIT.NONCONFORMANT);
      expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
      await expectUntouched(client, state);
    });

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`a run stopped by ${signal} in the middle of a 1 GiB part (exit ${EXIT[signal]})`, async () => {
        const proxy = await startByteProxy(Number(new URL(peer!.endpoint).port));
        try {
          const { child, done } = startCli(
            ['run', ...targetArgs(proxy.url), '--seed', '5', '--out', join(base, signal)],
            { ...keys(), COS_FIXTURE_MODE: 'large' },
          );
          const started = Date.now();
          while (proxy.bytesUp < 32 * 1024 ** 2 && Date.now() - started < 300_000) {
            await new Promise((r) => setTimeout(r, 50));
          }
          child.kill(signal);
          const r = await done;
          expect(r.code).toBe(EXIT[signal]);
          expect(r.stdout).not.toContain('rerun this case');
          expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
          await expectUntouched(client, state);
        } finally {
          await proxy.vanish();
        }
      });
    }

    it('a run whose endpoint vanished mid-part, then sweep', async () => {
      const proxy = await startByteProxy(Number(new URL(peer!.endpoint).port));
      const { done } = startCli(
        ['run', ...targetArgs(proxy.url), '--seed', '5', '--out', join(base, 'vanished')],
        {
          ...keys(),
          COS_FIXTURE_MODE: 'large',
        },
      );
      const started = Date.now();
      while (proxy.bytesUp < 32 * 1024 ** 2 && Date.now() - started < 300_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await proxy.vanish();
      const r = await done;
      expect(r.stderr).toMatch(/safety sweep incomplete/);
      const before = await harnessLeft(client);
      expect(before.uploads.length + before.objects.length).toBeGreaterThan(0);
      const swept = await runCli(['sweep', ...targetArgs(peer!.endpoint)], keys());
      expect(swept.code).toBe(EXIT.OK);
      expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
      await expectUntouched(client, state);
    });
  },
);
