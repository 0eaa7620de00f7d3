/**
 * `run --dry-run`: the plan of the run and nothing else. The selection is resolved as a run would (`--only`,
 * `--skip`, `--shard`, `--tier`, `--profile`, `--max-bytes`); no server is started, no connection made, no report
 * directory created. One line per selected check (id, requests, bytes, tier or skip reason) and the total.
 */
import type { RunConfig } from '../config.ts';
import { formatBytes } from '../byte-size.ts';
import { type CliIo, println } from '../io.ts';
import { selectChecks } from './prepare.ts';
import { planTraffic } from './traffic-plan.ts';

/** Prints the plan of `config`'s run; exit code 0. */
export function printDryRun(config: RunConfig, io: CliIo): number {
  const { selection } = selectChecks(config, io);
  const plan = planTraffic(selection.checks, config);
  println(
    io.stdout,
    `dry run: ${plan.checks.length} check(s) · profile ${config.profile} · tier ${config.tier}${config.maxBytes !== undefined ? ` · --max-bytes ${config.maxBytes}` : ''} · nothing is sent`,
  );
  const width = Math.max(...plan.checks.map((c) => c.id.length), 5);
  for (const check of plan.checks) {
    const what = check.skip ? `skip: ${check.skip}` : `tier ${config.tier}`;
    println(
      io.stdout,
      `  ${check.id.padEnd(width)}  ${String(check.estimate.requests).padStart(6)} requests  ${String(check.estimate.bytes).padStart(12)} bytes  ${what}`,
    );
  }
  const running = plan.checks.filter((c) => !c.skip).length;
  println(
    io.stdout,
    `total: ${running} check(s) would run, at most ${plan.requests} requests and ${plan.bytes} bytes (${formatBytes(plan.bytes)}) uploaded`,
  );
  return 0;
}
