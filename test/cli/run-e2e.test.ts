/**
 * `run` end to end: the real bin, the embedded reference server, vitest, the collector and every report file,
 * against the fixture suite (COS_CONFORMANCE_INCLUDE). One test per exit code.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import { refusedEndpoint } from '../refused-endpoint.ts';
import { runCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function results(out: string) {
  return ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
}

describe.concurrent('run --embedded against the fixture suite', () => {
  test('happy path: seed first, every file written, exit 0', { timeout: 120_000 }, async () => {
    const out = join(dir, 'happy');
    const summary = join(dir, 'summary.md');
    const r = await runCli(['run', '--embedded', '--seed', '4242', '--out', out, '--label', 'reference'], {
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.OK);
    expect(r.stdout.split('\n')[0]).toBe(
      'cos-conformance run seed: 4242 (rerun the same inputs with --seed 4242)',
    );
    expect(r.stdout).toContain('cos-conformance: conformant (exit 0)');
    expect((await readdir(out)).sort()).toEqual([
      'history.ndjson',
      'junit.xml',
      'report.html',
      'report.md',
      'results.json',
    ]);

    const res = await results(out);
    expect(res.manifest).toMatchObject({ runSeed: 4242, label: 'reference', profile: 'cos', tier: 'quick' });
    expect(res.manifest.target.embedded).toBe(true);
    expect(res.manifest.argv).toEqual([
      'run',
      '--embedded',
      '--seed',
      '4242',
      '--out',
      out,
      '--label',
      'reference',
    ]);
    expect(res.gate).toMatchObject({ exitCode: 0, status: 'conformant' });
    expect(res.summary.uploadPart).toEqual({ attempted: 1, succeeded: 1 });
    const byId = new Map(res.checks.map((c) => [c.checkId, c]));
    expect(byId.get('basics.upload-part.status-200')).toMatchObject({ outcome: 'pass', family: 'basics' });
    expect(byId.get('basics.upload-part.status-200')!.evidence.map((e) => e.op)).toEqual([
      'initiateMultipartUpload',
      'uploadPart',
    ]);
    expect(byId.get('basics.upload-part.crc64')).toMatchObject({
      outcome: 'skip',
      message: 'fixture: not applicable',
    });
    expect(byId.get('run.upload-part.any-success')).toMatchObject({ outcome: 'pass' });

    const history = (await readFile(join(out, 'history.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(res.history.exchanges).toBe(history.length);
    expect(history.map((e) => e.op)).toEqual(
      expect.arrayContaining(['headBucket', 'initiateMultipartUpload', 'uploadPart', 'listMultipartUploads']),
    );

    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<property name="cos.check-id" value="basics.upload-part.status-200">');
    expect(junit).toContain('<property name="cos.run-seed" value="4242">');
    expect(junit).toMatch(/name="[^"]*basics\.upload-part\.crc64"[^>]*>\s*<skipped\/>/);
    // stable names: no seed in any test name
    expect((junit.match(/<testcase [^>]*>/g) ?? []).join('\n')).not.toContain('4242');

    expect(await readFile(summary, 'utf8')).toBe(`${await readFile(join(out, 'report.md'), 'utf8')}\n`);
    for (const f of await readdir(out)) {
      expect(await readFile(join(out, f), 'utf8'), f).not.toContain(LOCAL_SECRET_KEY);
    }
  });

  test('a failing check is exit 1; the same failure under a baseline is exit 0', {
    timeout: 180_000,
  }, async () => {
    const out = join(dir, 'fail');
    const r = await runCli(['run', '--embedded', '--seed', '7', '--out', out], { COS_FIXTURE_MODE: 'fail' });
    expect(r.code).toBe(EXIT.NONCONFORMANT);
    expect(r.stdout).toContain('✗ basics.upload-part.etag-md5 [fail]');
    const res = await results(out);
    const failed = res.checks.find((c) => c.checkId === 'basics.upload-part.etag-md5')!;
    expect(failed.reproduction?.replay).toBe(
      `cos-conformance run --embedded --region ap-guangzhou --addressing virtual-host --signer cos --profile cos --tier quick --seed 7 --replay ${failed.replay}`,
    );
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('### Failures (1)');
    expect(md).not.toContain('<script>');

    const baseline = join(dir, 'fail-baseline.json');
    expect((await runCli(['baseline', 'update', out, '-o', baseline])).code).toBe(EXIT.OK);
    const gated = await runCli(
      ['run', '--embedded', '--seed', '7', '--out', join(dir, 'fail-gated'), '--baseline', baseline],
      {
        COS_FIXTURE_MODE: 'fail',
      },
    );
    expect(gated.code).toBe(EXIT.OK);
    expect(gated.stdout).toContain('conformant except for expected failures (exit 0)');
  });

  test('a run in which no Upload Part succeeded is exit 3', { timeout: 120_000 }, async () => {
    const out = join(dir, 'dead');
    const r = await runCli(['run', '--embedded', '--out', out, '--only', 'basics.upload-part.status-200'], {
      COS_FIXTURE_MODE: 'no-upload',
    });
    expect(r.code).toBe(EXIT.INCONCLUSIVE);
    expect(r.stdout).toContain('no Upload Part succeeded (1 attempted)');
    const res = await results(out);
    expect(res.checks.map((c) => c.checkId).sort()).toEqual([
      'basics.upload-part.status-200',
      'run.upload-part.any-success',
    ]);
    expect(res.checks.find((c) => c.checkId === 'run.upload-part.any-success')!.outcome).toBe(
      'indeterminate',
    );
  });

  test('without --out the reports go to reports/<run-id>/ under the working directory', {
    timeout: 120_000,
  }, async () => {
    const cwd = join(dir, 'elsewhere');
    await mkdir(cwd);
    const r = await runCli(['run', '--embedded', '--seed', '5'], {}, cwd);
    expect(r.code, r.stdout.slice(-2000)).toBe(EXIT.OK);
    const runs = await readdir(join(cwd, 'reports'));
    expect(runs).toHaveLength(1);
    expect(r.stdout).toContain(`reports in ${join(cwd, 'reports', runs[0]!)}`);
    expect((await results(join(cwd, 'reports', runs[0]!))).manifest.runSeed).toBe(5);
  });

  test('an unreachable endpoint is exit 2 with a hint, before any check runs', {
    timeout: 60_000,
  }, async () => {
    const { url: down } = await refusedEndpoint();
    const r = await runCli(
      [
        'run',
        '--endpoint',
        down,
        '--bucket',
        'examplebucket-1250000000',
        '--region',
        'ap-guangzhou',
        '--out',
        join(dir, 'unreachable', 'down'),
      ],
      { COS_SECRET_ID: 'AKIDtest', COS_SECRET_KEY: 'notTheRealKey123' },
    );
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain(`cannot reach ${down}: ECONNREFUSED`);
    expect(r.stderr).toContain('E_ENDPOINT_UNREACHABLE');
    expect(r.stdout + r.stderr).not.toContain('notTheRealKey123');
    // nothing ran, so no directory the run created is left behind
    expect(existsSync(join(dir, 'unreachable'))).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  test('wrong credentials against the reference server are exit 2', { timeout: 60_000 }, async () => {
    const { startServer } = await import('../../src/server/start.ts');
    const server = await startServer();
    try {
      const r = await runCli(
        [
          'run',
          '--endpoint',
          server.url,
          '--bucket',
          'examplebucket-1250000000',
          '--region',
          'ap-guangzhou',
          '--out',
          join(dir, 'denied'),
        ],
        { COS_SECRET_ID: 'AKIDwrong', COS_SECRET_KEY: 'wrongKey' },
      );
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.stderr).toContain('E_CREDENTIALS_REJECTED');
      expect(r.stderr).toContain('COS_SECRET_ID/COS_SECRET_KEY');
      const missing = await runCli(
        [
          'run',
          '--endpoint',
          server.url,
          '--bucket',
          'nosuchbucket-1250000000',
          '--region',
          'ap-guangzhou',
          '--out',
          join(dir, 'nobucket'),
        ],
        {
          COS_SECRET_ID: 'AKIDCOSCONFORMANCELOCAL00000000000',
          COS_SECRET_KEY: 'cosConformanceLocalSecretKey000000',
        },
      );
      expect(missing.code).toBe(EXIT.USAGE);
      expect(missing.stderr).toContain('--create-bucket');
    } finally {
      await server.close();
    }
  });
});
