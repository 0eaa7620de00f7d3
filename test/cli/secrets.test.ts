/**
 * End to end: no secret reaches a file of the run or its output. The real bin runs against the reference server
 * behind a TCP tap that keeps every byte the harness sent, so the signatures actually sent are known; then the
 * whole out directory and stdout/stderr are searched for the SecretKey, the security token and each signature.
 * Secrets come from the environment and from a config file (well-formed and malformed). The SSE-C keys of the
 * sse family are followed end to end by test/cli/sse-c-secrets.test.ts; their headers are redacted by position
 * (test/client/redact.test.ts). A second part runs with short secrets (`test`, `minioadmin`, a check
 * id fragment) and checks that every report stays valid and complete.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkById } from '../../src/checks/registry.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import type { RunningServer } from '../../src/server/options.ts';
import { startServer } from '../../src/server/start.ts';
import { type CliRun, runCli } from './spawn-cli.ts';

const BUCKET = 'examplebucket-1250000000';
const REGION = 'ap-guangzhou';

/** Long and distinctive, so that any hit is a real leak. */
const ENV_PAIR = {
  id: 'AKIDsecretsE2EfromEnvironment0001',
  key: 'EnvKey7Qx9Zr2Kw5Vp8Jm3Tn6Lb4Hd1Gf0',
  token: 'EnvToken+Yc8/Ua3Wo6Ri9Es2Dh5Fk7=Pz',
};
const FILE_PAIR = {
  id: 'AKIDsecretsE2EfromConfigFile0002',
  key: 'FileKey2Mn7Bv4Cx9Zl6Kj1Hg3Fd8Sa5Qw',
  token: 'FileToken0Rt5Yu8Io2Pa7Sd4Fg1Hj6Kl9',
};
/** Short secrets that are words of the reports: LocalStack's and minio's defaults, and a check id fragment. */
const SHORT_PAIRS = [
  { id: 'test', key: 'test' },
  { id: 'minioadmin', key: 'minioadmin' },
  { id: 'AKIDcheckIdFragment', key: 'upload-part' },
];

let dir: string;
let server: RunningServer;
let tap: Server;
let tapUrl: string;
/** Every byte the harness sent, as latin1 text. */
const sent: string[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-secrets-'));
  server = await startServer({
    buckets: [BUCKET],
    region: REGION,
    credentials: SHORT_PAIRS.map((p) => ({ secretId: p.id, secretKey: p.key })),
    // The pairs that carry a security token are temporary keys: the server accepts them only with that token.
    temporaryCredentials: [ENV_PAIR, FILE_PAIR].map((p) => ({
      secretId: p.id,
      secretKey: p.key,
      securityToken: p.token,
    })),
  });
  tap = createServer((client) => {
    const upstream = createConnection(server.port, server.host);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => sent.push(chunk.toString('latin1')));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => tap.listen(0, '127.0.0.1', resolve));
  const address = tap.address();
  tapUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => tap.close(resolve));
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** The signature values in the bytes the harness sent since `mark` (Authorization headers, URL parameters). */
function signaturesSent(mark: number): string[] {
  const text = sent.slice(mark).join('');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:q-signature=|Signature=)([0-9A-Za-z%]+)/g)) found.add(m[1]!);
  return [...found];
}

/** Every file under `root`, recursively, with its text. */
async function filesUnder(root: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
}

/** Where each secret occurs (raw or URL-encoded) in the files under `out` and in the output of the run. */
async function hits(out: string, run: CliRun, secrets: readonly string[]): Promise<string[]> {
  const texts = [
    { path: 'stdout', text: run.stdout },
    { path: 'stderr', text: run.stderr },
    ...(await filesUnder(out).catch(() => [])),
  ];
  const found: string[] = [];
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      for (const { path, text } of texts) if (text.includes(form)) found.push(`${form} in ${path}`);
    }
  }
  return found;
}

function endpointArgs(out: string): string[] {
  return ['--endpoint', tapUrl, '--bucket', BUCKET, '--region', REGION, '--out', out, '--seed', '11'];
}

/** The real suite (specs/), a few families only. */
const REAL_SPECS = { COS_CONFORMANCE_INCLUDE: '' };
const HOSTILE = { COS_CONFORMANCE_INCLUDE: 'test/cli/fixtures/secrets/**/*.spec.ts' };

