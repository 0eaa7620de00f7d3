// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are literal ${VAR} references under test
/** The CLI in-process: usage errors, the report commands and their exit codes on fake runs. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bodyBytes } from '../../src/body/part-body.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { main } from '../../src/cli/main.ts';
import { writeJsonAtomic } from '../../src/report/atomic-write.ts';
import { UNEXPLAINED_REASON } from '../../src/report/baseline.ts';
import { encodeReplayToken } from '../../src/model/replay.ts';
import { listMutants } from '../../src/server/mutants/index.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import { fakeEntry, fakeResults } from '../report/fake-results.ts';
import { captureIo } from './io-capture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const io = captureIo(env, dir);
  const code = await main(['node', 'cos-conformance', ...args], io);
  return { code, out: io.out(), err: io.err(), bytes: io.bytes() };
}

describe('usage', () => {
  test('--help lists every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(EXIT.OK);
    for (const c of ['run', 'serve', 'compare', 'baseline', 'merge', 'body', 'list-checks'])
      expect(r.out).toContain(c);
  });

  test('run --help documents every option, the environment and the exit codes', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(EXIT.OK);
    for (const opt of [
      '--embedded',
      '--endpoint',
      '--bucket',
      '--region',
      '--addressing',
      '--signer',
      '--profile',
      '--tier',
      '--only',
      '--skip',
      '--seed',
      '--runs',
      '--replay',
      '--out',
      '--baseline',
      '--strict',
      '--shard',
      '--create-bucket',
      '--config',
      '--mutant',
      '--variant',
      'COS_SECRET_ID',
      'AWS_ENDPOINT_URL',
      'Exit codes',
    ]) {
      expect(r.out).toContain(opt);
    }
  });

  test('bad flags and values exit 2 with a message', async () => {
    const unknown = await cli(['run', '--bogus']);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err).toContain("unknown option '--bogus'");
    const seed = await cli(['run', '--embedded', '--seed', 'abc']);
    expect(seed.code).toBe(EXIT.USAGE);
    expect(seed.err).toMatch(/--seed.*expected an integer/);
    const choice = await cli(['run', '--embedded', '--tier', 'huge']);
    expect(choice.code).toBe(EXIT.USAGE);
    expect(choice.err).toContain('Allowed choices are quick, full');
    const shard = await cli(['run', '--embedded', '--shard', '0/2']);
    expect(shard.code).toBe(EXIT.USAGE);
    const shardNoSeed = await cli(['run', '--embedded', '--shard', '1/2']);
    expect(shardNoSeed.code).toBe(EXIT.USAGE);
    expect(shardNoSeed.err).toContain('--shard needs --seed');
    expect(shardNoSeed.err).toContain('E_SHARD_NEEDS_SEED');
    const garbled = await cli(['run', '--embedded', '--replay', 'not a token']);
    expect(garbled.code).toBe(EXIT.USAGE);
    expect(garbled.err).toContain('--replay: replay token is not base64url JSON');
    expect(garbled.err).toContain('E_BAD_REPLAY_TOKEN');
    const token = (id: string) => encodeReplayToken({ id, seed: 1, path: '0' });
    const unknownCheck = await cli(['run', '--embedded', '--replay', token('no.such.check')]);
    expect(unknownCheck.code).toBe(EXIT.USAGE);
    expect(unknownCheck.err).toContain('which this version of the catalogue does not have');
    const leftOut = await cli([
      'run',
      '--embedded',
      '--replay',
      token('out-of-order.upload-part.sequential'),
      '--only',
      'abort',
    ]);
    expect(leftOut.code).toBe(EXIT.USAGE);
    expect(leftOut.err).toContain('which --only/--skip/--shard leave out');
    expect((await cli(['nosuchcommand'])).code).toBe(EXIT.USAGE);
  });

  test('missing target, bad config, unknown checks and a bad baseline exit 2 before anything runs', async () => {
    const noTarget = await cli(['run']);
    expect(noTarget.code).toBe(EXIT.USAGE);
    expect(noTarget.err).toContain('or use --embedded');
    expect(noTarget.err).toContain('E_MISSING_TARGET');
    expect(noTarget.out).toBe('');

    await writeFile(
      join(dir, 'bad-config.json'),
      JSON.stringify({ tier: 'slow', credentials: { secretId: '${X}', secretKey: 'k' } }),
    );
    const bad = await cli(['run', '--config', 'bad-config.json']);
    expect(bad.code).toBe(EXIT.USAGE);
    expect(bad.err).toContain('credentials.secretId: ${X} is not set');

    const only = await cli(['run', '--embedded', '--only', 'no.such.check']);
    expect(only.code).toBe(EXIT.USAGE);
    expect(only.err).toContain('no check matches "no.such.check"');
    expect(only.out).toBe('');

    const baseline = await cli(['run', '--embedded', '--baseline', 'missing-baseline.json']);
    expect(baseline.code).toBe(EXIT.USAGE);
    expect(baseline.err).toContain('E_INPUT_NOT_FOUND');

    await writeJsonAtomic(join(dir, 's3-baseline.json'), {
      formatVersion: 1,
      profile: 's3',
      expectedFailures: [],
    });
    const mismatch = await cli(['run', '--embedded', '--baseline', 's3-baseline.json']);
    expect(mismatch.code).toBe(EXIT.USAGE);
    expect(mismatch.err).toContain('is for profile s3, the run uses cos');
  });

  test('a secret never reaches the output of a failing command', async () => {
    const env = { COS_SECRET_ID: 'AKIDx', COS_SECRET_KEY: 'VerySecretKey123' };
    const r = await cli(
      ['run', '--bucket', 'b-1', '--region', 'ap-x', '--endpoint', 'http://127.0.0.1:1', '--only', 'zzz'],
      env,
    );
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.out + r.err).not.toContain('VerySecretKey123');
  });
});

describe('report commands on fake runs', () => {
  async function run(
    name: string,
    checks: ReturnType<typeof fakeEntry>[],
    uploadPart = { attempted: 3, succeeded: 3 },
  ) {
    await writeJsonAtomic(join(dir, name, 'results.json'), fakeResults(checks, { runId: name, uploadPart }));
    return join(dir, name);
  }

  test('baseline update, then merge gates on it: 1 without, 0 with, 1 with --strict on an unexpected pass', async () => {
    const failing = await run('failing', [fakeEntry('g.basics.a', 'pass'), fakeEntry('g.basics.b', 'fail')]);
    const up = await cli(['baseline', 'update', failing, '-o', 'vendor-baseline.json']);
    expect(up.code).toBe(EXIT.OK);
    expect(up.out).toContain('1 expected failure(s)');
    const baseline = JSON.parse(await readFile(join(dir, 'vendor-baseline.json'), 'utf8'));
    expect(baseline).toMatchObject({
      formatVersion: 2,
      profile: 'cos',
      expectedFailures: [{ checkId: 'g.basics.b', reason: UNEXPLAINED_REASON }],
    });
    expect(up.out).toContain('1 unexplained');

    expect((await cli(['merge', failing, '-o', 'm1'])).code).toBe(EXIT.NONCONFORMANT);
    const gated = await cli(['merge', failing, '-o', 'm2', '--baseline', 'vendor-baseline.json']);
    expect(gated.code).toBe(EXIT.OK);
    expect(gated.out).toContain('conformant except for expected failures (exit 0)');
    expect(gated.out).toContain(
      '1 expected failure(s) unexplained in the baseline (write their reason): g.basics.b',
    );

    const fixed = await run('fixed', [fakeEntry('g.basics.a', 'pass'), fakeEntry('g.basics.b', 'pass')]);
    const lax = await cli(['merge', fixed, '-o', 'm3', '--baseline', 'vendor-baseline.json']);
    expect(lax.code).toBe(EXIT.OK);
    expect(lax.out).toContain('unexpected passes');
    expect(
      (await cli(['merge', fixed, '-o', 'm4', '--baseline', 'vendor-baseline.json', '--strict'])).code,
    ).toBe(EXIT.NONCONFORMANT);
    const merged = JSON.parse(await readFile(join(dir, 'm4', 'results.json'), 'utf8'));
    expect(merged.gate).toMatchObject({ exitCode: 1, unexpectedPasses: ['g.basics.b'], strict: true });
  });

  test('merge of a run in which no Upload Part succeeded exits 3', async () => {
    const dead = await run('dead', [fakeEntry('g.basics.a', 'fail')], { attempted: 4, succeeded: 0 });
    const r = await cli(['merge', dead, '-o', 'm5']);
    expect(r.code).toBe(EXIT.INCONCLUSIVE);
    expect(r.out).toContain('INCONCLUSIVE (exit 3)');
  });

  test('merge refuses inputs that are not results files', async () => {
    await writeFile(join(dir, 'junk.json'), '[]');
    const r = await cli(['merge', 'junk.json', '-o', 'm6']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('formatVersion');
  });

  test('compare writes md, html and json and labels columns', async () => {
    const a = await run('vendor-a', [fakeEntry('g.basics.a', 'pass'), fakeEntry('g.basics.b', 'fail')]);
    const b = await run('vendor-b', [fakeEntry('g.basics.a', 'pass'), fakeEntry('g.basics.b', 'pass')]);
    const r = await cli([
      'compare',
      `alpha=${a}`,
      `beta=${b}`,
      '-o',
      'cmp',
      '--baseline',
      'alpha=vendor-baseline.json',
    ]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toContain('compared 2 run(s) over 2 check(s); 1 differ');
    const md = await readFile(join(dir, 'cmp', 'compare.md'), 'utf8');
    expect(md).toContain('| `g.basics.b` | basics | 🟡 expected failure | ✅ pass |');
    const json = JSON.parse(await readFile(join(dir, 'cmp', 'compare.json'), 'utf8'));
    expect(json.columns.map((c: { label: string }) => c.label)).toEqual(['alpha', 'beta']);
    expect(await readFile(join(dir, 'cmp', 'compare.html'), 'utf8')).toContain('<table class="cmp">');
    const unknown = await cli(['compare', a, '-o', 'cmp2', '--baseline', 'nobody=vendor-baseline.json']);
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.err).toContain('no run is labelled "nobody"');
  });
});

describe('body, list-checks, schemas, serve', () => {
  test('body writes the deterministic body the client sends', async () => {
    const r = await cli(['body', '--seed', '123', '--size', '70000', '--upload', '2', '--part', '9']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.bytes.equals(bodyBytes({ seed: 123, size: 70000, stamp: { upload: 2, part: 9 } }))).toBe(true);
    const plain = await cli(['body', '--seed', '-5', '--size', '10']);
    expect(plain.bytes.equals(bodyBytes({ seed: -5, size: 10 }))).toBe(true);
    expect((await cli(['body', '--seed', '1', '--size', '10', '--upload', '1'])).code).toBe(EXIT.USAGE);
    expect((await cli(['body', '--size', '10'])).code).toBe(EXIT.USAGE);
  });

  test('list-checks prints the catalogue, filtered, as text or JSON', async () => {
    const text = await cli(['list-checks', '--only', 'basics']);
    expect(text.code).toBe(EXIT.OK);
    expect(text.out).toContain('basics.upload-part.status-200');
    expect(text.out).not.toContain('overwrite.upload-part.');
    const renamed = await cli(['list-checks', '--only', 'upload-part.integrity.md5-wrong']);
    expect(renamed.code).toBe(EXIT.OK);
    expect(renamed.out).toContain('integrity.upload-part.md5-wrong');
    expect(renamed.err).toContain(
      'note: upload-part.integrity.md5-wrong is now integrity.upload-part.md5-wrong',
    );
    const json = await cli(['list-checks', '--json']);
    const list = JSON.parse(json.out) as Array<{ id: string }>;
    expect(list.length).toBeGreaterThan(10);
    expect(list.map((c) => c.id)).toContain('run.upload-part.any-success');
  });

  test('schemas writes the three published schemas', async () => {
    const r = await cli(['schemas', '--out', 'schemas-out']);
    expect(r.code).toBe(EXIT.OK);
    for (const f of ['results.schema.json', 'baseline.schema.json', 'config.schema.json']) {
      expect(JSON.parse(await readFile(join(dir, 'schemas-out', f), 'utf8')).$schema).toMatch(
        /json-schema\.org/,
      );
    }
  });

  test('sweep aborts the uploads left open under the harness prefix, and only there', async () => {
    const { startServer } = await import('../../src/server/start.ts');
    const { CosClient } = await import('../../src/client/cos-client.ts');
    const server = await startServer();
    const env = { COS_SECRET_ID: LOCAL_SECRET_ID, COS_SECRET_KEY: LOCAL_SECRET_KEY };
    const target = [
      '--endpoint',
      server.url,
      '--bucket',
      'examplebucket-1250000000',
      '--region',
      'ap-guangzhou',
    ];
    const client = new CosClient({
      endpoint: server.url,
      bucket: 'examplebucket-1250000000',
      region: 'ap-guangzhou',
      addressing: 'virtual-host',
      signer: 'cos',
      profile: 'cos',
      credentials: { secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY },
      timeouts: { connectMs: 5000, headersMs: 5000, bodyMs: 5000 },
    });
    try {
      await client.initiateMultipartUpload('cos-conformance/old-run/a');
      await client.initiateMultipartUpload('cos-conformance/old-run/b');
      await client.initiateMultipartUpload('someone-else/c');
      const dry = await cli(['sweep', ...target, '--dry-run'], env);
      expect(dry.out).toContain('2 upload(s) open and 0 object(s) under cos-conformance/ (dry run');
      const swept = await cli(['sweep', ...target], env);
      expect(swept.code).toBe(EXIT.OK);
      expect(swept.out).toContain('aborted 2 of 2 upload(s)');
      const left = await client.listMultipartUploads();
      expect(left.data?.uploads.map((u) => u.key)).toEqual(['someone-else/c']);
      const refused = await cli(['sweep', ...target, '--prefix', 'someone-else/'], env);
      expect(refused.code).toBe(EXIT.USAGE);
    } finally {
      await client.close();
      await server.close();
    }
  });

  test('serve prints the SecretId, never a SecretKey, and answers until stopped', async () => {
    for (const env of [{}, { COS_SECRET_ID: 'AKIDcustom', COS_SECRET_KEY: 'customSecretKey' }]) {
      const io = captureIo(env, dir);
      let url = '';
      const code = await serveCommand({ host: '127.0.0.1', port: 0 }, io, async () => {
        url = /listening on (http:\/\/\S+)/.exec(io.out())![1]!;
        const res = await fetch(`${url}/`, { method: 'HEAD' });
        expect(res.status).toBe(403);
      });
      expect(code).toBe(EXIT.OK);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const out = io.out();
      expect(out).toContain(`SecretId: ${'COS_SECRET_ID' in env ? 'AKIDcustom' : LOCAL_SECRET_ID}`);
      expect(out).not.toContain(LOCAL_SECRET_KEY);
      expect(out).not.toContain('customSecretKey');
      expect(out).toContain('stopped');
    }
    const tempEnv = {
      COS_TEMP_SECRET_ID: 'AKIDtemporary',
      COS_TEMP_SECRET_KEY: 'temporarySecretKeyValue',
      COS_TEMP_SECURITY_TOKEN: 'temporaryTokenValue',
    };
    const tempIo = captureIo(tempEnv, dir);
    const tempCode = await serveCommand({ host: '127.0.0.1', port: 0 }, tempIo, async () => undefined);
    expect(tempCode).toBe(EXIT.OK);
    expect(tempIo.out()).toContain('temporary SecretId: AKIDtemporary');
    expect(tempIo.out()).not.toContain('temporarySecretKeyValue');
    expect(tempIo.out()).not.toContain('temporaryTokenValue');
    const partial = await cli(['serve'], {
      COS_TEMP_SECRET_ID: 'AKIDtemporary',
      COS_TEMP_SECURITY_TOKEN: 'tok',
    });
    expect(partial.code).toBe(EXIT.USAGE);
    expect(partial.err).toContain('missing: COS_TEMP_SECRET_KEY');
    expect(partial.err).not.toContain('tok)');
    const budgetWithDir = await cli(['serve', '--memory-budget', '0', '--data-dir', '/tmp/x']);
    expect(budgetWithDir.code).toBe(EXIT.USAGE);
    expect(budgetWithDir.err).toContain('--memory-budget applies without --data-dir only');
    const badBudget = await cli(['serve', '--memory-budget', 'lots']);
    expect(badBudget.code).toBe(EXIT.USAGE);
    expect(badBudget.err).toContain('--memory-budget lots: expected bytes');
    const r = await cli(['serve', '--mutant', 'no-such-mutant']);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toContain('unknown mutant "no-such-mutant"');
    const runMutant = await cli(['run', '--mutant', 'etag-unquoted']);
    expect(runMutant.code).toBe(EXIT.USAGE);
    expect(runMutant.err).toContain('add --embedded');
    const listed = await cli(['serve', '--list-mutants']);
    expect(listed.code).toBe(EXIT.OK);
    expect(listed.out).toMatch(/^etag-unquoted +Upload Part answers the ETag without its double quotes$/m);
    expect(listed.out).toMatch(/caught by: basics\.upload-part\.etag-md5/);
    expect(listed.out).toContain(`${listMutants().length} mutants`);
  });
});
