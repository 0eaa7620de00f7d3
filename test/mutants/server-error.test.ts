/**
 * A reproducible 5xx is a defect, a one-off is not: the real suite against a server that answers 500 to every
 * List Multipart Uploads (the mutant `list-uploads-internal-error`) fails `abort.abort.leaves-listing` with "the
 * endpoint errors on valid input"; against servers whose 500 happens once only, nothing fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src/report/exit-codes.ts';
import { type CheckEntry, ResultsSchema } from '../../src/report/results-schema.ts';
import type { InternalErrorFault } from '../../src/server/behaviour.ts';
import { startServer } from '../../src/server/index.ts';
import { LOCAL_KEYS_ENV, localRunArgs, runCli } from '../cli/spawn-cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-5xx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function entry(out: string, checkId: string): Promise<{ exit: number; c: CheckEntry }> {
  const res = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  const c = res.checks.find((k) => k.checkId === checkId);
  if (!c) throw new Error(`${checkId} has no verdict in ${out}`);
  return { exit: res.gate!.exitCode, c };
}

/** Runs `--only checkId` (from `spec`) against a reference server with the given 500 fault. */
async function againstFault(name: string, fault: InternalErrorFault, spec: string, checkId: string) {
  const server = await startServer({ host: '127.0.0.1', port: 0, behaviour: { internalErrorOn: fault } });
  const out = join(dir, name);
  try {
    const r = await runCli([...localRunArgs(server.url), '--only', checkId, '--seed', '1', '--out', out], {
      COS_CONFORMANCE_INCLUDE: spec,
      ...LOCAL_KEYS_ENV,
    });
    return { r, ...(await entry(out, checkId)) };
  } finally {
    await server.close();
  }
}

describe('a 500 on valid input', { timeout: 180_000 }, () => {
  test.concurrent('that repeats on the second try fails the check: the endpoint errors on valid input', async () => {
    const out = join(dir, 'mutant');
    const run = await runCli(
      [
        'run',
        '--embedded',
        '--mutant',
        'list-uploads-internal-error',
        '--only',
        'abort.abort.leaves-listing',
        '--seed',
        '1',
        '--out',
        out,
      ],
      { COS_CONFORMANCE_INCLUDE: 'specs/abort.spec.ts' },
    );
    const { exit, c } = await entry(out, 'abort.abort.leaves-listing');
    expect(run.code, run.stdout.slice(-2000)).toBe(EXIT.NONCONFORMANT);
    expect(exit).toBe(EXIT.NONCONFORMANT);
    expect(c.outcome).toBe('fail');
    expect(c.message).toMatch(
      /^the endpoint errors on valid input: listMultipartUploads answered 500 InternalError/,
    );
    expect(c.evidence.map((e) => [e.op, e.response?.status])).toEqual([
      ['listMultipartUploads', 500],
      ['listMultipartUploads', 500],
    ]);
    expect(c.evidence[1]!.seq).toBeGreaterThan(c.evidence[0]!.seq);
  });

  test.concurrent('once only, on a read, leaves the check unjudged (error), not failed', async () => {
    const { r, exit, c } = await againstFault(
      'once-list-uploads',
      { op: 'listMultipartUploads', times: 1 },
      'specs/abort.spec.ts',
      'abort.abort.leaves-listing',
    );
    expect(c.outcome, r.stdout.slice(-2000)).toBe('error');
    expect(c.message).toContain('did not repeat on a second try');
    expect(exit).toBe(EXIT.INCONCLUSIVE);
  });

  test.concurrent('once only, on a write (Upload Part), stays indeterminate', async () => {
    const { r, exit, c } = await againstFault(
      'once-upload-part',
      { op: 'uploadPart', times: 1 },
      'specs/basics.spec.ts',
      'basics.upload-part.status-200',
    );
    expect(c.outcome, r.stdout.slice(-2000)).toBe('indeterminate');
    expect(c.message).toContain('did not repeat on a second try');
    expect(c.evidence.some((e) => e.op === 'uploadPart' && e.response?.status === 500)).toBe(true);
    expect(exit).toBe(EXIT.INCONCLUSIVE);
  });
});
