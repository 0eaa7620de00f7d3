/**
 * `sweep`: aborts the multipart uploads that crashed or killed runs left open under the harness's key prefix
 * (docs/architecture.md "Safety on a real account"). `run` does the same for its own prefix at its end; this is for the rest.
 */
import { CosClient } from '../../client/cos-client.ts';
import { Recorder } from '../../client/recorder.ts';
import { redact, redactError } from '../../client/redact.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { type RunFlags, resolveRunConfig, secretsOf, targetOf } from '../config.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, println } from '../io.ts';
import { probeBucket, probeContextOf } from '../probe.ts';
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
    if (result.listError) {
      println(
        io.stderr,
        redact(`cos-conformance: listing uploads under ${prefix} failed: ${result.listError}`, secrets),
      );
      return EXIT.USAGE;
    }
    println(
      io.stdout,
      dryRun
        ? `${result.found} upload(s) open under ${prefix} (dry run: nothing aborted)`
        : `aborted ${result.aborted} of ${result.found} upload(s) open under ${prefix}`,
    );
    for (const f of result.failed) {
      println(io.stderr, redact(`  could not abort ${f.key} (${f.uploadId}): ${f.why}`, secrets));
    }
    return result.failed.length > 0 ? EXIT.NONCONFORMANT : EXIT.OK;
  } catch (err) {
    throw redactError(err, secrets);
  } finally {
    await client.close();
  }
}
