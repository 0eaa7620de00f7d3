/**
 * Generated command sequences over one model of an upload (src/model/): Initiate, Upload Part (boundary and
 * random numbers and sizes, with or without Content-MD5), re-upload, List Parts, Abort, Complete (ordered,
 * unordered, subset, wrong ETag) and every operation after a terminal state; each answer is judged against the
 * model under the profile. A failure is the shrunk sequence, printed as the list of requests, with a replay
 * token.
 */
import type { Exchange } from '../../client/exchange.ts';
import { defineCheck } from '../kit/define.ts';
import { decision, expect, named } from '../../profiles/evidence.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'model';

/** What a property run reports (built by src/model/property.ts). */
export interface PropertyReport {
  /** Runs executed (shrinks not counted). */
  numRuns: number;
  failed: boolean;
  /** The time budget ran out before numRuns (not a failure by itself). */
  interrupted: boolean;
  /** The shrunk failing case, printed as requests; undefined when passed. */
  counterexample?: string;
  /** Why the shrunk case failed (the first step whose answer the model did not allow). */
  reason?: string;
  /** `cos-conformance run --replay TOKEN` reruns the shrunk case. */
  replay?: string;
  /** The outcome the failing step reported, when not a plain verdict (indeterminate, error). */
  failureOutcome?: 'fail' | 'indeterminate' | 'error';
  /** Exchanges of the shrunk failing case, or of the last run. */
  exchanges: readonly Exchange[];
  /** Distinct steps seen (e.g. `UploadPart→400 InvalidArgument`), for the report. */
  coverage?: readonly string[];
}

export const sequences = defineCheck(
  {
    id: 'model.multipart.sequences',
    title: 'Generated sequences of multipart operations, against the model',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.1–§2.7, §3, §4 (all of the multipart contract)',
    tags: ['property', 'model', 'upload-part', 'list-parts', 'complete', 'abort', 'terminal-state'],
  },
  (report: PropertyReport, kit) => {
    const measured = {
      runs: report.numRuns,
      interrupted: report.interrupted,
      steps: report.coverage?.length ?? 0,
    };
    if (report.failed) {
      const outcome = report.failureOutcome ?? 'fail';
      return kit.result(
        outcome,
        `${report.reason ?? 'a step was not answered as the model predicts'}\n${report.counterexample ?? ''}`.trim(),
        {
          replay: report.replay,
          measured,
          observed: report.counterexample,
          exchanges: report.exchanges,
        },
      );
    }
    if (report.numRuns === 0)
      return kit.error('no sequence ran (time budget exhausted before the first run)', { measured });
    return kit.pass(
      `${report.numRuns} sequences conform${report.interrupted ? ' (time budget reached)' : ''}`,
      {
        variantSeen: 'conform',
        measured,
        exchanges: report.exchanges.slice(-8),
      },
    );
  },
);

export const MODEL_CHECKS = [sequences] as const;

const CONFORM = expect([
  named('conform', decision('each step is judged with the expectations of the single-step checks')),
]);

/** What each profile allows: every step as the single-step checks expect it. */
export const MODEL_EXPECTATIONS = {
  cos: { 'model.multipart.sequences': CONFORM },
  s3: { 'model.multipart.sequences': CONFORM },
} satisfies FamilyExpectations<typeof MODEL_CHECKS>;

/**
 * Servers only a sequence of operations shows: each single-step scenario lists the parts once, so a listing
 * that never changes after the first one goes unseen there.
 */
export const MODEL_MUTANTS = [
  {
    name: 'list-parts-stale-cache',
    description: 'List Parts keeps answering the parts its first listing of the upload saw (a stale cache)',
    family: FAMILY,
    catches: [sequences.id],
    handlers: { listParts: 'staleListing' },
  },
] as const satisfies readonly MutantDef[];
