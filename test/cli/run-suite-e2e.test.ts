/**
 * The real thing, as `npm start` runs it: `run --embedded` with the real suite (specs/) against the conformant
 * reference server is exit 0, with a verdict for every catalogue check; against a mutant it is exit 1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/registry.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { runCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-suite-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('run --embedded with the real suite is conformant (exit 0) and judges every check', {
  timeout: 300_000,
}, async () => {
  const out = join(dir, 'run');
  const r = await runCli(['run', '--embedded', '--seed', '20250101', '--out', out], {
    COS_CONFORMANCE_INCLUDE: '',
  });
  expect(r.stdout).toContain('cos-conformance: conformant');
  expect(r.code, r.stdout.slice(-3000)).toBe(EXIT.OK);
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  const seen = new Set(res.checks.map((c) => c.checkId));
  const missing = CHECKS.map((c) => c.id).filter((id) => !seen.has(id));
  expect(missing).toEqual([]);
  expect(res.summary.fail + res.summary.error).toBe(0);
  expect(res.summary.uploadPart.succeeded).toBeGreaterThan(0);
  expect(res.checks.filter((c) => c.test.file.startsWith('specs/')).length).toBeGreaterThan(0);
});

test.concurrent('the same suite against a mutant that breaks one rule is exit 1 on that rule', {
  timeout: 300_000,
}, async () => {
  const out = join(dir, 'mutant');
  const r = await runCli(
    ['run', '--embedded', '--mutant', 'etag-unquoted', '--only', 'basics', '--out', out],
    { COS_CONFORMANCE_INCLUDE: '' },
  );
  expect(r.stdout).toContain('as mutant etag-unquoted');
  expect(r.code, r.stdout.slice(-3000)).toBe(EXIT.NONCONFORMANT);
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  expect(res.manifest.target.mutant).toBe('etag-unquoted');
  expect(res.gate?.newFailures).toContain('basics.upload-part.etag-md5');
  const failed = res.checks.find((c) => c.checkId === 'basics.upload-part.etag-md5')!;
  expect(failed.reproduction?.shell).toContain('$COS_AUTHORIZATION');
});

test.concurrent('a failed property prints its replay command, and that command reruns exactly that case', {
  timeout: 300_000,
}, async () => {
  const check = 'out-of-order.upload-part.sequential';
  const out = join(dir, 'replay-first');
  const first = await runCli(
    [
      'run',
      '--embedded',
      '--mutant',
      'assemble-in-upload-order',
      '--only',
      check,
      '--seed',
      '11',
      '--out',
      out,
    ],
    { COS_CONFORMANCE_INCLUDE: '' },
  );
  expect(first.code, first.stdout.slice(-3000)).toBe(EXIT.NONCONFORMANT);
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  const failed = res.checks.find((c) => c.checkId === check)!;
  expect(failed.outcome).toBe('fail');
  const command = failed.reproduction?.replay;
  expect(command).toContain('--mutant assemble-in-upload-order');
  expect(first.stdout).toContain(command);

  // the printed command, as a user would paste it, with no --only: it selects the token's check by itself
  const args = command!.replace(/^cos-conformance /, '').split(' ');
  expect(args).not.toContain('--only');
  const again = await runCli([...args, '--out', join(dir, 'replay-again')], { COS_CONFORMANCE_INCLUDE: '' });
  expect(again.code, again.stdout.slice(-3000)).toBe(EXIT.NONCONFORMANT);
  expect(again.stdout).toContain('running 1 check(s)');
  const rerun = ResultsSchema.parse(
    JSON.parse(await readFile(join(dir, 'replay-again', 'results.json'), 'utf8')),
  );
  const replayed = rerun.checks.find((c) => c.checkId === check)!;
  expect(replayed.outcome).toBe('fail');
  // the same shrunk case (keys and upload ids differ from run to run)
  const shrunk = (m: string) => m.slice(m.indexOf('shrunk case:'));
  expect(failed.message).toContain('shrunk case:');
  expect(shrunk(replayed.message)).toBe(shrunk(failed.message));
  expect(rerun.checks.filter((c) => c.family !== 'run').map((c) => c.checkId)).toEqual([check]);
});
