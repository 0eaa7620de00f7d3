/**
 * `complete.complete.leading-whitespace` is judged only when it was exercised: against an endpoint whose Complete
 * answers come without whitespace (the reference server started as a library, no leading whitespace and a slow
 * keep-alive) the check is skipped as "not exercised" in the quick tier, and in the full tier after a Complete of
 * many parts was tried; an embedded run (which streams whitespace before every result) judges it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import { type RunningServer, startServer } from '../../src/server/index.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { runCli } from './spawn-cli.ts';

const CHECK = 'complete.complete.leading-whitespace';
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-ws-'));
  // A keep-alive tick far longer than any Complete here: the answers carry no whitespace.
  server = await startServer({ completeKeepAliveMs: 60_000 });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function rowOf(args: string[], out: string) {
  const r = await runCli(['run', ...args, '--only', CHECK, '--seed', '1', '--out', out], {
    COS_CONFORMANCE_INCLUDE: '',
    COS_SECRET_ID: LOCAL_SECRET_ID,
    COS_SECRET_KEY: LOCAL_SECRET_KEY,
  });
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  return { r, row: res.checks.find((c) => c.checkId === CHECK) };
}

const endpoint = () => [
  '--endpoint',
  server.url,
  '--bucket',
  'examplebucket-1250000000',
  '--region',
  'ap-guangzhou',
];

test('without whitespace the check is skipped as not exercised (quick tier)', {
  timeout: 300_000,
}, async () => {
  const { row } = await rowOf([...endpoint(), '--tier', 'quick'], join(dir, 'quick'));
  expect(row?.outcome).toBe('skip');
  expect(row?.message).toMatch(/^not exercised: .*\(a two-part Complete\)/);
});

test('the full tier tries a Complete of many parts before it says so', { timeout: 600_000 }, async () => {
  const { row } = await rowOf([...endpoint(), '--tier', 'full'], join(dir, 'full'));
  expect(row?.outcome).toBe('skip');
  expect(row?.message).toMatch(/not exercised: .*one of 64 parts/);
});

test('an embedded run streams whitespace, so the check is judged', { timeout: 300_000 }, async () => {
  const { r, row } = await rowOf(['--embedded'], join(dir, 'embedded'));
  expect(r.code, r.stdout.slice(-2000)).toBe(0);
  expect(row?.outcome).toBe('pass');
  expect(row?.variantSeen).toBe('whitespace-prefixed');
});
