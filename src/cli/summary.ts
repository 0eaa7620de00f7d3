/**
 * The end-of-run summary on the terminal: the gate, the counts, and each new failure in one line, with what was
 * expected and how sure the profile is of it.
 */
import { expectationLine } from '../report/confidence.ts';
import { NOT_EXERCISED } from '../report/markdown.ts';
import type { Results } from '../report/results-schema.ts';
import { type OutStream, println } from './io.ts';

const STATUS: Readonly<Record<string, string>> = {
  conformant: 'conformant',
  'expected-failures-only': 'conformant except for expected failures',
  nonconformant: 'NON-CONFORMANT',
  inconclusive: 'INCONCLUSIVE',
  interrupted: 'INTERRUPTED',
};

/** Failures listed one per line before "and N more". */
const MAX_LISTED = 25;

export function printSummary(out: OutStream, results: Results, files: { dir: string }): void {
  const { summary, gate } = results;
  println(out);
  if (gate) println(out, `cos-conformance: ${STATUS[gate.status] ?? gate.status} (exit ${gate.exitCode})`);
  println(
    out,
    `  pass ${summary.pass} · fail ${summary.fail} · error ${summary.error} · indeterminate ${summary.indeterminate} · skip ${summary.skip} (${summary.total} verdicts)`,
  );
  println(out, `  Upload Part: ${summary.uploadPart.succeeded} of ${summary.uploadPart.attempted} succeeded`);
  const notExercised = results.checks.filter((c) => c.outcome === 'skip' && NOT_EXERCISED.test(c.message));
  if (notExercised.length > 0) {
    println(out, `  not exercised (nothing judged): ${notExercised.map((c) => c.checkId).join(', ')}`);
  }
  if (gate) for (const reason of gate.reasons) println(out, `  ${reason}`);
  const expected = new Set(gate?.expectedFailures ?? []);
  const failing = results.checks.filter(
    (c) => (c.outcome === 'fail' || c.outcome === 'error') && !expected.has(c.checkId),
  );
  if (failing.length > 0) {
    println(out, gate?.baselineFile ? '  new failures:' : '  failures:');
    for (const entry of failing.slice(0, MAX_LISTED)) {
      println(out, `    ✗ ${entry.checkId} [${entry.outcome}] ${entry.message}`);
      const expectation = expectationLine(entry, results.manifest.profile);
      if (expectation !== undefined) println(out, `      ${expectation}`);
      if (entry.reproduction?.replay) println(out, `      rerun this case: ${entry.reproduction.replay}`);
    }
    if (failing.length > MAX_LISTED)
      println(out, `    … and ${failing.length - MAX_LISTED} more (see report.html)`);
  }
  if (gate && gate.unexpectedPasses.length > 0) {
    println(
      out,
      `  unexpected passes (the baseline expects them to fail): ${gate.unexpectedPasses.join(', ')}`,
    );
  }
  if (gate && gate.staleExpectations.length > 0) {
    println(out, `  baseline entries that did not run: ${gate.staleExpectations.length}`);
  }
  println(out, `  run seed ${results.manifest.runSeed} · reports in ${files.dir}`);
}
