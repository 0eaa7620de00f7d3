/**
 * What every spec file shares: the run's context (`inject('cosSuite')`), the profile, one client with a
 * recorder appending to the run's history file, keys under the per-run prefix, the upload tracker, and
 * `checkTest`, which declares one vitest test per check (test name = check id): the test's scenario returns the
 * check's input, `checkTest` judges it under the run's profile and records the result.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, inject, type TaskMeta, type TestContext, test } from 'vitest';
import { type Check, type JudgeEnv, makeResult } from '../../src/checks/kit/define.ts';
import { internalErrorOf, judgeSecondTry } from '../../src/checks/kit/response.ts';
import { applyNeeds } from '../../src/checks/needs.ts';
import { checksOfFamily } from '../../src/checks/registry.ts';
import type { CheckResult, TrafficTally, UploadPartTally } from '../../src/checks/types.ts';
import { type CompleteOptions, CosClient } from '../../src/client/cos-client.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import type { PartBodyInput } from '../../src/client/part-body-input.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { deriveSeed } from '../../src/model/seed.ts';
import { profileByName } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/types.ts';
import type { SuiteContext, Tier } from '../../src/runner/context.ts';
import type { Target } from '../../src/target/types.ts';
import { MissingOperationError, ScenarioError } from './parts.ts';
import { recordCheck } from './record-check.ts';
import { type Leftover, Tracker } from './tracker.ts';

/** The per-file view of a run. */
export interface Suite {
  readonly ctx: SuiteContext;
  readonly family: string;
  readonly profile: Profile;
  readonly tier: Tier;
  readonly recorder: Recorder;
  readonly client: CosClient;
  readonly tracker: Tracker;
  /** `<run prefix><family>/<parts…>`. */
  key(...parts: Array<string | number>): string;
  /** The seed of a test: hash(run seed, check id). */
  seedOf(id: string): number;
  /** Initiate, tracked for cleanup. */
  initiate(key: string, headers?: Record<string, string>): ReturnType<CosClient['initiateMultipartUpload']>;
  /** Complete; a success is tracked as a created object and a finished upload. */
  complete(
    key: string,
    uploadId: string,
    parts: ReadonlyArray<{ partNumber: number | string; etag: string }>,
    options?: CompleteOptions,
  ): ReturnType<CosClient['completeMultipartUpload']>;
  /** Abort; a success is tracked as a finished upload. */
  abort(key: string, uploadId: string): ReturnType<CosClient['abortMultipartUpload']>;
  /** Put Object, tracked for cleanup. */
  putObject(key: string, body: PartBodyInput): ReturnType<CosClient['putObject']>;
  /** Another client on the same recorder with a changed target (e.g. a wrong secret); closed at teardown. */
  clientWith(change: (target: Target) => Target): CosClient;
  /** Ids of the checks this file declared a test for. */
  readonly declared: Set<string>;
}

