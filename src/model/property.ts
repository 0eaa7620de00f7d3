/**
 * Running one property with the project's seed and replay rules (docs/architecture.md "Seeds and replay"): the test's seed is derived
 * from the run seed and the test id; a replay token for this test reruns exactly its shrunk case
 * (`{ seed, path, endOnFailure }`, plus `replayPath` for command sequences). Failures come back as data
 * (a {@link PropertyReport}), never thrown, so the spec turns them into a check result.
 */
import fc from 'fast-check';
import type { PropertyReport } from '../checks/families/model.ts';
import type { Exchange } from '../client/exchange.ts';
import type { Recorder } from '../client/recorder.ts';
import { encodeReplayToken, extractReplayPath, type ReplayToken } from './replay.ts';
import { outcomeOfError, StepError } from './step-error.ts';

export interface PropertyOptions<T> {
  /** Test (check) id: names the replay token. */
  id: string;
  /** The test's seed (deriveSeed(run seed, id)); ignored when replaying. */
  seed: number;
  /** The token for this test, when the run replays it. */
  replay?: ReplayToken;
  numRuns: number;
  /** Overall budget in ms (runs and shrinking); when it ends, what ran so far decides. */
  timeLimitMs: number;
  /** Builds the arbitrary; command sequences take the replay path. */
  arbitrary(replayPath: string | undefined): fc.Arbitrary<T>;
  /** One run: throws (preferably a {@link StepError}) when the case fails. */
  predicate(value: T): Promise<void>;
  /** The recorder the predicate's client records on: the failing case's exchanges are kept as evidence. */
  recorder?: Recorder;
  /** The requests of the last run, for printing a failing case (command sequences keep their own log). */
  describe?(value: T): string;
  /** Coverage labels collected by the predicate. */
  coverage?(): readonly string[];
}

/** Runs the property and reports; never throws for a property failure. */
export async function runProperty<T>(propertyOptions: PropertyOptions<T>): Promise<PropertyReport> {
  let lastFailingExchanges: Exchange[] = [];
  let lastExchanges: Exchange[] = [];
  let lastFailingText: string | undefined;
  let lastFailingError: unknown;
  const property = fc.asyncProperty(
    propertyOptions.arbitrary(propertyOptions.replay?.replayPath),
    async (value) => {
      const mark = propertyOptions.recorder?.lastSeq ?? 0;
      try {
        await propertyOptions.predicate(value);
        lastExchanges = propertyOptions.recorder?.since(mark) ?? [];
      } catch (err) {
        lastFailingExchanges = propertyOptions.recorder?.since(mark) ?? [];
        lastFailingText = propertyOptions.describe?.(value);
        lastFailingError = err;
        throw err;
      }
    },
  );
  const params: fc.Parameters<[T]> = propertyOptions.replay
    ? { seed: propertyOptions.replay.seed, path: propertyOptions.replay.path, endOnFailure: true, numRuns: 1 }
    : {
        seed: propertyOptions.seed,
        numRuns: propertyOptions.numRuns,
        interruptAfterTimeLimit: propertyOptions.timeLimitMs,
        markInterruptAsFailure: false,
      };
  const details = await fc.check(property, params);
  const coverage = propertyOptions.coverage?.();
  if (!details.failed) {
    return {
      numRuns: details.numRuns,
      failed: false,
      interrupted: details.interrupted,
      exchanges: lastExchanges,
      ...(coverage ? { coverage } : {}),
    };
  }
  const raw = details.counterexample ? fc.stringify(details.counterexample[0]) : '';
  const replayPath = extractReplayPath(raw);
  const token: ReplayToken = {
    id: propertyOptions.id,
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    ...(replayPath !== undefined ? { replayPath } : {}),
  };
  const err = details.errorInstance ?? lastFailingError;
  const reason = err instanceof Error ? err.message : String(err);
  return {
    numRuns: details.numRuns,
    failed: true,
    interrupted: details.interrupted,
    counterexample: lastFailingText ?? raw,
    reason,
    replay: token.path ? encodeReplayToken(token) : undefined,
    failureOutcome: err instanceof StepError ? err.outcome : outcomeOfError(err),
    exchanges: lastFailingExchanges,
    ...(coverage ? { coverage } : {}),
  };
}
