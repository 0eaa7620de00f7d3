/**
 * The results collector: a vitest Reporter (v4 API: onTestCaseResult / onTestRunEnd, TestCase.meta() and
 * .result()) that turns finished tests into results.json entries. It also puts the check id, the seed and the
 * outcome on each test as annotations, which vitest's own JUnit reporter writes as `<properties>`
 * (docs/architecture.md "Reports are artifacts"); it must therefore be registered before the junit reporter.
 */
import type { TestAnnotation } from 'vitest';
import {
  experimental_getRunnerTask,
  type Reporter,
  type SerializedError,
  type TestCase,
  type TestModule,
  type TestRunEndReason,
  type Vitest,
} from 'vitest/node';
import { redact } from '../client/redact.ts';
import { type CollectedTest, type CollectOptions, entriesFromTest, entryForModuleError } from './collect.ts';
import { markInterrupted, type StopSignal } from './interruption.ts';
import type { CheckEntry, LeftoverEntry, Results } from './results-schema.ts';

export interface CollectorOptions extends CollectOptions {
  /** Keep only tests this accepts (the CLI's selection); others were filtered out, not skipped. */
  selected?: (test: { name: string; fullName: string }) => boolean;
}

/** Annotation types written as JUnit `<property>` names. */
export const JUNIT_PROPERTY = {
  checkId: 'cos.check-id',
  outcome: 'cos.outcome',
  seed: 'cos.seed',
  runSeed: 'cos.run-seed',
  replay: 'cos.replay',
} as const;

/** Adapts a finished vitest TestCase to the collector's plain input. */
export function toCollectedTest(testCase: TestCase): CollectedTest {
  const result = testCase.result();
  const suite = outermostSuiteName(testCase);
  return {
    file: testCase.module.relativeModuleId,
    name: testCase.name,
    fullName: testCase.fullName,
    ...(suite !== undefined ? { suite } : {}),
    state: result.state,
    errors: (result.errors ?? []).map((testError) => ({ name: testError.name, message: testError.message })),
    ...(result.state === 'skipped' && result.note ? { skipNote: result.note } : {}),
    ...(testCase.meta().cosChecks ? { checks: testCase.meta().cosChecks } : {}),
    ...(testCase.diagnostic() ? { durationMs: testCase.diagnostic()!.duration } : {}),
  };
}

function outermostSuiteName(testCase: TestCase): string | undefined {
  let parent = testCase.parent;
  let name: string | undefined;
  while (parent.type === 'suite') {
    name = parent.name;
    parent = parent.parent;
  }
  return name;
}

export class ResultsCollector implements Reporter {
  readonly #options: CollectorOptions;
  readonly #byTest = new Map<string, CheckEntry[]>();
  /** Tests collected before the run was cancelled: their entries stand as they were. */
  readonly #beforeCancel = new Set<string>();
  readonly #moduleErrors: CheckEntry[] = [];
  #unhandled: Results['unhandledErrors'] = [];
  #leftovers: LeftoverEntry[] = [];
  #vitest: Vitest | undefined;
  #reason: TestRunEndReason | undefined;
  #cancelled = false;
  #stoppedBy: StopSignal | undefined;

  constructor(options: CollectorOptions) {
    this.#options = options;
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
  }