function isOk(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/** Upload Part traffic among `exchanges` (what the reporter needs for `run.upload-part.any-success`). */
export function tallyUploadParts(exchanges: readonly Exchange[]): UploadPartTally {
  const parts = exchanges.filter((exchange) => exchange.op === 'uploadPart');
  return {
    attempted: parts.length,
    succeeded: parts.filter((exchange) => isOk(exchange.response?.status)).length,
  };
}

/**
 * Requests and request-body bytes among `exchanges`: what a test sent (its own and the shared setup it ran
 * first); test/checks/traffic-honesty.test.ts holds the estimates of src/checks/traffic.ts against it.
 */
export function tallyTraffic(exchanges: readonly Exchange[]): TrafficTally {
  return {
    requests: exchanges.length,
    bytes: exchanges.reduce((sum, exchange) => sum + exchange.request.bodySize, 0),
  };
}

/** Creates the suite of one spec file and registers its teardown (abort what is open, close clients). */
export function useSuite(family: string): Suite {
  const ctx = inject('cosSuite');
  const profile = profileByName(ctx.target.profile);
  const recorder = new Recorder(ctx.historyFile ? { ndjsonPath: ctx.historyFile } : {});
  const client = new CosClient(ctx.target, { recorder });
  const extraClients: CosClient[] = [];
  const tracker = new Tracker();
  const prefix = ctx.keyPrefix === '' || ctx.keyPrefix.endsWith('/') ? ctx.keyPrefix : `${ctx.keyPrefix}/`;

  // biome-ignore lint/correctness/noEmptyPattern: vitest reads hook fixtures from a destructuring pattern
  afterAll(async ({}, file) => {
    try {
      await tracker.cleanup(client);
      reportLeftovers(file.meta, family, tracker.leftovers());
    } finally {
      await Promise.all([client.close(), ...extraClients.map((other) => other.close())]);
      await recorder.close();
    }
  });

  const suite: Suite = {
    ctx,
    family,
    profile,
    tier: ctx.tier,
    recorder,
    client,
    tracker,
    key: (...parts) => `${prefix}${family}/${parts.join('/')}`,
    seedOf: (id) => deriveSeed(ctx.runSeed, id),
    async initiate(key, headers) {
      const answer = await client.initiateMultipartUpload(key, headers ? { headers } : {});
      if (answer.data?.uploadId) tracker.uploadStarted(key, answer.data.uploadId);
      return answer;
    },
    async complete(key, uploadId, parts, options) {
      const answer = await client.completeMultipartUpload(key, uploadId, parts, options);
      if (isOk(answer.status) && !answer.error) {
        tracker.uploadFinished(uploadId);
        tracker.objectCreated(key);
      }
      return answer;
    },
    async abort(key, uploadId) {
      const answer = await client.abortMultipartUpload(key, uploadId);
      if (isOk(answer.status)) tracker.uploadFinished(uploadId);
      return answer;
    },
    async putObject(key, body) {
      const answer = await client.putObject(key, body);
      tracker.objectCreated(key);
      return answer;
    },
    declared: new Set(),
    clientWith(change) {
      const other = new CosClient(change(ctx.target), { recorder });
      extraClients.push(other);
      return other;
    },
  };
  return suite;
}

/** What a check's scenario gets: the test's seed (hash of run seed and check id) and its vitest context. */
export interface ScenarioContext {
  seed: number;
  context: TestContext;
}

/** What a test that builds its own result gets: also the judge environment, to judge case by case. */
export interface ResultContext extends ScenarioContext {
  env: JudgeEnv;
}

export interface CheckTestOptions {
  /** Test timeout in ms (default: the runner's). */
  timeout?: number;
}

/**
 * Declares the test of one check: name = check id. `scenario` plays the requests and returns the check's input;
 * the check judges it here, under the run's profile, so a spec never calls a judge. See {@link resultTest} for
 * what the test does around it.
 */
export function checkTest<I>(
  suite: Suite,
  check: Check<I>,
  // NoInfer: the check alone fixes I, so a scenario returning too little is a type error, not a wider I
  scenario: (given: ScenarioContext) => Promise<NoInfer<I>>,
  options: CheckTestOptions = {},
): void {
  resultTest(suite, check, async ({ env, ...given }) => check.judge(await scenario(given), env), options);
}

/**
 * Declares the test of one check whose body builds the result itself (a property run judges every generated
 * case). Checks outside the run's tier or profile are recorded as skipped with the reason; a harness exception
 * becomes an `error` result (never a silent pass); a 500 on valid input gets one second try; the test's Upload
 * Part traffic is tallied on `task.meta.cosUploadParts`.
 */
export function resultTest(
  suite: Suite,
  check: Check<unknown>,
  body: (given: ResultContext) => Promise<CheckResult>,
  options: CheckTestOptions = {},
): void {
  suite.declared.add(check.id);
  test(
    check.id,
    async (context) => {
      const seed = suite.seedOf(check.id);
      if (check.tiers && !check.tiers.includes(suite.tier)) {
        recordCheck(
          context,
          makeResult(
            check,
            seed,
            'skip',
            `runs in the ${check.tiers.join('/')} tier only (this run: ${suite.tier})`,
          ),
        );
      }
      if (check.profiles && !check.profiles.includes(suite.profile.name)) {
        recordCheck(
          context,
          makeResult(check, seed, 'skip', `applies to profile ${check.profiles.join('/')} only`),
        );
      }
      const overBudget = suite.ctx.budgetSkips?.[check.id];
      if (overBudget !== undefined) recordCheck(context, makeResult(check, seed, 'skip', overBudget));
      const env: JudgeEnv = { profile: suite.profile, seed };
      const mark = suite.recorder.lastSeq;
      const attempt = async (from: number): Promise<CheckResult> => {
        try {
          return await body({ seed, env, context });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // A failed setup step is the endpoint's doing (not judged by this check); anything else is the harness's.
          const text =
            err instanceof MissingOperationError
              ? message
              : `${err instanceof ScenarioError ? 'the scenario could not be set up' : 'harness error'}: ${message}`;
          const seen = suite.recorder.since(from);
          // the answer that showed the operation missing, when a shared step met it before this test
          const missing = err instanceof MissingOperationError ? err.exchange : undefined;
          const extra = missing && !seen.some((exchange) => exchange.seq === missing.seq) ? [missing] : [];
          return makeResult(check, seed, 'error', text, { exchanges: [...seen, ...extra] });
        }
      };
      let result: CheckResult;
      try {
        result = await attempt(mark);
        // A 500 on valid input gets one second try of the whole scenario (shared ones are run afresh): a 500
        // again is a defect ("the endpoint errors on valid input"), a one-off stays indeterminate.
        if (internalErrorOf(result) !== undefined) {
          result = judgeSecondTry(
            result,
            await secondTry.run(new Map(), () => attempt(suite.recorder.lastSeq)),
          );
        }
      } finally {
        context.task.meta.cosUploadParts = tallyUploadParts(suite.recorder.since(mark));
        context.task.meta.cosTraffic = tallyTraffic(suite.recorder.since(mark));
      }
      const scenario = suite.recorder
        .since(mark)
        .filter((exchange) => !suite.tracker.isCleanup(exchange.seq));
      recordCheck(context, applyNeeds(check, seed, result, scenario));
    },
    options.timeout,
  );
}

/** Puts what cleanup could not remove on the file (the reporter writes it apart from the verdicts). */
function reportLeftovers(meta: TaskMeta, family: string, leftovers: readonly Leftover[]): void {
  if (leftovers.length === 0) return;
  meta.cosLeftovers = [
    ...(meta.cosLeftovers ?? []),
    ...leftovers.map((leftover) => ({ family, ...leftover })),
  ];
}

/** Thrown at collection when a spec file misses a test for a check of its family. */
export class CatalogueCoverageError extends Error {
  readonly code = 'CATALOGUE_COVERAGE';
  override readonly name = 'CatalogueCoverageError';
}

/** Call last inside the family's describe: every `test`-scope check of the family must have its test. */
export function assertFamilyCovered(suite: Suite): void {
  const missing = checksOfFamily(suite.family)
    .filter((check) => check.scope !== 'run' && !suite.declared.has(check.id))
    .map((check) => check.id);
  if (missing.length > 0)
    throw new CatalogueCoverageError(`specs for ${suite.family} declare no test for ${missing.join(', ')}`);
}

/** Set while a check's second try runs: the shared scenarios run afresh for it, each once within that try. */
const secondTry = new AsyncLocalStorage<Map<object, Promise<unknown>>>();

/**
 * A lazily run, shared scenario: the first test that needs it runs it; its failure is every user's error. On a
 * check's second try (after a 500 on valid input) it runs again, for that try only.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let first: Promise<T> | undefined;
  const shared = (): Promise<T> => {
    const fresh = secondTry.getStore();
    if (fresh) {
      // A scenario built on another (a listing of the upload) must see the same fresh run as its user does.
      let again = fresh.get(shared) as Promise<T> | undefined;
      if (again === undefined) {
        again = fn();
        fresh.set(shared, again);
      }
      return again;
    }
    first ??= fn();
    return first;
  };
  return shared;
}
