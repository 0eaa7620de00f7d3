/**
 * From finished vitest tests to results.json entries. Pure and independent of vitest's classes, so the mapping
 * is tested with plain data; `reporter.ts` adapts vitest's TestCase to {@link CollectedTest}.
 *
 * The contract with the suite (specs/): a test is named after its check id inside a `describe` named after the
 * family, and puts its CheckResult(s) on `task.meta.cosChecks`. fail/error make the vitest test fail;
 * skip/indeterminate make it skipped, with the reason in the meta.
 */
import type { CheckDef, CheckResult, Outcome } from '../checks/types.ts';
import { redact } from '../client/redact.ts';
import { requestLine, reproductionFor } from './reproduce.ts';
import type { CheckEntry } from './results-schema.ts';

/** What the collector needs to know about one finished vitest test. */
export interface CollectedTest {
  /** Spec file relative to the project root. */
  file: string;
  name: string;
  fullName: string;
  /** Name of the outermost describe (the family), when there is one. */
  suite?: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** Error messages of a failed test. */
  errors: Array<{ name?: string; message: string }>;
  /** The note of `ctx.skip(note)`. */
  skipNote?: string;
  /** `task.meta.cosChecks`. */
  checks?: readonly CheckResult[];
  durationMs?: number;
}

export interface CollectOptions {
  /** Catalogue lookup, for titles, severities and spec references. */
  catalogue?: (checkId: string) => CheckDef | undefined;
  /** The run seed, when a test carries no seed of its own. */
  runSeed: number;
  /** Flags a replay command needs besides `--replay` (target, profile, tier), already redacted. */
  replayFlags?: string;
  /** Strings that must never reach a report (scrubbed from vitest error messages and check messages). */
  secrets?: readonly string[];
}

/** The first line of a message, bounded: reports keep one line per verdict. */
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}

function baseFields(test: CollectedTest, checkId: string, options: CollectOptions) {
  const def = options.catalogue?.(checkId);
  return {
    checkId,
    ...(def ? { title: def.title } : {}),
    family: def?.family ?? test.suite ?? 'unknown',
    ...(def ? { severity: def.severity, specRef: def.specRef, tags: [...def.tags] } : {}),
    test: {
      file: test.file,
      name: test.name,
      fullName: test.fullName,
      ...(test.durationMs !== undefined ? { durationMs: Math.round(test.durationMs) } : {}),
    },
  };
}

/** The results.json entry of one CheckResult of `test`: catalogue fields, evidence, and a reproduction unless it passed. */
export function entryFromCheck(
  test: CollectedTest,
  result: CheckResult,
  options: CollectOptions,
): CheckEntry {
  const evidence = result.exchanges.map((ex) => ({ ...ex, requestLine: requestLine(ex) }));
  const reproduction =
    result.outcome === 'pass' || result.outcome === 'skip'
      ? undefined
      : reproductionFor(result.exchanges, result.replay, options.replayFlags ?? '');
  const text = (s: string) => redact(s, options.secrets ?? []);
  return {
    ...baseFields(test, result.checkId, options),
    outcome: result.outcome,
    message: text(result.message),
    ...(result.expected !== undefined ? { expected: text(result.expected) } : {}),
    ...(result.observed !== undefined ? { observed: text(result.observed) } : {}),
    ...(result.variantSeen !== undefined ? { variantSeen: text(result.variantSeen) } : {}),
    ...(result.measured !== undefined ? { measured: result.measured } : {}),
    seed: result.seed,
    ...(result.replay !== undefined ? { replay: result.replay } : {}),
    evidence,
    ...(reproduction ? { reproduction } : {}),
  };
}

/** An entry for a test that attached no CheckResult: its vitest state is all there is. */
function entryFromState(test: CollectedTest, options: CollectOptions): CheckEntry {
  let outcome: Outcome;
  let message: string;
  const scrub = (s: string) => redact(s, options.secrets ?? []);
  if (test.state === 'failed') {
    outcome = 'error';
    const err = test.errors[0];
    message = err ? scrub(firstLine(`${err.name ? `${err.name}: ` : ''}${err.message}`)) : 'the test failed';
  } else if (test.state === 'skipped') {
    outcome = 'skip';
    message = test.skipNote ? scrub(test.skipNote) : 'skipped';
  } else if (test.state === 'passed') {
    outcome = 'pass';
    message = 'the test passed without attaching a check result';
  } else {
    outcome = 'skip';
    message = 'not run: the run was interrupted first';
  }
  return { ...baseFields(test, test.name, options), outcome, message, seed: options.runSeed, evidence: [] };
}

/**
 * The results.json entries of one test: one per attached CheckResult. A test whose vitest state contradicts its
 * checks (all passed, yet the test failed, e.g. in cleanup) gets an extra `error` entry, so the failure is seen.
 */
export function entriesFromTest(test: CollectedTest, options: CollectOptions): CheckEntry[] {
  const checks = test.checks ?? [];
  if (checks.length === 0) return [entryFromState(test, options)];
  const entries = checks.map((opResult) => entryFromCheck(test, opResult, options));
  const anyFailing = checks.some((result) => result.outcome === 'fail' || result.outcome === 'error');
  if (test.state === 'failed' && !anyFailing) {
    const err = test.errors[0];
    const detail = err ? firstLine(err.message) : 'no error message';
    entries.push({
      ...baseFields(test, test.name, options),
      outcome: 'error',
      message: `the test failed after its checks were judged: ${redact(detail, options.secrets ?? [])}`,
      seed: checks[0]!.seed,
      evidence: [],
    });
  }
  return entries;
}

/** An entry for a spec file that failed to load or whose hooks failed: no test of it could report. */
export function entryForModuleError(
  file: string,
  error: { name?: string; message: string },
  options: CollectOptions,
): CheckEntry {
  return {
    checkId: `module:${file}`,
    family: 'harness',
    test: { file, name: file, fullName: file },
    outcome: 'error',
    message: redact(
      firstLine(`${error.name ? `${error.name}: ` : ''}${error.message}`),
      options.secrets ?? [],
    ),
    seed: options.runSeed,
    evidence: [],
  };
}
