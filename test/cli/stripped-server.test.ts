/**
 * Findings are not masked by setup: the real suite (specs/), through the CLI, against reference servers each
 * stripped of one operation (`withoutOperations`: no Abort; no List Parts; no List Multipart Uploads). Every
 * check that does not need the missing operation (src/checks/needs.ts) is judged and passes; every check that
 * needs it is `error` naming it and the status seen; nothing fails. And the headline: without Abort, a server
 * that answers Upload Part on an unknown upload id with 200 (mutant no-such-upload-200) still FAILS
 * `no-such-upload.upload-part.unknown-id`, which needs no Abort; and a failure found without the missing operation
 * stands (no List Parts, partNumber 0 accepted: reject-zero fails).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECK_NEEDS, needsOf, OPERATION_TITLES, type Operation } from '../../src/checks/needs.ts';
import { CHECKS } from '../../src/checks/registry.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { type Results, ResultsSchema } from '../../src/report/results-schema.ts';
import {
  type Operation as ServerOperation,
  type RunningServer,
  startServer,
} from '../../src/server/index.ts';
import { mutantBehaviour } from '../../src/server/mutants/registry.ts';
import { type CliRun, LOCAL_KEYS_ENV, localRunArgs, runCli } from './spawn-cli.ts';

/** The operations stripped, one server each (client and server name them alike). */
const STRIPPED: readonly Operation[] = ['abortMultipartUpload', 'listParts', 'listMultipartUploads'];

interface StrippedRun {
  op: Operation;
  cli: CliRun;
  results: Results;
}

let dir: string;
const servers: RunningServer[] = [];

async function runAgainst(server: RunningServer, name: string, extra: string[] = []) {
  const out = join(dir, name);
  const cli = await runCli([...localRunArgs(server.url), '--seed', '8', '--out', out, ...extra], {
    COS_CONFORMANCE_INCLUDE: '',
    ...LOCAL_KEYS_ENV,
  });
  const results = ResultsSchema.parse(JSON.parse(await readFile(join(out, 'results.json'), 'utf8')));
  return { cli, results };
}

async function strippedRun(op: Operation): Promise<StrippedRun> {
  const server = await startServer({ withoutOperations: [op as ServerOperation] });
  servers.push(server);
  return { op, ...(await runAgainst(server, `without-${op}`)) };
}

const runs = new Map<Operation, StrippedRun>();
let headline: { cli: CliRun; results: Results };
let zeroAccepted: { cli: CliRun; results: Results };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-stripped-'));
  // Two runs at a time (the machine is shared): Abort and List Parts, then List Multipart Uploads and the headline.
  // About 20 s of CPU per full run; the timeout leaves room for a loaded machine.
  const [abort, list] = await Promise.all([strippedRun(STRIPPED[0]!), strippedRun(STRIPPED[1]!)]);
  runs.set(abort.op, abort);
  runs.set(list.op, list);
  const headlineServer = await startServer({
    withoutOperations: ['abortMultipartUpload'],
    behaviour: mutantBehaviour('no-such-upload-200'),
  });
  servers.push(headlineServer);
  const [uploads, h] = await Promise.all([
    strippedRun(STRIPPED[2]!),
    runAgainst(headlineServer, 'headline', ['--only', 'no-such-upload']),
  ]);
  runs.set(uploads.op, uploads);
  headline = h;
  const zeroServer = await startServer({
    withoutOperations: ['listParts'],
    behaviour: mutantBehaviour('part-number-zero-accepted'),
  });
  servers.push(zeroServer);
  zeroAccepted = await runAgainst(zeroServer, 'zero-accepted', [
    '--only',
    'part-number.upload-part.reject-zero',
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(STRIPPED)('a reference server without %s', (op) => {
  test('judges every check that does not need it (pass), and errors exactly those that do, naming it', () => {
    const run = runs.get(op)!;
    const { results, cli } = run;
    const byId = new Map(results.checks.map((c) => [c.checkId, c]));
    expect([...byId.keys()].sort()).toEqual(CHECKS.map((c) => c.id).sort());
    const named = `needs ${OPERATION_TITLES[op]}, which the endpoint does not implement (405 MethodNotAllowed)`;
    const wrong: string[] = [];
    for (const [id, need] of Object.entries(CHECK_NEEDS)) {
      const c = byId.get(id)!;
      if (c.outcome === 'skip') continue; // the full tier's checks, in a quick run
      if (need.needs.includes(op)) {
        if (c.outcome !== 'error' || c.message !== named) wrong.push(`${id}: ${c.outcome}: ${c.message}`);
        // the evidence holds the answer that shows it missing
        else if (!c.evidence.some((e) => e.op === op && e.response?.status === 405))
          wrong.push(`${id}: no 405 of ${op} in the evidence`);
      } else if (c.outcome !== 'pass') {
        wrong.push(`${id}: ${c.outcome}: ${c.message}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(results.summary.fail).toBe(0);
    // cleanup never decided a check: what it could not remove is a leftover, apart from the verdicts
    if (op === 'abortMultipartUpload') {
      expect(results.leftovers?.length).toBeGreaterThan(0);
      for (const l of results.leftovers ?? [])
        expect(l).toMatchObject({ kind: 'upload', answer: 'abortMultipartUpload → 405 MethodNotAllowed' });
      expect(cli.stderr).toContain('cleanup could not remove');
    } else {
      expect(results.leftovers).toBeUndefined();
    }
    const needing = CHECKS.filter((c) => CHECK_NEEDS[c.id]?.needs.includes(op)).length;
    expect(needing).toBeGreaterThan(0);
    // errors and nothing failed: inconclusive, not non-conformant
    expect(cli.code, cli.stdout.slice(-2000)).toBe(EXIT.INCONCLUSIVE);
  });
});

test('a stripped server that still needs no Abort for its best-known deviation: upload-part.unknown-id FAILS', () => {
  const { results, cli } = headline;
  const byId = new Map(results.checks.map((c) => [c.checkId, c]));
  const unknown = byId.get('no-such-upload.upload-part.unknown-id')!;
  expect(unknown.outcome, unknown.message).toBe('fail');
  expect(unknown.evidence.some((e) => e.op === 'uploadPart' && e.response?.status === 200)).toBe(true);
  expect(unknown.evidence.some((e) => e.op === 'abortMultipartUpload')).toBe(false);
  // the cells that need Abort are errors naming it, not verdicts
  const afterAbort = byId.get('no-such-upload.upload-part.after-abort')!;
  expect(afterAbort.outcome).toBe('error');
  expect(afterAbort.message).toBe(
    'needs Abort Multipart Upload, which the endpoint does not implement (405 MethodNotAllowed)',
  );
  expect(cli.code, cli.stdout.slice(-2000)).toBe(EXIT.NONCONFORMANT);
});

test('a failure found without the missing operation stands: no List Parts, partNumber 0 accepted, reject-zero FAILS', () => {
  const { results, cli } = zeroAccepted;
  const c = results.checks.find((k) => k.checkId === 'part-number.upload-part.reject-zero')!;
  // the check needs List Parts (to show nothing was stored), but the 200 to partNumber=0 is a verdict on its own
  expect(needsOf(c.checkId)?.needs).toContain('listParts');
  expect(c.outcome, c.message).toBe('fail');
  expect(cli.code, cli.stdout.slice(-2000)).toBe(EXIT.NONCONFORMANT);
});
