/**
 * boto3 (Debian's python3-boto3; SigV4 header auth, path-style) runs the application scenario of
 * test/emulator/boto3_scenario.py unchanged against `cos-conformance serve` started as a child process. Skipped,
 * with a note saying why, when python3 or boto3 is missing (`.ci/run` installs python3-boto3, so CI runs it).
 * The secret key reaches the script through its environment, never its command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { PROJECT_ROOT } from '../../src/runner/run-suite.ts';
import { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../src/server/index.ts';
import { type ServeChild, startServeChild } from './serve-child.ts';

const SCRIPT = join(PROJECT_ROOT, 'test', 'emulator', 'boto3_scenario.py');

/**
 * The Python that imports boto3: Debian's own (`/usr/bin/python3`, where `python3-boto3` installs) first, then
 * whatever `python3` is on PATH (a pyenv or venv one may lack the Debian package).
 */
function findPython(): { python: string } | { missing: string } {
  const reasons: string[] = [];
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import boto3, botocore; print(boto3.__version__)'], {
      encoding: 'utf8',
    });
    if (!probe.error && probe.status === 0) return { python };
    reasons.push(probe.error ? `${python} is not installed` : `${python} cannot import boto3`);
  }
  return { missing: `${reasons.join('; ')} (install python3-boto3)` };
}

const found = findPython();
const missing = 'missing' in found ? found.missing : undefined;
const PYTHON = 'python' in found ? found.python : 'python3';
if (missing) console.warn(`boto3 scenario skipped: ${missing}`);

// CI installs python3-boto3 (.ci/run): there a missing boto3 is a failure of the setup, not a reason to skip.
test.runIf(missing !== undefined && Boolean(process.env.CI))('boto3 is installed in CI', () => {
  expect.fail(`boto3 scenario cannot run in CI: ${missing}`);
});

describe.skipIf(missing !== undefined)('boto3 against cos-conformance serve', () => {
  let serve: ServeChild;
  let dir: string;
  beforeAll(async () => {
    serve = await startServeChild();
    dir = await mkdtemp(join(tmpdir(), 'boto3-scenario-'));
  });
  afterAll(async () => {
    await serve?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs every step of the scenario', async () => {
    const run = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(PYTHON, [SCRIPT, serve.url, DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, dir], {
        env: { PATH: process.env.PATH ?? '', HOME: dir, SCENARIO_SECRET_KEY: LOCAL_SECRET_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        out += d;
      });
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, out }));
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out.split('\n').filter((l) => l.startsWith('ok '))).toEqual([
      'ok put/head/get with metadata, Range, If-None-Match 304, If-Match 412',
      'ok upload_file multipart, get/head PartNumber',
      'ok multipart upload resumed from list_multipart_uploads and list_parts',
      'ok copy_object REPLACE, copy onto itself refused',
      'ok list_objects_v2 pages, list_objects delimiter, get_bucket_location, head_bucket',
      'ok list_object_versions + delete_objects cleanup',
      'ok wrong secret refused',
    ]);
    // SigV4 was what authenticated the scenario: the server saw signed requests and refused none but the last.
    const refused = () => serve.log().filter((l) => / 403 /.test(l));
    for (let i = 0; i < 40 && refused().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(refused()).toHaveLength(1);
  }, 120_000);
});
