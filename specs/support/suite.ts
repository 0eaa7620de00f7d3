/**
 * What every spec file shares: the run's context (`inject('cosSuite')`), the profile, one client with a
 * recorder appending to the run's history file, keys under the per-run prefix, the upload tracker, and
 * `checkTest`, which declares one vitest test per check (test name = check id) and records its result.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { afterAll, inject, type TaskMeta, type TestContext, test } from 'vitest';
import { type Check, type JudgeEnv, makeResult } from '../../src/checks/kit/define.ts';
import { internalErrorOf, judgeSecondTry } from '../../src/checks/kit/response.ts';
import { applyNeeds } from '../../src/checks/needs.ts';
import { checksOfFamily } from '../../src/checks/registry.ts';
import type { CheckResult, UploadPartTally } from '../../src/checks/types.ts';
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
  env(id: string): JudgeEnv;
  /** Initiate, tracked for cleanup. */
  initiate(key: string, headers?: Record<string, string>): ReturnType<CosClient['initiateMultipartUpload']>;
  /** Complete; a success is tracked as a created object and a finished upload. */
  complete(
    key: string,
    uploadId: string,
    parts: ReadonlyArray<{ partNumber: number | string; etag: string }>,
    o?: CompleteOptions,
  ): ReturnType<CosClient['completeMultipartUpload']>;
  /** Abort; a success is tracked as a finished upload. */
  abort(key: string, uploadId: string): ReturnType<CosClient['abortMultipartUpload']>;
  /** Put Object, tracked for cleanup. */
  putObject(key: string, body: PartBodyInput): ReturnType<CosClient['putObject']>;
  /** Another client on the same recorder with a changed target (e.g. a wrong secret); closed at teardown. */
  clientWith(change: (t: Target) => Target): CosClient;
  /** Ids of the checks this file declared a test for. */
  readonly declared: Set<string>;
}

function isOk(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/** Upload Part traffic among `exchanges` (what the reporter needs for `run.upload-part.any-success`). */
export function tallyUploadParts(exchanges: readonly Exchange[]): UploadPartTally {
  const parts = exchanges.filter((e) => e.op === 'uploadPart');
  return { attempted: parts.length, succeeded: parts.filter((e) => isOk(e.response?.status)).length };
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
      await Promise.all([client.close(), ...extraClients.map((c) => c.close())]);
      await recorder.close();
    }
  });

  const s: Suite = {
    ctx,
    family,
    profile,
    tier: ctx.tier,
    recorder,
    client,
    tracker,
    key: (...parts) => `${prefix}${family}/${parts.join('/')}`,
    seedOf: (id) => deriveSeed(ctx.runSeed, id),
    env: (id) => ({ profile, seed: deriveSeed(ctx.runSeed, id) }),
    async initiate(key, headers) {
      const r = await client.initiateMultipartUpload(key, headers ? { headers } : {});
      if (r.data?.uploadId) tracker.uploadStarted(key, r.data.uploadId);
      return r;
    },
    async complete(key, uploadId, parts, o) {
      const r = await client.completeMultipartUpload(key, uploadId, parts, o);
      if (isOk(r.status) && !r.error) {
        tracker.uploadFinished(uploadId);
        tracker.objectCreated(key);
      }
      return r;
    },
    async abort(key, uploadId) {
      const r = await client.abortMultipartUpload(key, uploadId);
      if (isOk(r.status)) tracker.uploadFinished(uploadId);
      return r;
    },
    async putObject(key, body) {
      const r = await client.putObject(key, body);
      tracker.objectCreated(key);
      return r;
    },
    declared: new Set(),
    clientWith(change) {
      const c = new CosClient(change(ctx.target), { recorder });
      extraClients.push(c);
      return c;
    },
  };
  return s;
}

/** What a check's test body gets. */
export interface CheckContext {
  seed: number;
  env: JudgeEnv;
  context: TestContext;
}

export interface CheckTestOptions {
  /** Test timeout in ms (default: the runner's). */
  timeout?: number;
}

