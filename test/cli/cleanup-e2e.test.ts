/**
 * The cleanup guarantees end to end (README "Cleanup guarantees"), against the reference server run in this
 * process: after a normal run, a failing run, a run stopped by SIGINT or SIGTERM in the middle of a 1 GiB part,
 * and a run whose endpoint vanished mid-part (then `sweep`), List Multipart Uploads under the harness prefix is
 * empty and no object under it remains; and the objects and open uploads of other "users" in the same bucket,
 * under other prefixes (some sharing its first characters), are untouched.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CosClient } from '../../src/client/cos-client.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { localTarget } from '../../src/server/local-target.ts';
import { findMutant, mutantServerOptions } from '../../src/server/mutants/index.ts';
import type { RunningServer } from '../../src/server/options.ts';
import { startServer } from '../../src/server/start.ts';
import { startByteProxy } from './byte-proxy.ts';
import { expectUntouched, harnessLeft, prefill } from './foreign-keys.ts';
import { LOCAL_KEYS_ENV, localRunArgs, runCli, startCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-cleanup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function clientOf(url: string): CosClient {
  return new CosClient(localTarget(url, { timeouts: { connectMs: 5000, headersMs: 5000, bodyMs: 5000 } }));
}

async function results(out: string) {
  return ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
}

/** A reference server (optionally a mutant) filled with other users' keys, and a client on it. */
async function filledServer(mutant?: string) {
  const server: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    ...(mutant ? mutantServerOptions(findMutant(mutant)) : {}),
  });
  const client = clientOf(server.url);
  const state = await prefill(client);
  return { server, client, state };
}

/** The real suite (specs/), the abort family: it uploads, completes and aborts. */
const REAL_SUITE = { COS_CONFORMANCE_INCLUDE: '', ...LOCAL_KEYS_ENV };
const REAL_ONLY = ['--seed', '1', '--only', 'abort'];

describe.concurrent('runs leave nothing behind under the harness prefix, and touch nothing outside it', () => {
  for (const { name, mutant, code } of [
    { name: 'a normal run', mutant: undefined, code: EXIT.OK },
    // Abort stores an empty object at the key: an object no test created, so only the run's own sweep finds it.
    { name: 'a failing run', mutant: 'abort-leaves-empty-object', code: EXIT.NONCONFORMANT },
  ]) {
    test(`${name} of the real suite`, { timeout: 600_000 }, async () => {
      const { server, client, state } = await filledServer(mutant);
      try {
        const out = join(dir, `real-${mutant ?? 'plain'}`);
        const r = await runCli([...localRunArgs(server.url), ...REAL_ONLY, '--out', out], REAL_SUITE);
        if (r.code !== code) console.error(r.stdout.slice(-3000), r.stderr.slice(-2000));
        expect(r.code).toBe(code);
        expect((await results(out)).summary.uploadPart.succeeded).toBeGreaterThan(0);
        // the empty objects the mutant's Abort made were found by the run's own sweep, not by a test's teardown
        if (mutant)
          expect(r.stdout).toMatch(/safety sweep: deleted [1-9]\d* of [1-9]\d* object\(s\) left under/);
        expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
        // sweep finds nothing of the harness, and leaves the others' keys alone too
        const swept = await runCli(['sweep', ...localRunArgs(server.url).slice(1)], LOCAL_KEYS_ENV);
        expect(swept.code).toBe(EXIT.OK);
        expect(swept.stdout).toContain('aborted 0 of 0 upload(s) open and deleted 0 of 0 object(s)');
        await expectUntouched(client, state);
      } finally {
        await client.close();
        await server.close();
      }
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`a run stopped by ${signal} in the middle of a 1 GiB part says so (exit ${EXIT[signal]})`, {
      timeout: 180_000,
    }, async () => {
      const { server, client, state } = await filledServer();
      const proxy = await startByteProxy(server.port);
      try {
        const out = join(dir, `stopped-${signal}`);
        const { child, done } = startCli([...localRunArgs(proxy.url), '--seed', '5', '--out', out], {
          ...LOCAL_KEYS_ENV,
          COS_FIXTURE_MODE: 'large',
        });
        const started = Date.now();
        while (proxy.bytesUp < 32 * 1024 ** 2 && Date.now() - started < 120_000) {
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(proxy.bytesUp).toBeGreaterThanOrEqual(32 * 1024 ** 2);
        child.kill(signal);
        const r = await done;
        expect(proxy.bytesUp).toBeLessThan(1024 ** 3);
        expect(r.code).toBe(EXIT[signal]);
        expect(r.stderr).toContain(`${signal}: stopping the run`);
        expect(r.stdout).toContain(`INTERRUPTED (exit ${EXIT[signal]})`);
        expect(r.stdout).toContain(`interrupted by ${signal}`);
        // the interruption is no failure to replay
        expect(r.stdout).not.toContain('rerun this case');
        expect(r.stdout).not.toMatch(/could not be judged/);
        const res = await results(out);
        expect(res.summary.interruptedBy).toBe(signal);
        expect(res.gate?.status).toBe('interrupted');
        const byId = new Map(res.checks.map((c) => [c.checkId, c]));
        // the part that was cut: marked, no replay
        expect(byId.get('basics.upload-part.request-id')).toMatchObject({
          outcome: 'skip',
          interrupted: true,
        });
        expect(byId.get('basics.upload-part.request-id')?.replay).toBeUndefined();
        expect(byId.get('basics.upload-part.request-id')?.message).toMatch(/while it ran/);
        // the test after it never started, and is listed so
        expect(byId.get('basics.upload-part.crc64')).toMatchObject({ outcome: 'skip', interrupted: true });
        expect(byId.get('basics.upload-part.crc64')?.message).toMatch(/before it started/);
        // what ran before the signal keeps its verdict
        expect(byId.get('basics.upload-part.status-200')?.outcome).toBe('pass');
        expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
        await expectUntouched(client, state);
      } finally {
        await proxy.vanish();
        await client.close();
        await server.close();
      }
    });
  }

  test('a run whose endpoint vanished mid-part says what is left, and sweep removes it', {
    timeout: 180_000,
  }, async () => {
    const { server, client, state } = await filledServer();
    const proxy = await startByteProxy(server.port);
    try {
      const out = join(dir, 'vanished');
      const { done } = startCli([...localRunArgs(proxy.url), '--seed', '5', '--out', out], {
        ...LOCAL_KEYS_ENV,
        COS_FIXTURE_MODE: 'large',
      });
      const started = Date.now();
      while (proxy.bytesUp < 32 * 1024 ** 2 && Date.now() - started < 120_000) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await proxy.vanish();
      const r = await done;
      expect(r.stderr).toMatch(/safety sweep incomplete .*run `cos-conformance sweep`/);
      // the endpoint is back (here: the server behind the proxy): sweep removes the run's upload and object
      const before = await harnessLeft(client);
      expect(before.uploads.length + before.objects.length).toBeGreaterThan(0);
      const swept = await runCli(['sweep', ...localRunArgs(server.url).slice(1)], LOCAL_KEYS_ENV);
      expect(swept.code).toBe(EXIT.OK);
      expect(await harnessLeft(client)).toEqual({ uploads: [], objects: [] });
      await expectUntouched(client, state);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