describe('no secret in any file or output', () => {
  test('credentials from the environment, the real suite', { timeout: 180_000 }, async () => {
    const mark = sent.length;
    const out = join(dir, 'env');
    const r = await runCli(['run', ...endpointArgs(out), '--only', 'basics'], {
      ...REAL_SPECS,
      COS_SECRET_ID: ENV_PAIR.id,
      COS_SECRET_KEY: ENV_PAIR.key,
      COS_SECURITY_TOKEN: ENV_PAIR.token,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT.OK);
    const signatures = signaturesSent(mark);
    expect(signatures.length).toBeGreaterThan(5);
    expect(sent.slice(mark).join('')).toContain(ENV_PAIR.token); // the token did go on the wire
    expect(await hits(out, r, [ENV_PAIR.key, ENV_PAIR.token, ...signatures])).toEqual([]);
  });

  test('credentials from a config file, a hostile suite that writes them everywhere', {
    timeout: 180_000,
  }, async () => {
    const mark = sent.length;
    const out = join(dir, 'file');
    const config = join(dir, 'creds.json');
    await writeFile(
      config,
      JSON.stringify({
        credentials: { secretId: FILE_PAIR.id, secretKey: FILE_PAIR.key, securityToken: FILE_PAIR.token },
      }),
    );
    const r = await runCli(['run', ...endpointArgs(out), '--config', config], HOSTILE);
    expect(r.code).toBe(EXIT.NONCONFORMANT);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('<failure');
    expect(junit).toContain('<property');
    expect(XMLValidator.validate(junit)).toBe(true);
    const signatures = signaturesSent(mark);
    expect(signatures.length).toBeGreaterThan(1);
    expect(await hits(out, r, [FILE_PAIR.key, FILE_PAIR.token, ...signatures])).toEqual([]);
  });

  test('the same hostile suite with the environment pair', { timeout: 180_000 }, async () => {
    const out = join(dir, 'env-hostile');
    const r = await runCli(['run', ...endpointArgs(out)], {
      ...HOSTILE,
      COS_SECRET_ID: ENV_PAIR.id,
      COS_SECRET_KEY: ENV_PAIR.key,
      COS_SECURITY_TOKEN: ENV_PAIR.token,
    });
    expect(r.code).toBe(EXIT.NONCONFORMANT);
    expect(await hits(out, r, [ENV_PAIR.key, ENV_PAIR.token])).toEqual([]);
  });

  test('a malformed config file: exit 2, where and what, and nothing of it on the output', {
    timeout: 60_000,
  }, async () => {
    const out = join(dir, 'malformed');
    const config = join(dir, 'malformed.json');
    await writeFile(
      config,
      `{\n  "credentials": {\n    "secretId": "${FILE_PAIR.id}",\n    "secretKey": ${FILE_PAIR.key}\n  }\n}\n`,
    );
    const r = await runCli(['run', ...endpointArgs(out), '--config', config], {
      ...REAL_SPECS,
      COS_SECRET_KEY: ENV_PAIR.key,
    });
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toContain(`config file ${config} is not valid JSON: line 4, column 18:`);
    const fragments = [];
    for (let i = 0; i + 4 <= FILE_PAIR.key.length; i++) fragments.push(FILE_PAIR.key.slice(i, i + 4));
    expect(await hits(out, r, [...fragments, ENV_PAIR.key])).toEqual([]);
  });
});

describe('short secrets leave the reports valid and complete', () => {
  for (const pair of SHORT_PAIRS) {
    test(`SecretKey "${pair.key}"`, { timeout: 180_000 }, async () => {
      const out = join(dir, `short-${pair.key}`);
      const r = await runCli(['run', ...endpointArgs(out), '--only', 'basics'], {
        ...REAL_SPECS,
        COS_SECRET_ID: pair.id,
        COS_SECRET_KEY: pair.key,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT.OK);
      const results = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
      expect(results.manifest.runtime.vitest).toMatch(/^\d+\.\d+\.\d+/);
      expect(results.checks.length).toBeGreaterThan(3);
      for (const c of results.checks) expect(checkById(c.checkId), c.checkId).toBeDefined();
      const junit = await readFile(join(out, 'junit.xml'), 'utf8');
      expect(XMLValidator.validate(junit)).toBe(true);
      for (const c of results.checks.filter((c) => c.test.file !== '(run)')) {
        expect(junit).toContain(c.test.name);
      }
      expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/<\/html>\s*$/);
      const md = await readFile(join(out, 'report.md'), 'utf8');
      expect(md).toContain('cos-conformance');
      const history = (await readFile(join(out, 'history.ndjson'), 'utf8')).trim().split('\n');
      expect(history.length).toBe(results.history.exchanges);
      for (const line of history) JSON.parse(line);
      const compared = await runCli([
        'compare',
        out,
        out.replace(/$/, ''),
        '-o',
        join(dir, `compare-${pair.key}`),
      ]);
      expect(compared.stderr).toBe('');
      expect(compared.code).toBe(EXIT.OK);
    });
  }
});
