/**
 * Transport-fault survival, end to end (issue 5): for every fault of the catalogue, the real CLI runs the basics
 * checks against the reference server through the fault proxy, and must
 * - exit within a bound, without a crash (no stack trace), with the exit code the case documents (cases.ts);
 * - still write results.json, junit.xml, report.md, report.html and history.ndjson, all parseable;
 * - judge every check whose evidence holds the faulted exchange as the catalogue's `expectedVerdict` (never
 *   `pass` or `fail` for a fault that loses the answer) and every other check `pass`;
 * - write the local SecretKey nowhere.
 * A control run through a `pass` plan must be conformant (exit 0). Runs are independent (own server, proxy and
 * report directory) and run a few at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Outcome } from '../../src/checks/types.ts';
import { checksOfFamily } from '../../src/checks/registry.ts';
import {
  expectedVerdict,
  FAULTS,
  type FaultName,
  type FaultPlan,
  faultPlan,
  firstOp,
  PASS_PLAN,
} from '../../src/faults/index.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { LOCAL_SECRET_KEY } from '../../src/server/defaults.ts';
import { FAULT_CASES, FAULT_TIMEOUT_MS, type FaultCase, faultNameOf, slug } from './cases.ts';
import {
  faultedExchange,
  filesContaining,
  REPORT_FILES,
  type RunFiles,
  readRunFiles,
  usedAsEvidence,
} from './run-files.ts';
import { CHILD_BOUND_MS, limiter, type SurvivalRun, surviveThroughProxy } from './run-through-proxy.ts';

/** CLI runs at once: each forks vitest workers, and the box has two cores. */
const CONCURRENT_RUNS = 4;
/** The run-level check the reporter adds (the vacuity guard of docs/architecture.md "Checks and outcomes"). */
const ANY_SUCCESS = 'run.upload-part.any-success';
/** A V8 stack frame line. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

const BASICS = checksOfFamily('basics').map((c) => c.id);
const slot = limiter(CONCURRENT_RUNS);
const seen: string[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cos-faults-e2e-'));
});
afterAll(async () => {
  if (seen.length > 0) console.log(['fault | outcomes of the hit checks | exit', ...seen.sort()].join('\n'));
  await rm(dir, { recursive: true, force: true });
});

/** Runs one case and asserts what every run must satisfy, fault or not. */
async function survive(name: string, plan: FaultPlan): Promise<SurvivalRun & RunFiles> {
  const run = await slot(() => surviveThroughProxy(plan, join(dir, slug(name))));
  const { child } = run;
  const context = `exit ${child.code} after ${child.wallMs} ms\n--- stdout\n${child.stdout}\n--- stderr\n${child.stderr}`;
  expect(child.hung, `the run did not end within ${CHILD_BOUND_MS} ms\n${context}`).toBe(false);
  expect(child.signal, context).toBeNull();
  expect(child.stderr, `a stack trace on stderr\n${context}`).not.toMatch(STACK_FRAME);
  expect(child.stdout, context).toMatch(/^cos-conformance run seed: 1 /);

  let files: RunFiles;
  try {
    files = await readRunFiles(run.out);
  } catch (err) {
    throw new Error(`the reports are missing or broken: ${(err as Error).message}\n${context}`);
  }
  expect(files.names, context).toEqual([...REPORT_FILES]);
  expect(files.junitRoot).toBe('testsuites');
  expect(files.markdown.trim()).not.toBe('');
  expect(files.html).toMatch(/<\/html>\s*$/);
  expect(files.results.history.exchanges).toBe(files.history.length);
  expect(files.results.gate?.exitCode, context).toBe(child.code);
  expect(files.results.unhandledErrors).toEqual([]);
  expect(files.results.checks.map((c) => c.checkId).sort()).toEqual([...BASICS, ANY_SUCCESS].sort());

  const leaks = await filesContaining(run.out, LOCAL_SECRET_KEY, {
    stdout: child.stdout,
    stderr: child.stderr,
  });
  expect(leaks, 'the SecretKey was written').toEqual([]);
  return { ...run, ...files };
}

function planFor(c: FaultCase): FaultPlan {
  return { ...faultPlan(firstOp(c.op, c.fault)), faultTimeoutMs: FAULT_TIMEOUT_MS };
}

/** The outcome a check must have: the catalogue's verdict when it used the faulted exchange, else `pass`. */
function expectedOutcome(fault: FaultName, c: FaultCase, hit: boolean): Outcome {
  if (!hit) return 'pass';
  const verdict = expectedVerdict(fault, c.op, c.timedOut ? { timedOut: true } : {});
  return verdict === 'unchanged' ? 'pass' : verdict;
}

/** Per test: its own run plus the wait for a slot (the runs queue behind {@link CONCURRENT_RUNS}). */
const TEST_TIMEOUT_MS = 600_000;

describe.concurrent('the CLI survives every transport fault of the catalogue', {
  timeout: TEST_TIMEOUT_MS,
}, () => {
  test('control: through a pass plan every check passes and the run exits 0', async () => {
    const run = await survive('control pass plan', PASS_PLAN);
    expect(run.faulted).toEqual([]);
    expect(run.stats.requests).toBeGreaterThan(0);
    expect(run.child.code).toBe(EXIT.OK);
    expect(run.results.gate?.status).toBe('conformant');
    expect(Object.fromEntries(run.results.checks.map((c) => [c.checkId, c.outcome]))).toEqual(
      Object.fromEntries([...BASICS, ANY_SUCCESS].map((id) => [id, 'pass'])),
    );
    seen.push(`control (pass plan) | all pass | ${run.child.code}`);
  });

  for (const c of FAULT_CASES) {
    test(c.name, async () => {
      const fault = faultNameOf(c);
      const run = await survive(c.name, planFor(c));

      // The fault really fired, once, on the operation the case names.
      expect(run.faulted.map((f) => [f.op, f.fault])).toEqual([[c.op, fault]]);
      expect(run.stats.byFault[fault]).toBe(1);
      const faulted = faultedExchange(run.history, run.faulted[0]!);
      expect(faulted, 'the faulted request is not in history.ndjson').toBeDefined();
      if (c.timedOut) expect(faulted!.transportError?.code).toMatch(/TIMEOUT/);

      const hits = run.results.checks.filter((k) => usedAsEvidence(k, faulted!)).map((k) => k.checkId);
      expect(hits).toContain(c.primary);
      const outcomes = Object.fromEntries(
        run.results.checks.filter((k) => k.checkId !== ANY_SUCCESS).map((k) => [k.checkId, k.outcome]),
      );
      const expected = Object.fromEntries(
        BASICS.map((id) => [id, expectedOutcome(fault, c, hits.includes(id))]),
      );
      expect(
        outcomes,
        'outcomes differ from the catalogue (hit checks: expectedVerdict; others: pass)',
      ).toEqual(expected);
      if (FAULTS[fault].onWrite !== 'unchanged' || c.timedOut) {
        for (const id of hits) expect(['indeterminate', 'error'], id).toContain(outcomes[id]);
      }

      const { attempted, succeeded } = run.results.summary.uploadPart;
      expect(attempted).toBeGreaterThan(0);
      const anySuccess = run.results.checks.find((k) => k.checkId === ANY_SUCCESS)!.outcome;
      expect(anySuccess === 'pass').toBe(succeeded > 0);

      expect(run.child.code, run.results.gate?.reasons.join('; ')).toBe(c.exit);
      const hitOutcomes = [...new Set(hits.map((id) => outcomes[id]))].join('/');
      seen.push(`${c.name} | ${hits.length} hit: ${hitOutcomes} | ${run.child.code}`);
    });
  }
});
