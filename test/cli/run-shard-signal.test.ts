/** `run --shard` + `merge`, and SIGINT: the real bin against the fixture suite on the embedded server. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { runCli, startCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-shard-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function results(out: string) {
  return ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
}

const FIXTURE_TESTS = [
  'basics.upload-part.status-200',
  'basics.upload-part.etag-md5',
  'basics.upload-part.request-id',
  'basics.upload-part.crc64',
];

describe.concurrent('shards and signals', () => {
  test('two shards partition the selection, and merge makes them one run', { timeout: 180_000 }, async () => {
    const only = ['--only', FIXTURE_TESTS.join(',')];
    const [a, b] = await Promise.all(
      ['1/2', '2/2'].map((s, i) =>
        runCli(['run', '--embedded', '--seed', '99', '--shard', s, '--out', join(dir, `s${i + 1}`), ...only]),
      ),
    );
    const shardIds = await Promise.all(
      ['s1', 's2'].map(async (s) =>
        (await results(join(dir, s))).checks
          .map((c) => c.checkId)
          .filter((id) => id !== 'run.upload-part.any-success'),
      ),
    );
    expect([...shardIds[0]!, ...shardIds[1]!].sort()).toEqual([...FIXTURE_TESTS].sort());
    expect(shardIds[0]!.length).toBe(2);
    expect(shardIds[1]!.length).toBe(2);
    // the shard that does not upload is not inconclusive for that reason alone
    expect([a!.code, b!.code].sort()).toEqual([EXIT.OK, EXIT.OK]);

    const merged = await runCli(['merge', join(dir, 's1'), join(dir, 's2'), '-o', join(dir, 'merged')]);
    expect(merged.code).toBe(EXIT.OK);
    const res = await results(join(dir, 'merged'));
    expect(res.checks.map((c) => c.checkId).sort()).toEqual(
      [...FIXTURE_TESTS, 'run.upload-part.any-success'].sort(),
    );
    expect(res.manifest.selection.mergedShards).toEqual(['1/2', '2/2']);
    expect(res.summary.uploadPart).toEqual({ attempted: 1, succeeded: 1 });
    const junit = await readFile(join(dir, 'merged', 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(4);
  });

  test('SIGINT stops the run, aborts the uploads left open and still writes the reports (exit 130)', {
    timeout: 120_000,
  }, async () => {
    const out = join(dir, 'interrupted');
    const { child, done } = startCli(['run', '--embedded', '--out', out], { COS_FIXTURE_MODE: 'slow' });
    const started = Date.now();
    let stdout = '';
    child.stdout!.on('data', (d: Buffer | string) => {
      stdout += String(d);
    });
    while (!stdout.includes('basics.upload-part.etag-md5') && Date.now() - started < 90_000) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(EXIT.SIGINT);
    expect(r.stderr).toContain('SIGINT: stopping the run');
    expect(r.stdout).toMatch(/safety sweep: aborted 1 of 1 upload\(s\) left open/);
    const res = await results(out);
    expect(res.summary.interrupted).toBe(true);
    expect(res.summary.interruptedBy).toBe('SIGINT');
    expect(res.gate?.reasons.join(' ')).toMatch(/interrupted/);
    expect(res.checks.find((c) => c.checkId === 'basics.upload-part.status-200')?.outcome).toBe('pass');
  });
});
