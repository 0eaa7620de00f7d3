/**
 * The peer tier: the suite against a real vendor, a single-node Ceph RGW on loopback (scripts/peers/rgw-up.sh),
 * with the s3 profile, SigV4 and path-style addressing. It must finish, write its reports, and report RGW's known
 * deviations (docs/vendors.md: partNumber 0 and 10001 accepted, List Parts on an unknown upload answered
 * NoSuchKey, Complete on an unknown upload answered 500) as failures of the right checks, not crash.
 *
 * Needs Debian's ceph packages (.ci/run installs them). Outside CI, without them, the tier is skipped with a note.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const haveCeph = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v radosgw && command -v ceph-mon && command -v ceph-osd'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
})();
const inCi = Boolean(process.env.CI);
if (!haveCeph && !inCi)
  console.warn('peer tier skipped: Ceph RGW is not installed (see .ci/run for the packages)');

interface CheckRow {
  checkId: string;
  outcome: string;
  message: string;
}

describe.skipIf(!haveCeph && !inCi)('Ceph RGW peer (profile s3, SigV4, path-style)', () => {
  const base = mkdtempSync(join(tmpdir(), 'cos-conformance-rgw-'));
  const env = { ...process.env, CEPH_BASE: join(base, 'ceph'), RGW_PORT: '7480' };
  const out = join(base, 'run');
  let creds: Record<string, string> = {};
  let exitCode: number | null = null;
  let checks: CheckRow[] = [];

  beforeAll(() => {
    const up = execFileSync('bash', ['scripts/peers/rgw-up.sh'], { env, encoding: 'utf8', timeout: 120_000 });
    creds = Object.fromEntries(
      up
        .split('\n')
        .filter((l) => l.startsWith('RGW_'))
        .map((l) => l.split('=', 2) as [string, string]),
    );
    const run = spawnSync(
      process.execPath,
      [
        'bin/cos-conformance.mjs',
        'run',
        '--endpoint',
        creds.RGW_ENDPOINT!,
        '--bucket',
        'cos-conformance-rgw',
        '--region',
        'us-east-1',
        '--addressing',
        'path',
        '--signer',
        'sigv4',
        '--profile',
        's3',
        '--create-bucket',
        '--label',
        'ceph-rgw',
        '--seed',
        '1',
        '--out',
        out,
      ],
      {
        env: {
          ...process.env,
          CI: 'true',
          AWS_ACCESS_KEY_ID: creds.RGW_ACCESS_KEY,
          AWS_SECRET_ACCESS_KEY: creds.RGW_SECRET_KEY,
        },
        encoding: 'utf8',
        timeout: 600_000,
      },
    );
    exitCode = run.status;
    if (existsSync(join(out, 'results.json'))) {
      checks = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).checks;
    } else {
      console.error(run.stdout, run.stderr);
    }
  }, 700_000);

  afterAll(() => {
    spawnSync('bash', ['scripts/peers/rgw-down.sh'], { env, timeout: 60_000 });
    rmSync(base, { recursive: true, force: true });
  });

  const outcome = (id: string) => checks.find((c) => c.checkId === id)?.outcome;

  it('finishes with exit 1 (non-conformant) and writes every report file', () => {
    expect(exitCode).toBe(1);
    for (const f of ['results.json', 'history.ndjson', 'junit.xml', 'report.md', 'report.html']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('reports the partNumber deviations RGW 16 is known for', () => {
    expect(outcome('upload-part.part-number.reject-zero')).toBe('fail');
    expect(outcome('upload-part.part-number.reject-10001')).toBe('fail');
    expect(outcome('upload-part.part-number.reject-non-numeric')).toBe('pass');
  });

  it('reports NoSuchKey on List Parts and 500 on Complete for unknown uploads', () => {
    expect(outcome('no-such-upload.list-parts.unknown-id')).toBe('fail');
    expect(outcome('no-such-upload.complete.unknown-id')).toBe('fail');
    expect(outcome('no-such-upload.upload-part.unknown-id')).toBe('pass');
  });

  it('passes the Upload Part basics, and no verdict is a harness error', () => {
    for (const id of [
      'upload-part.basics.status-200',
      'upload-part.basics.etag-md5',
      'upload-part.basics.list-parts-etag',
    ]) {
      expect(outcome(id), id).toBe('pass');
    }
    expect(checks.filter((c) => c.outcome === 'error')).toEqual([]);
  });
});
