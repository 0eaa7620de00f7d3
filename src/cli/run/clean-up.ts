/**
 * Phase 4 of `run`, clean up (README "Cleanup guarantees"): whatever the suite's own teardown did, abort every
 * upload still open under the run's prefix and delete every object left under it, then remove the bucket if the
 * run created it, and close the history. Runs after a normal end, a failure and an interruption alike; only a
 * second signal or a vanished endpoint leaves work for `sweep`, and then it says so.
 */
import type { LeftoverEntry } from '../../report/results-schema.ts';
import { type CliIo, println } from '../io.ts';
import { deleteObjectsUnder, type ObjectSweepResult } from '../remove-objects.ts';
import { abortOpenUploads, type SweepResult } from '../abort-open-uploads.ts';
import type { StartedTarget } from './start-target.ts';

export interface CleanupOutcome {
  uploads: SweepResult;
  objects: ObjectSweepResult;
}

/** Cleans the run's prefix (and bucket); prints what it did and what is left for `sweep`. */
export async function cleanUp(
  started: StartedTarget,
  keyPrefix: string,
  leftovers: readonly LeftoverEntry[],
  io: CliIo,
): Promise<CleanupOutcome> {
  const { client, target } = started;
  const uploads = await abortOpenUploads(client, keyPrefix);
  if (uploads.found > 0) {
    println(
      io.stdout,
      `safety sweep: aborted ${uploads.aborted} of ${uploads.found} upload(s) left open under ${keyPrefix}`,
    );
  }
  const objects = await deleteObjectsUnder(client, keyPrefix);
  if (objects.found > 0) {
    println(
      io.stdout,
      `safety sweep: deleted ${objects.deleted} of ${objects.found} object(s) left under ${keyPrefix}`,
    );
  }
  const incomplete = [
    ...(uploads.listError ? [`listing uploads: ${uploads.listError}`] : []),
    ...(uploads.failed.length > 0 ? [`${uploads.failed.length} abort(s) failed`] : []),
    ...(objects.listError ? [`listing objects: ${objects.listError}`] : []),
    ...(objects.failed.length > 0 ? [`${objects.failed.length} delete(s) failed`] : []),
  ];
  if (incomplete.length > 0) {
    println(
      io.stderr,
      `safety sweep incomplete (${incomplete.join('; ')}): run \`cos-conformance sweep\` once the endpoint answers`,
    );
  }
  if (leftovers.length > 0) {
    println(
      io.stderr,
      `cleanup could not remove ${leftovers.length} upload(s)/object(s) (${leftovers[0]!.answer}${leftovers.length > 1 ? ', …' : ''}): not verdicts, listed under leftovers in results.json`,
    );
  }
  if (started.createdBucket) {
    const removed = await client.deleteBucket();
    if ((removed.status ?? 0) >= 300 || removed.transportError) {
      println(
        io.stderr,
        `could not remove bucket ${target.bucket} created by this run: ${removed.error?.code ?? removed.status ?? removed.transportError?.code}`,
      );
    }
  }
  await started.recorder.close();
  return { uploads, objects };
}
