/**
 * Phase 2 of `run`, start the target: the embedded reference server when asked (as a mutant or a variant), the
 * client and its recorder, and the bucket probe (exit 2 on connectivity problems, leaving no report directory).
 */
import { rm } from 'node:fs/promises';
import { CosClient } from '../../client/cos-client.ts';
import { Recorder } from '../../client/recorder.ts';
import type { RunningServer } from '../../server/options.ts';
import { mutantServerOptions } from '../../server/mutants/index.ts';
import { startServer } from '../../server/start.ts';
import type { Target } from '../../target/types.ts';
import { type RunConfig, targetOf } from '../config.ts';
import { type CliIo, println } from '../io.ts';
import { probeBucket, probeContextOf } from '../probe.ts';
import type { RunPlan } from './prepare.ts';

/**
 * Options of the embedded reference server: one space goes out before every Complete result, so the suite
 * exercises the keep-alive whitespace of spec §2.5 (`complete.complete.leading-whitespace`) on every embedded run
 * instead of only on a Complete slow enough for a keep-alive tick. A variant's own options override it.
 */
export const EMBEDDED_SERVER_OPTIONS = { completeLeadingWhitespace: ' ' } as const;

/** The target the suite runs against, and what must be closed at the end. */
export interface StartedTarget {
  target: Target;
  server?: RunningServer;
  recorder: Recorder;
  client: CosClient;
  /** The probe created the bucket (`--create-bucket`): the run removes it at the end. */
  createdBucket: boolean;
}

async function startEmbedded(config: RunConfig, plan: RunPlan, io: CliIo): Promise<RunningServer> {
  const { mutant, variant } = plan;
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    buckets: [config.bucket],
    region: config.region,
    ...(config.temporaryCredentials ? { temporaryCredentials: [{ ...config.temporaryCredentials }] } : {}),
    ...EMBEDDED_SERVER_OPTIONS,
    ...(mutant ? mutantServerOptions(mutant) : {}),
    ...(variant?.behaviour ? { behaviour: variant.behaviour } : {}),
    ...(variant?.server ?? {}),
  });
  println(io.stdout, `embedded reference server on ${server.url} (bucket ${config.bucket})`);
  if (mutant) {
    println(io.stdout, `  as mutant ${mutant.name}: ${mutant.description}`);
    const profile = mutant.run?.profile ?? 'cos';
    if (profile !== config.profile) println(io.stdout, `  note: its catches need --profile ${profile}`);
    if (mutant.run?.heavy && config.tier !== 'full') {
      println(io.stdout, '  note: some of its catches are in --tier full');
    }
  }
  if (variant) {
    println(io.stdout, `  as conformant variant ${variant.name}: ${variant.description}`);
    if (!variant.profiles.includes(config.profile)) {
      println(io.stdout, `  note: it is allowed under --profile ${variant.profiles.join(' or ')}`);
    }
  }
  return server;
}

/**
 * Starts the embedded server (if asked), then probes the bucket. On a failed probe everything started is
 * closed and the report directory the run created is removed before the error propagates.
 */
export async function startTarget(
  config: RunConfig,
  plan: RunPlan,
  secrets: readonly string[],
  io: CliIo,
): Promise<StartedTarget> {
  const server = config.embedded ? await startEmbedded(config, plan, io) : undefined;
  const target = targetOf(config, server?.url);
  const recorder = new Recorder({ ndjsonPath: plan.historyFile, keep: false, secrets: [...secrets] });
  const client = new CosClient(target, { recorder, connections: 4 });
  try {
    const probed = await probeBucket(
      client,
      probeContextOf(target, config.credentialsSource),
      config.createBucket,
    );
    if (probed.created) println(io.stdout, `created bucket ${target.bucket} (removed at the end of the run)`);
    return { target, ...(server ? { server } : {}), recorder, client, createdBucket: probed.created };
  } catch (err) {
    // Nothing ran: leave no report directory behind that holds only the probe's exchange.
    await closeTarget({ target, ...(server ? { server } : {}), recorder, client, createdBucket: false });
    if (plan.createdDir) await rm(plan.createdDir, { recursive: true, force: true });
    throw err;
  }
}

/** Closes the recorder, the client and the embedded server; never throws. */
export async function closeTarget(started: StartedTarget): Promise<void> {
  await started.recorder.close().catch(() => undefined);
  await started.client.close().catch(() => undefined);
  await started.server?.close().catch(() => undefined);
}
