/** Generated sequences against the reference server: conformant → pass; a mutant → a shrunk, replayable failure. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CosClient } from '../../src/client/cos-client.ts';
import { Recorder } from '../../src/client/recorder.ts';
import { decodeReplayToken } from '../../src/model/replay.ts';
import { runModelSequences, type SequenceRunOptions } from '../../src/model/sequences.ts';
import { COS_PROFILE, S3_PROFILE } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/types.ts';
import {
  type Behaviour,
  type RunningServer,
  type ServerOptions,
  startServer,
} from '../../src/server/index.ts';
import { findMutant, mutantServerOptions } from '../../src/server/mutants/index.ts';
import { localTarget } from '../../src/server/local-target.ts';

const servers: RunningServer[] = [];
const clients: CosClient[] = [];

async function against(behaviour: Partial<Behaviour> = {}, handlers: ServerOptions['handlers'] = {}) {
  const server = await startServer({ port: 0, behaviour, handlers });
  servers.push(server);
  const recorder = new Recorder();
  const client = new CosClient(localTarget(server.url), { recorder });
  clients.push(client);
  return { client, recorder };
}

function options(
  client: CosClient,
  recorder: Recorder,
  profile: Profile,
  extra: Partial<SequenceRunOptions> = {},
): SequenceRunOptions {
  const opened: Array<{ key: string; uploadId: string }> = [];
  return {
    id: 'model.multipart.sequences',
    seed: 7,
    numRuns: 10,
    timeLimitMs: 20_000,
    maxCommands: 20,
    client,
    recorder,
    profile,
    keyPrefix: `t${Math.random().toString(36).slice(2)}/`,
    onUploadStarted: (key, uploadId) => opened.push({ key, uploadId }),
    onObjectCreated: () => {},
    cleanup: async (uploads) => {
      await Promise.all(uploads.map((u) => client.abortMultipartUpload(u.key, u.uploadId)));
    },
    ...extra,
  };
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
});

describe('model sequences against the reference server', () => {
  let conformant: Awaited<ReturnType<typeof against>>;
  beforeAll(async () => {
    conformant = await against();
  });

  test('the conformant server answers as the model predicts (cos profile)', async () => {
    const r = await runModelSequences(options(conformant.client, conformant.recorder, COS_PROFILE));
    expect(r.failed, `${r.reason}\n${r.counterexample}`).toBe(false);
    expect(r.numRuns).toBe(10);
    // The generator reaches every kind of step and answer the model judges: terminal states (after Abort and
    // Complete), invalid part numbers, a wrong Content-MD5, a wrong ETag and an empty list at Complete.
    expect(r.coverage).toEqual(
      expect.arrayContaining([
        'Initiate→200',
        'UploadPart→200',
        'UploadPart→400 InvalidArgument',
        'UploadPart→400 BadDigest',
        'UploadPart→404 NoSuchUpload',
        'ListParts→200',
        'ListParts→404 NoSuchUpload',
        'Complete→200',
        'Complete→400 InvalidPart',
        'Complete→400 MalformedXML',
        'Complete→404 NoSuchUpload',
        'Abort→204',
        'Abort→404 NoSuchUpload',
      ]),
    );
  });

  test('the model is profile-aware: a server with S3 rules (gaps allowed, 5 MiB minimum) conforms to s3', async () => {
    const s3like = await against({ completeRequiresContiguous: false, minPartSize: 5 * 1024 * 1024 });
    const r = await runModelSequences(options(s3like.client, s3like.recorder, S3_PROFILE, { numRuns: 6 }));
    expect(r.failed, `${r.reason}\n${r.counterexample}`).toBe(false);
  });

  test('a mutant that ignores Complete ETags fails, shrinks to a short sequence, and the token replays it', async () => {
    const mutant = await against({ checkCompleteEtags: false });
    const r = await runModelSequences(options(mutant.client, mutant.recorder, COS_PROFILE, { numRuns: 60 }));
    expect(r.failed).toBe(true);
    expect(r.failureOutcome).toBe('fail');
    expect(r.reason).toMatch(/complete\.complete\.wrong-etag/);
    expect(r.counterexample!.split('\n').length).toBeLessThanOrEqual(4);
    expect(r.exchanges.length).toBeGreaterThan(0);
    const token = decodeReplayToken(r.replay!);
    expect(token.replayPath).toBeDefined();
    const again = await runModelSequences(
      options(mutant.client, mutant.recorder, COS_PROFILE, { replay: token, seed: 999 }),
    );
    expect(again.failed).toBe(true);
    expect(again.counterexample).toBe(r.counterexample);
  });

  describe('the fixed read-after-write sequence', () => {
    test('catches a stale List Parts at every seed, even when the generator draws nothing (numRuns 0)', async () => {
      const stale = await against({}, mutantServerOptions(findMutant('list-parts-stale-cache')).handlers);
      for (const seed of [1, 5, 11]) {
        const r = await runModelSequences(
          options(stale.client, stale.recorder, COS_PROFILE, {
            seed,
            numRuns: 0,
          }),
        );
        expect(r.failed, `seed ${seed}`).toBe(true);
        expect(r.reason, `seed ${seed}`).toMatch(/ListParts/);
        expect(r.replay, 'the fixed sequence needs no token: every run replays it').toBeUndefined();
      }
    });

    test('passes on the conformant server', async () => {
      const ok = await against();
      const r = await runModelSequences(options(ok.client, ok.recorder, COS_PROFILE, { numRuns: 0 }));
      expect(r.failed, `${r.reason}\n${r.counterexample}`).toBe(false);
    });
  });
});
