// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are literal ${VAR} references of a config file
/**
 * Temporary credentials of a run (spec §6.6): where they come from (environment, config file, the embedded local
 * pair), that they are scrubbed like the other secrets, and a real `run --embedded` of the auth family's
 * temporary-credential checks under both profiles whose reports and output never hold the key or the token.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveRunConfig, secretsOf, targetOf } from '../../src/cli/config.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { LOCAL_TEMPORARY_CREDENTIAL } from '../../src/server/defaults.ts';
import { runCli } from './spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-temp-creds-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TARGET = { endpoint: 'http://127.0.0.1:9', bucket: 'b-1250000000', region: 'ap-guangzhou' };
const COS_ENV = { COS_SECRET_ID: 'AKIDenv', COS_SECRET_KEY: 'envSecretKey' };
const TEMP_ENV = {
  COS_TEMP_SECRET_ID: 'AKIDtemp',
  COS_TEMP_SECRET_KEY: 'tempSecretKey',
  COS_TEMP_SECURITY_TOKEN: 'temp-token/0+0=',
};

describe('where a run gets temporary credentials', () => {
  test('from COS_TEMP_* into the target, and scrubbed with the other secrets', async () => {
    const config = await resolveRunConfig(TARGET, { ...COS_ENV, ...TEMP_ENV });
    const temporary = {
      secretId: 'AKIDtemp',
      secretKey: 'tempSecretKey',
      securityToken: 'temp-token/0+0=',
    };
    expect(config.temporaryCredentials).toEqual(temporary);
    expect(targetOf(config).temporaryCredentials).toEqual(temporary);
    expect(secretsOf(config)).toEqual(['envSecretKey', 'tempSecretKey', 'temp-token/0+0=']);
  });

  test('from "temporaryCredentials" of the config file; none configured leaves them out', async () => {
    const file = join(dir, 'temp.json');
    await writeFile(
      file,
      JSON.stringify({
        temporaryCredentials: {
          secretId: 'AKIDfile',
          secretKey: '${FILE_TEMP_KEY}',
          securityToken: '${FILE_TEMP_TOKEN}',
        },
      }),
    );
    const config = await resolveRunConfig(
      { ...TARGET, config: file },
      { ...COS_ENV, FILE_TEMP_KEY: 'k', FILE_TEMP_TOKEN: 't' },
    );
    expect(config.temporaryCredentials).toEqual({ secretId: 'AKIDfile', secretKey: 'k', securityToken: 't' });
    const none = await resolveRunConfig(TARGET, COS_ENV);
    expect(none.temporaryCredentials).toBeUndefined();
    expect(targetOf(none)).not.toHaveProperty('temporaryCredentials');
  });

  test('a partial COS_TEMP_* set is a usage error naming what is missing', async () => {
    const partial = { ...COS_ENV, COS_TEMP_SECRET_ID: 'AKIDtemp', COS_TEMP_SECRET_KEY: 'k' };
    const error = await resolveRunConfig(TARGET, partial).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('COS_TEMP_SECURITY_TOKEN');
  });

  test('an embedded run uses the local temporary pair', async () => {
    const config = await resolveRunConfig({ embedded: true }, {});
    expect(config.temporaryCredentials).toEqual(LOCAL_TEMPORARY_CREDENTIAL);
  });
});

describe.concurrent('run --embedded, the temporary-credential checks', () => {
  for (const profile of ['cos', 's3'] as const) {
    test(`pass under ${profile}, and no report or output holds the temporary key or token`, {
      timeout: 180_000,
    }, async () => {
      const out = join(dir, `run-${profile}`);
      const r = await runCli(
        ['run', '--embedded', '--profile', profile, '--only', 'auth.upload-part.temporary-*', '--out', out],
        { COS_CONFORMANCE_INCLUDE: '' },
      );
      const results = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
      const outcomes = Object.fromEntries(
        results.checks.filter((c) => c.family === 'auth').map((c) => [c.checkId, c.outcome]),
      );
      expect(outcomes).toEqual({
        'auth.upload-part.temporary-token-header': 'pass',
        'auth.upload-part.temporary-token-query': 'pass',
        'auth.upload-part.temporary-token-missing-refused': 'pass',
        'auth.upload-part.temporary-token-wrong-refused': 'pass',
      });
      expect(r.code).toBe(EXIT.OK);
      const { secretKey, securityToken } = LOCAL_TEMPORARY_CREDENTIAL;
      const texts = [r.stdout, r.stderr];
      for (const f of await readdir(out)) texts.push(await readFile(join(out, f), 'utf8'));
      for (const text of texts) {
        expect(text).not.toContain(securityToken);
        expect(text).not.toContain(encodeURIComponent(securityToken));
        expect(text).not.toContain(secretKey);
      }
    });
  }
});
