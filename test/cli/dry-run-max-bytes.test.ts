/**
 * `run --dry-run` prints the plan and sends nothing (a listening endpoint sees no connection, no report directory
 * appears); `run --max-bytes` skips, with the reason, the checks that would upload over the cap, and the run's
 * uploaded bytes (history.ndjson) stay within it; a cap that cannot be read is exit 2.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { formatBytes, parseByteSize } from '../../src/cli/byte-size.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { ResultsSchema } from '../../src/report/results-schema.ts';
import { LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import { runCli } from './spawn-cli.ts';

let dir: string;
let listener: Server;
let connections = 0;
let endpoint: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-dry-run-'));
  listener = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((done) => listener.listen(0, '127.0.0.1', done));
  const address = listener.address() as { port: number };
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((done) => listener.close(done));
  await rm(dir, { recursive: true, force: true });
});

test('byte sizes: plain bytes, IEC and SI units; anything else is a usage error naming the forms', () => {
  expect(parseByteSize('1048576')).toBe(1_048_576);
  expect(parseByteSize('10MiB')).toBe(10 * 1024 ** 2);
  expect(parseByteSize('5GiB')).toBe(5 * 1024 ** 3);
  expect(parseByteSize('5 GB')).toBe(5e9);
  expect(parseByteSize('1.5k')).toBe(1536);
  expect(parseByteSize(42)).toBe(42);
  for (const bad of ['', '-1', '10XB', 'MiB', '1e3'])
    expect(() => parseByteSize(bad), bad).toThrow(/10MiB or 5GiB/);
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(5 * 1024 ** 3)).toBe('5.00 GiB');
});

test('--dry-run prints every selected check and the total, connects to nothing and writes no report', {
  timeout: 60_000,
}, async () => {
  const out = join(dir, 'dry');
  const r = await runCli(
    [
      'run',
      '--endpoint',
      endpoint,
      '--bucket',
      'b-1250000000',
      '--region',
      'ap-guangzhou',
      '--addressing',
      'path',
      '--dry-run',
      '--tier',
      'full',
      '--only',
      'part-size,basics',
      '--skip',
      'basics.upload-part.crc64',
      '--out',
      out,
    ],
    { COS_SECRET_ID: LOCAL_SECRET_ID, COS_SECRET_KEY: LOCAL_SECRET_KEY },
  );
  expect(r.code, r.stderr).toBe(EXIT.OK);
  expect(connections).toBe(0);
  // A dry run needs no credentials: it signs nothing.
  const bare = await runCli([
    'run',
    '--endpoint',
    endpoint,
    '--bucket',
    'b-1250000000',
    '--region',
    'ap-guangzhou',
    '--dry-run',
    '--only',
    'basics',
  ]);
  expect(bare.code, bare.stderr).toBe(EXIT.OK);
  expect(bare.stdout).toContain('total: 8 check(s) would run');
  expect(connections).toBe(0);
  expect(existsSync(out)).toBe(false);
  const lines = r.stdout.split('\n').filter((line) => /^ {2}\S+\s+\d+ requests/.test(line));
  expect(lines.length).toBe(8 + 7);
  expect(r.stdout).not.toContain('basics.upload-part.crc64');
  const fiveGib = lines.find((line) => line.includes('part-size.upload-part.at-5gib-accepted'))!;
  expect(Number(/(\d+) bytes/.exec(fiveGib)![1])).toBeGreaterThan(5 * 1024 ** 3);
  const sum = lines.reduce((total, line) => total + Number(/(\d+) bytes/.exec(line)![1]), 0);
  expect(r.stdout).toContain(`total: 15 check(s) would run, at most`);
  expect(r.stdout).toContain(` and ${sum} bytes`);
});

test('--dry-run in the quick tier marks the full-tier checks as skipped with 0 bytes', {
  timeout: 60_000,
}, async () => {
  const r = await runCli(['run', '--embedded', '--dry-run', '--only', 'part-size']);
  expect(r.code, r.stderr).toBe(EXIT.OK);
  expect(r.stdout).toMatch(
    /part-size\.upload-part\.at-5gib-accepted\s+0 requests\s+0 bytes {2}skip: full tier only/,
  );
  expect(r.stdout).not.toContain('embedded reference server on');
});

test('--max-bytes that cannot be read is exit 2 saying what to write', { timeout: 60_000 }, async () => {
  const r = await runCli(['run', '--embedded', '--max-bytes', '3 potatoes']);
  expect(r.code).toBe(EXIT.USAGE);
  expect(r.stderr).toContain('--max-bytes 3 potatoes: expected bytes as a whole number or with a unit');
});

test('--max-bytes on the real suite skips what would exceed it, with the reason, and uploads no more than the cap', {
  timeout: 300_000,
}, async () => {
  const out = join(dir, 'capped');
  const cap = 3 * 1024 * 1024;
  const r = await runCli(
    ['run', '--embedded', '--only', 'basics,part-size', '--max-bytes', '3MiB', '--seed', '7', '--out', out],
    { COS_CONFORMANCE_INCLUDE: '' },
  );
  expect(r.code, r.stdout.slice(-2000)).toBe(EXIT.OK);
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  const overBudget = res.checks.filter((c) => c.message.includes('over --max-bytes'));
  expect(overBudget.length).toBeGreaterThan(0);
  for (const c of overBudget) {
    expect(c.outcome).toBe('skip');
    expect(c.message).toMatch(/^would upload \d+ bytes, over --max-bytes 3145728$/);
  }
  expect(res.checks.some((c) => c.checkId.startsWith('basics.') && c.outcome === 'pass')).toBe(true);
  const history = (await readFile(join(out, 'history.ndjson'), 'utf8')).trim().split('\n');
  const uploaded = history.reduce((sum, line) => sum + (JSON.parse(line).request?.bodySize ?? 0), 0);
  expect(uploaded).toBeGreaterThan(0);
  expect(uploaded).toBeLessThanOrEqual(cap);
  expect(r.stdout).toContain(`uploaded ${uploaded} bytes`);
  expect(r.stdout).toContain(`--max-bytes ${cap}: ${overBudget.length} check(s) skipped as over budget`);
});
