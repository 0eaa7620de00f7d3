// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are literal ${VAR} references under test
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfigFile, resolveRunConfig, secretsOf } from '../../src/cli/config.ts';
import { ConfigError, UsageError } from '../../src/cli/errors.ts';
import { interpolateEnv } from '../../src/cli/interpolate.ts';
import { LOCAL_SECRET_ID } from '../../src/server/defaults.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function configFile(name: string, value: unknown): Promise<string> {
  const f = join(dir, name);
  await writeFile(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

const COS_ENV = { COS_SECRET_ID: 'AKIDenv', COS_SECRET_KEY: 'envSecretKey' };

describe('interpolation', () => {
  test('replaces ${VAR}, honours defaults and $${ escapes, and reports unset variables with their path', () => {
    const { value, missing } = interpolateEnv(
      { a: '${A}', b: ['x-${B:-dflt}'], c: { d: '$${literal}', e: '${NOPE}' }, n: 3 },
      { A: 'one' },
    );
    expect(value).toEqual({ a: 'one', b: ['x-dflt'], c: { d: '${literal}', e: '' }, n: 3 });
    expect(missing).toEqual(['c.e: ${NOPE} is not set']);
  });
});

describe('config file', () => {
  test('a valid file with ${ENV} credentials loads', async () => {
    const f = await configFile('ok.json', {
      endpoint: 'https://cos.example.test',
      bucket: 'b-1250000000',
      region: 'ap-guangzhou',
      credentials: { secretId: '${ID}', secretKey: '${KEY}' },
      timeouts: { headersMs: 5000 },
    });
    const c = await loadConfigFile(f, { ID: 'AKIDfile', KEY: 'fileKey' });
    expect(c.credentials).toEqual({ secretId: 'AKIDfile', secretKey: 'fileKey' });
  });

  test('each problem is a ConfigError with a stable code and a line per issue', async () => {
    await expect(loadConfigFile(join(dir, 'missing.json'), {})).rejects.toMatchObject({
      code: 'E_CONFIG_NOT_FOUND',
    });
    await expect(loadConfigFile(await configFile('bad.json', '{ nope'), {})).rejects.toMatchObject({
      code: 'E_CONFIG_NOT_JSON',
    });
    await expect(
      loadConfigFile(
        await configFile('env.json', { credentials: { secretId: '${ID}', secretKey: '${KEY}' } }),
        {},
      ),
    ).rejects.toThrow(
      /credentials\.secretId: \$\{ID\} is not set\n {2}credentials\.secretKey: \$\{KEY\} is not set/,
    );
    const invalid = await configFile('invalid.json', {
      addressing: 'sideways',
      enpoint: 'x',
      seed: -1,
      timeouts: { bodyMs: 'slow' },
    });
    const err = await loadConfigFile(invalid, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as ConfigError).message;
    expect((err as ConfigError).code).toBe('E_CONFIG_INVALID');
    expect(message).toContain('addressing: must be one of "virtual-host", "path"');
    expect(message).toContain('(top level): unknown key "enpoint"');
    expect(message).toMatch(/seed: .*>=0/);
    expect(message).toContain('timeouts.bodyMs: expected number, received string');
  });

  test('a secret in the environment never appears in an error message', async () => {
    const f = await configFile('secret.json', {
      credentials: { secretId: '${ID}', secretKey: '${KEY}' },
      region: 'BAD REGION',
    });
    const err = (await loadConfigFile(f, { ID: 'AKIDx', KEY: 'superSecretValue' }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(err.message).toContain('region');
    expect(err.message).not.toContain('superSecretValue');
  });
});

describe('resolveRunConfig: flags > environment > file', () => {
  test('flags win over the environment, which wins over the file', async () => {
    const f = await configFile('layers.json', {
      bucket: 'file-1250000000',
      region: 'ap-file',
      endpoint: 'https://file.example.test',
      tier: 'full',
      credentials: { secretId: 'AKIDfile', secretKey: 'fileKey' },
    });
    const env = { ...COS_ENV, COS_BUCKET: 'env-1250000000', COS_ENDPOINT: 'https://env.example.test' };
    const c = await resolveRunConfig({ config: f, bucket: 'flag-1250000000' }, env);
    expect(c.bucket).toBe('flag-1250000000');
    expect(c.endpoint).toBe('https://env.example.test');
    expect(c.region).toBe('ap-file');
    expect(c.tier).toBe('full');
    expect(c.credentials).toEqual({ secretId: 'AKIDenv', secretKey: 'envSecretKey' });
    expect(c.credentialsSource).toBe('COS_SECRET_ID/COS_SECRET_KEY');
    const fileOnly = await resolveRunConfig({ config: f }, {});
    expect(fileOnly.credentials.secretId).toBe('AKIDfile');
    expect(fileOnly.endpoint).toBe('https://file.example.test');
  });

  test('the s3 profile reads AWS_* first and defaults to the SigV4 signer', async () => {
    const c = await resolveRunConfig(
      { profile: 's3', bucket: 'b' },
      {
        AWS_ACCESS_KEY_ID: 'AKIA1',
        AWS_SECRET_ACCESS_KEY: 'aws-secret',
        AWS_SESSION_TOKEN: 'tok',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9000',
        ...COS_ENV,
      },
    );
    expect(c).toMatchObject({ signer: 'sigv4', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000' });
    expect(c.credentials).toEqual({ secretId: 'AKIA1', secretKey: 'aws-secret', securityToken: 'tok' });
    expect(secretsOf(c)).toEqual(['aws-secret', 'tok']);
  });

  test('--embedded needs no target and uses the documented local pair', async () => {
    const c = await resolveRunConfig({ embedded: true }, COS_ENV);
    expect(c.embedded).toBe(true);
    expect(c.endpoint).toBeUndefined();
    expect(c.credentials.secretId).toBe(LOCAL_SECRET_ID);
    expect(c).toMatchObject({
      bucket: 'examplebucket-1250000000',
      region: 'ap-guangzhou',
      profile: 'cos',
      tier: 'quick',
    });
  });

  test('usage errors say what is missing or conflicting', async () => {
    await expect(resolveRunConfig({}, COS_ENV)).rejects.toMatchObject({ code: 'E_MISSING_TARGET' });
    await expect(resolveRunConfig({ bucket: 'b', region: 'r' }, {})).rejects.toThrow(
      /export COS_SECRET_ID and COS_SECRET_KEY/,
    );
    await expect(resolveRunConfig({ bucket: 'b', region: 'r' }, { COS_SECRET_ID: 'x' })).rejects.toThrow(
      /COS_SECRET_ID is set but COS_SECRET_KEY is not/,
    );
    await expect(resolveRunConfig({ embedded: true, endpoint: 'http://x' }, {})).rejects.toMatchObject({
      code: 'E_CONFLICTING_OPTIONS',
    });
    await expect(
      resolveRunConfig({ bucket: 'b', region: 'r', endpoint: 'ftp://x' }, COS_ENV),
    ).rejects.toBeInstanceOf(UsageError);
    await expect(
      resolveRunConfig({ bucket: 'b', region: 'r', endpoint: 'https://id:pw@x.test' }, COS_ENV),
    ).rejects.toThrow(/must not carry credentials/);
    await expect(resolveRunConfig({ embedded: true, shard: '3/2' }, {})).rejects.toThrow(/1 <= i <= n/);
  });
});