/**
 * Declares the test of one check: name = check id. Checks outside the run's tier or profile are recorded as
 * skipped with the reason; a harness exception becomes an `error` result (never a silent pass); the test's
 * Upload Part traffic is tallied on `task.meta.cosUploadParts`.
 */
export function checkTest<I>(
  s: Suite,
  check: Check<I>,
  body: (c: CheckContext) => Promise<CheckResult>,
  options: CheckTestOptions = {},
): void {
  s.declared.add(check.id);
  test(
    check.id,
    async (context) => {
      const seed = s.seedOf(check.id);
      if (check.tiers && !check.tiers.includes(s.tier)) {
        recordCheck(
          context,
          makeResult(
            check,
            seed,
            'skip',
            `runs in the ${check.tiers.join('/')} tier only (this run: ${s.tier})`,
          ),
        );
      }
      if (check.profiles && !check.profiles.includes(s.profile.name)) {
        recordCheck(
          context,
          makeResult(check, seed, 'skip', `applies to profile ${check.profiles.join('/')} only`),
        );
      }
      const mark = s.recorder.lastSeq;
      const attempt = async (from: number): Promise<CheckResult> => {
        try {
          return await body({ seed, env: s.env(check.id), context });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          // A failed setup step is the endpoint's doing (not judged by this check); anything else is the harness's.
          const text =
            err instanceof MissingOperationError
              ? message
              : `${err instanceof ScenarioError ? 'the scenario could not be set up' : 'harness error'}: ${message}`;
          const seen = s.recorder.since(from);
          // the answer that showed the operation missing, when a shared step met it before this test
          const missing = err instanceof MissingOperationError ? err.exchange : undefined;
          const extra = missing && !seen.some((e) => e.seq === missing.seq) ? [missing] : [];
          return makeResult(check, seed, 'error', text, { exchanges: [...seen, ...extra] });
        }
      };
      let result: CheckResult;
      try {
        result = await attempt(mark);
        // A 500 on valid input gets one second try of the whole scenario (shared ones are run afresh): a 500
        // again is a defect ("the endpoint errors on valid input"), a one-off stays indeterminate.
        if (internalErrorOf(result) !== undefined) {
          result = judgeSecondTry(result, await secondTry.run(new Map(), () => attempt(s.recorder.lastSeq)));
        }
      } finally {
        context.task.meta.cosUploadParts = tallyUploadParts(s.recorder.since(mark));
      }
      const scenario = s.recorder.since(mark).filter((e) => !s.tracker.isCleanup(e.seq));
      recordCheck(context, applyNeeds(check, seed, result, scenario));
    },
    options.timeout,
  );
}

/** Puts what cleanup could not remove on the file (the reporter writes it apart from the verdicts). */
function reportLeftovers(meta: TaskMeta, family: string, leftovers: readonly Leftover[]): void {
  if (leftovers.length === 0) return;
  meta.cosLeftovers = [...(meta.cosLeftovers ?? []), ...leftovers.map((l) => ({ family, ...l }))];
}

/** Thrown at collection when a spec file misses a test for a check of its family. */
export class CatalogueCoverageError extends Error {
  readonly code = 'CATALOGUE_COVERAGE';
  override readonly name = 'CatalogueCoverageError';
}

/** Call last inside the family's describe: every `test`-scope check of the family must have its test. */
export function assertFamilyCovered(s: Suite): void {
  const missing = checksOfFamily(s.family)
    .filter((c) => c.scope !== 'run' && !s.declared.has(c.id))
    .map((c) => c.id);
  if (missing.length > 0)
    throw new CatalogueCoverageError(`specs for ${s.family} declare no test for ${missing.join(', ')}`);
}

/** Set while `checkTest` gives a check its second try: shared scenarios then run afresh. */
/** Set while a check's second try runs: the shared scenarios run afresh for it, each once within that try. */
const secondTry = new AsyncLocalStorage<Map<object, Promise<unknown>>>();

/**
 * A lazily run, shared scenario: the first test that needs it runs it; its failure is every user's error. On a
 * check's second try (after a 500 on valid input) it runs again, for that try only.
 */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
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
    p ??= fn();
    return p;
  };
  return shared;
}
