/**
 * One small-parts run against a reference server in its own process: a client's child process reports its timed
 * passes, and a client whose child fails is reported as skipped with the reason, beside the others, never a crash
 * or a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchServer, startReferenceServer } from '../../scripts/bench/processes.ts';
import { smallPartsClient } from '../../scripts/bench/small-clients/registry.ts';
import { runSmallPartsRound, TIMED_PASSES } from '../../scripts/bench/small-parts.ts';

describe('small parts, one run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cos-bench-round-'));
  let server: BenchServer;
  beforeAll(async () => {
    server = await startReferenceServer(dir, 'memory');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the timed passes of each client, and a failed client as skipped with why', {
    timeout: 120_000,
  }, async () => {
    const unknown = { ...smallPartsClient('undici'), id: 'no-such-client' };
    const r = await runSmallPartsRound(server, [smallPartsClient('undici'), unknown], {
      count: 8,
      bytes: 4096,
      concurrency: 2,
    });
    expect(Object.keys(r)).toEqual(['undici', 'no-such-client']);
    const undici = r.undici!;
    if ('skipped' in undici) throw new Error(`undici skipped: ${undici.skipped}`);
    expect(undici.passes).toHaveLength(TIMED_PASSES);
    for (const p of undici.passes) {
      expect(p.requestsPerSecond).toBeGreaterThan(0);
      expect(p.serverPeakRssMiB).toBeGreaterThan(0);
    }
    expect(undici.firstPass.requestsPerSecond).toBeGreaterThan(0);
    expect(r['no-such-client']).toEqual({
      skipped: 'failed: no-such-client: unknown small-parts client "no-such-client"',
    });
  });
});
