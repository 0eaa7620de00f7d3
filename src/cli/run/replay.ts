/** What `--replay TOKEN` changes in a run: the selection it implies and the flags a replay command repeats. */
import { decodeReplayToken } from '../../model/replay.ts';
import type { Target } from '../../target/types.ts';
import { checkById } from '../../checks/registry.ts';
import type { RunConfig } from '../config.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';

/**
 * The `--only` of a run: as given, or, for `--replay TOKEN` without `--only`, just the token's check, so that a
 * replay reruns that one case rather than the whole suite. A token for a check this catalogue does not have is
 * a usage error.
 */
export function replayOnly(config: RunConfig): readonly string[] {
  if (!config.replay) return config.only;
  const { id } = decodeReplayToken(config.replay);
  if (!checkById(id)) {
    throw new UsageError(
      ERROR_CODES.badReplayToken,
      `--replay is for check ${id}, which this version of the catalogue does not have (see cos-conformance list-checks)`,
    );
  }
  return config.only.length > 0 ? config.only : [id];
}

/** A replay token whose check the selection leaves out: a usage error. */
export function assertReplaySelected(config: RunConfig, selected: ReadonlyArray<{ id: string }>): void {
  if (!config.replay) return;
  const { id } = decodeReplayToken(config.replay);
  if (!selected.some((c) => c.id === id)) {
    throw new UsageError(
      ERROR_CODES.badReplayToken,
      `--replay is for check ${id}, which --only/--skip/--shard leave out: drop them, or add --only ${id}`,
    );
  }
}

/** The flags a replay command needs besides `--replay`, so it reruns against the same target and inputs. */
export function replayFlags(config: RunConfig, runSeed: number, target: Target): string {
  const parts = config.embedded
    ? [
        '--embedded',
        ...(config.mutant !== undefined ? [`--mutant ${config.mutant}`] : []),
        ...(config.variant !== undefined ? [`--variant ${config.variant}`] : []),
      ]
    : [`--endpoint ${target.endpoint}`, `--bucket ${target.bucket}`];
  parts.push(
    `--region ${target.region}`,
    `--addressing ${target.addressing}`,
    `--signer ${target.signer}`,
    `--profile ${config.profile}`,
    `--tier ${config.tier}`,
    `--seed ${runSeed}`,
  );
  return `${parts.join(' ')} `;
}