  onTestCaseResult(testCase: TestCase): void {
    if (this.#isSelected(testCase)) this.#collect(testCase);
  }

  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    this.#reason = reason;
    for (const mod of testModules) {
      this.#leftovers.push(...(mod.meta().cosLeftovers ?? []));
      for (const error of mod.errors()) {
        this.#moduleErrors.push(entryForModuleError(mod.relativeModuleId, error, this.#options));
      }
      // Listed first: pruning edits the task arrays the generator walks.
      for (const testCase of [...mod.children.allTests()]) {
        if (this.#isSelected(testCase)) this.#collect(testCase);
        else this.#prune(testCase);
      }
    }
    const secrets = this.#options.secrets ?? [];
    this.#unhandled = unhandledErrors.map((serializedError) => ({
      ...(serializedError.name ? { name: serializedError.name } : {}),
      message: redact(serializedError.message ?? String(serializedError), secrets),
      ...(serializedError.stack ? { stack: redact(serializedError.stack, secrets) } : {}),
    }));
  }

  /**
   * Asks vitest to stop: running tests see their `signal` abort (and abort their uploads), queued ones do not
   * start. Tests that end from now on and are not judged are marked interrupted (by `by`).
   */
  async cancel(by?: StopSignal): Promise<void> {
    for (const id of this.#byTest.keys()) this.#beforeCancel.add(id);
    this.#cancelled = true;
    this.#stoppedBy = by;
    await this.#vitest?.cancelCurrentRun('keyboard-input');
  }

  /**
   * Every test entry collected so far: module errors first, then tests in the order they finished. Run-scoped
   * checks are not among them: the run judges those after collection (src/report/run-scope.ts).
   */
  checks(): CheckEntry[] {
    return [...this.#moduleErrors, ...[...this.#byTest.values()].flat()];
  }

  /** Whether any test reported (a run where none did has no run-scoped verdict either). */
  get anyTest(): boolean {
    return this.#byTest.size > 0;
  }

  /** What the spec files' cleanup could not remove (set on each file at its teardown). */
  leftovers(): LeftoverEntry[] {
    return [...this.#leftovers];
  }

  unhandledErrors(): Results['unhandledErrors'] {
    return [...this.#unhandled];
  }

  /** True when the run ended early (cancelled, or vitest reported it interrupted) or never reached its end. */
  get interrupted(): boolean {
    return this.#cancelled || this.#reason === 'interrupted' || this.#reason === undefined;
  }

  #collect(testCase: TestCase): void {
    if (this.#beforeCancel.has(testCase.id)) return;
    const test = toCollectedTest(testCase);
    const judged = entriesFromTest(test, this.#options);
    const started = (test.checks?.length ?? 0) > 0 || test.state === 'failed' || test.state === 'passed';
    const entries = this.#cancelled
      ? judged.map((e) => markInterrupted(e, this.#stoppedBy, started))
      : judged;
    this.#byTest.set(testCase.id, entries);
    this.#annotate(testCase, entries);
  }

  /**
   * Removes a test the selection filtered out (vitest keeps it as skipped) from the task tree, before the JUnit
   * reporter (registered after this one) reads it: a shard's junit.xml then lists only the shard's tests, and
   * merged shards hold each test once.
   */
  #prune(testCase: TestCase): void {
    if (testCase.result().state !== 'skipped') return;
    try {
      const task = experimental_getRunnerTask(testCase);
      const siblings = task.suite?.tasks ?? task.file.tasks;
      const at = siblings.indexOf(task);
      if (at >= 0) siblings.splice(at, 1);
    } catch {
      // an internal API changed: junit.xml keeps the filtered tests as skipped, results.json is unaffected
    }
  }

  #isSelected(testCase: TestCase): boolean {
    return this.#options.selected?.({ name: testCase.name, fullName: testCase.fullName }) ?? true;
  }

  /** Adds the JUnit properties once per test (onTestCaseResult and onTestRunEnd may both see it). */
  #annotate(testCase: TestCase, entries: readonly CheckEntry[]): void {
    let annotations: TestAnnotation[];
    try {
      annotations = experimental_getRunnerTask(testCase).annotations;
    } catch {
      return;
    }
    if (
      !Array.isArray(annotations) ||
      annotations.some((testAnnotation) => testAnnotation.type === JUNIT_PROPERTY.checkId)
    )
      return;
    const add = (type: string, message: string) => annotations.push({ type, message });
    add(JUNIT_PROPERTY.checkId, [...new Set(entries.map((e) => e.checkId))].join(' '));
    add(JUNIT_PROPERTY.outcome, entries.map((e) => e.outcome).join(' '));
    add(JUNIT_PROPERTY.seed, String(entries[0]?.seed ?? this.#options.runSeed));
    add(JUNIT_PROPERTY.runSeed, String(this.#options.runSeed));
    const replay = entries.find((entry) => entry.replay)?.replay;
    if (replay) add(JUNIT_PROPERTY.replay, replay);
  }
}
