/**
 * `sweep`: aborts the multipart uploads and deletes the objects that crashed, killed or cut-off runs left under
 * the harness's key prefix (README "Cleanup guarantees"). `run` does the same for its own prefix at its end; this
 * is for the rest. Keys outside the prefix are never listed, so never touched.
 */
import { CosClient } from '../../client/cos-client.ts';
import { Recorder } from '../../client/recorder.ts';
import { redact, redactError } from '../../client/redact.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { type RunFlags, resolveRunConfig, secretsOf, targetOf } from '../config.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, println } from '../io.ts';
import { probeBucket, probeContextOf } from '../probe.ts';
import { deleteObjectsUnder } from '../remove-objects.ts';
import { abortOpenUploads } from '../abort-open-uploads.ts';

/** Every key a run touches starts with this. */
export const HARNESS_PREFIX = 'cos-conformance/';

export interface SweepOptions
  extends Pick<RunFlags, 'endpoint' | 'bucket' | 'region' | 'addressing' | 'signer' | 'profile' | 'config'> {
  prefix?: string;
  dryRun?: boolean;
}

export async function sweepCommand(options: SweepOptions, io: CliIo): Promise<number> {
  const prefix = options.prefix ?? HARNESS_PREFIX;
  if (!prefix.startsWith(HARNESS_PREFIX)) {
    throw new UsageError(
      ERROR_CODES.badOption,
      `--prefix must start with ${HARNESS_PREFIX}: sweep only touches the harness's own keys`,
    );
  }
  const { prefix: _p, dryRun, ...flags } = options;
  const config = await resolveRunConfig(flags, io.env, io.cwd);
  const secrets = secretsOf(config);
  const target = targetOf(config);
  const client = new CosClient(target, {
    recorder: new Recorder({ keep: false, secrets }),
  });
  try {
    await probeBucket(client, probeContextOf(target, config.credentialsSource), false);
    const result = await abortOpenUploads(client, prefix, undefined, dryRun ?? false);
    const objects = await deleteObjectsUnder(client, prefix, dryRun ?? false);
    const listError = result.listError
      ? `listing uploads under ${prefix} failed: ${result.listError}`
      : objects.listError
        ? `listing objects under ${prefix} failed: ${objects.listError}`
        : undefined;
    if (listError) {
      println(io.stderr, redact(`cos-conformance: ${listError}`, secrets));
      return EXIT.USAGE;
    }
    println(
      io.stdout,
      dryRun
        ? `${result.found} upload(s) open and ${objects.found} object(s) under ${prefix} (dry run: nothing removed)`
        : `aborted ${result.aborted} of ${result.found} upload(s) open and deleted ${objects.deleted} of ${objects.found} object(s) under ${prefix}`,
    );
    for (const f of result.failed) {
      println(io.stderr, redact(`  could not abort ${f.key} (${f.uploadId}): ${f.why}`, secrets));
    }
    for (const f of objects.failed)
      println(io.stderr, redact(`  could not delete ${f.key}: ${f.why}`, secrets));
    return result.failed.length + objects.failed.length > 0 ? EXIT.NONCONFORMANT : EXIT.OK;
  } catch (err) {
    throw redactError(err, secrets);
  } finally {
    await client.close();
  }
}
