/**
 * Generated operation sequences over the upload model (src/model/): fc.commands + fc.asyncModelRun, judged step
 * by step under the profile. A failure prints the shrunk list of requests and a replay token.
 */
import { describe } from 'vitest';
import { sequences } from '../src/checks/families/model.ts';
import { firstMissing, needsOf } from '../src/checks/needs.ts';
import { runModelSequences } from '../src/model/sequences.ts';
import { MissingOperationError } from './support/parts.ts';
import { budget, replayOf } from './support/property.ts';
import { assertFamilyCovered, checkTest, useSuite } from './support/suite.ts';

const suite = useSuite('model');

describe('model', () => {
  checkTest(suite, sequences, async ({ seed }) => {
    const report = await runModelSequences({
      id: sequences.id,
      seed,
      replay: replayOf(suite, sequences),
      ...budget(suite, { runs: 12, ms: 25_000 }, { runs: 80, ms: 300_000 }),
      maxCommands: suite.tier === 'full' ? 25 : 12,
      client: suite.client,
      recorder: suite.recorder,
      profile: suite.profile,
      keyPrefix: `${suite.key('seq')}/`,
      onUploadStarted: (key, uploadId) => suite.tracker.uploadStarted(key, uploadId),
      onObjectCreated: (key) => suite.tracker.objectCreated(key),
      cleanup: (uploads, objects) => suite.tracker.cleanup(suite.client, { uploads, objects }),
    });
    // A shrunk case that fails on an operation the endpoint lacks (405, 501) is that missing operation, not a verdict.
    const missing = report.failed
      ? firstMissing(report.exchanges, needsOf(sequences.id)?.needs ?? [])
      : undefined;
    if (missing) throw new MissingOperationError(missing.op, missing.exchange);
    return report;
  });

  assertFamilyCovered(suite);
});
