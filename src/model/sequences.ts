/**
 * Generated command sequences over the upload model: `fc.commands` + `fc.asyncModelRun`, one fresh set of
 * uploads per run, cleaned up after each run. A failure shrinks to the shortest sequence that still fails
 * and is printed as the numbered list of its requests and answers, with a replay token.
 */
import fc from 'fast-check';
import type { PropertyReport } from '../checks/families/model.ts';
import type { JudgeEnv } from '../checks/kit/define.ts';
import type { CosClient } from '../client/cos-client.ts';
import type { Recorder } from '../client/recorder.ts';
import type { Profile } from '../profiles/types.ts';
import { completeKindArb, md5ModeArb, modelPartNumberArb, modelPartSizeArb } from './arbitraries.ts';
import {
  AbortCommand,
  CompleteCommand,
  InitiateCommand,
  ListPartsCommand,
  type ModelCommand,
  type ModelReal,
  UploadPartCommand,
} from './commands.ts';
import { runProperty } from './property.ts';
import type { ReplayToken } from './replay.ts';
import { emptyModel, MAX_UPLOADS } from './upload-model.ts';

/**
 * The command arbitraries of the model, weighted by repetition (fc.commands picks among them uniformly): mostly
 * uploads that extend an upload, then random uploads, Complete and List Parts; Abort and Initiate rarely, so
 * sequences get far enough to complete before they end in a terminal state.
 */
export function modelCommandArbs(minPartSize: number): Array<fc.Arbitrary<ModelCommand>> {
  const upload = fc.nat({ max: MAX_UPLOADS - 1 });
  const seed = fc.nat({ max: 2 ** 31 - 1 });
  const randomPart = fc
    .record({
      upload,
      partNumber: modelPartNumberArb(),
      size: modelPartSizeArb(minPartSize),
      md5: md5ModeArb,
      seed,
    })
    .map((c) => new UploadPartCommand(c.upload, c.partNumber, c.size, c.md5, c.seed));
  const nextPart = fc
    .record({
      upload,
      size: fc.oneof(
        { weight: 3, arbitrary: fc.constant(minPartSize) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 }) },
      ),
      md5: md5ModeArb,
      seed,
    })
    .map((c) => new UploadPartCommand(c.upload, 'next', c.size, c.md5, c.seed));
  const complete = fc
    .record({ upload, kind: completeKindArb, pick: fc.nat({ max: 1000 }) })
    .map((c) => new CompleteCommand(c.upload, c.kind, c.pick));
  return [
    fc.constant(null).map(() => new InitiateCommand()),
    randomPart,
    randomPart,
    randomPart,
    nextPart,
    nextPart,
    nextPart,
    nextPart,
    upload.map((u) => new ListPartsCommand(u)),
    upload.map((u) => new ListPartsCommand(u)),
    complete,
    complete,
    complete,
    upload.map((u) => new AbortCommand(u)),
  ];
}

export interface SequenceRunOptions {
  id: string;
  seed: number;
  replay?: ReplayToken;
  numRuns: number;
  timeLimitMs: number;
  maxCommands: number;
  client: CosClient;
  recorder?: Recorder;
  /** The profile every step is judged under (with `seed`, the judges' environment). */
  profile: Profile;
  /** Keys of run k, upload i are `${keyPrefix}r<k>/u<i>`. */
  keyPrefix: string;
  onUploadStarted(key: string, uploadId: string): void;
  onObjectCreated(key: string): void;
  /** Called after every run with what it created (abort open uploads, delete objects). */
  cleanup(
    uploads: ReadonlyArray<{ key: string; uploadId: string }>,
    objects: readonly string[],
  ): Promise<void>;
}

/**
 * A sequence run first at every seed, whatever the generator draws: list the parts, upload another, list again,
 * overwrite it, list again. A listing that does not follow the writes before it (a stale cache) is then always
 * probed, not only at the seeds whose random sequences happen to list twice around a write.
 */
export function readAfterWrite(minPartSize: number, seed: number): ModelCommand[] {
  return [
    new UploadPartCommand(0, 'next', minPartSize, 'none', seed),
    new ListPartsCommand(0),
    new UploadPartCommand(0, 'next', 64, 'correct', seed + 1),
    new ListPartsCommand(0),
    new UploadPartCommand(0, 2, 32, 'none', seed + 2),
    new ListPartsCommand(0),
  ];
}

/** Runs generated sequences against the client's endpoint and reports. */
export async function runModelSequences(sequenceRunOptions: SequenceRunOptions): Promise<PropertyReport> {
  const env: JudgeEnv = { profile: sequenceRunOptions.profile, seed: sequenceRunOptions.seed };
  const minPartSize = sequenceRunOptions.profile.limits.minPartSize.value;
  const coverage = new Set<string>();
  let run = 0;
  let steps: string[] = [];
  const shared = {
    id: sequenceRunOptions.id,
    seed: sequenceRunOptions.seed,
    timeLimitMs: sequenceRunOptions.timeLimitMs,
    recorder: sequenceRunOptions.recorder,
    async predicate(cmds: Iterable<ModelCommand>): Promise<void> {
      const runIndex = run++;
      const uploads: Array<{ key: string; uploadId: string }> = [];
      const objects: string[] = [];
      steps = [];
      const real: ModelReal = {
        client: sequenceRunOptions.client,
        env,
        keyOf: (i) => `${sequenceRunOptions.keyPrefix}r${runIndex}/u${i}`,
        uploadIds: new Map(),
        onUploadStarted: (key, uploadId) => {
          uploads.push({ key, uploadId });
          sequenceRunOptions.onUploadStarted(key, uploadId);
        },
        onObjectCreated: (key) => {
          objects.push(key);
          sequenceRunOptions.onObjectCreated(key);
        },
        steps,
        coverage,
      };
      try {
        // Every sequence starts with one open upload, so its first command already has work to do.
        const model = emptyModel();
        await new InitiateCommand().run(model, real);
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      } finally {
        await sequenceRunOptions.cleanup(uploads, objects);
      }
    },
    describe: () => steps.map((s, i) => `${i + 1}. ${s}`).join('\n'),
    coverage: () => [...coverage].sort(),
  };
  if (!sequenceRunOptions.replay) {
    // The fixed sequence, once, before the generated ones (a replay reruns only its generated case). It needs no
    // shrinking or token: every run of the check with any seed runs it again.
    const fixed = await runProperty<Iterable<ModelCommand>>({
      ...shared,
      numRuns: 1,
      arbitrary: () => fc.constant(readAfterWrite(minPartSize, sequenceRunOptions.seed)),
    });
    if (fixed.failed) {
      const { replay: _none, ...report } = fixed;
      return report;
    }
  }
  return runProperty<Iterable<ModelCommand>>({
    ...shared,
    replay: sequenceRunOptions.replay,
    numRuns: sequenceRunOptions.numRuns,
    arbitrary: (replayPath) =>
      fc.commands(modelCommandArbs(minPartSize), {
        maxCommands: sequenceRunOptions.maxCommands,
        replayPath,
        size: 'max',
      }),
  });
}
