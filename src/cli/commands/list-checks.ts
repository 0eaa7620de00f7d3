/** `list-checks`: the catalogue, optionally filtered like a run, as text or JSON. */
import { selectChecks } from '../../checks/select.ts';
import { EXIT } from '../../report/exit-codes.ts';
import type { Tier } from '../../runner/context.ts';
import type { ProfileName } from '../../target/types.ts';
import { CHECKS } from '../../checks/registry.ts';
import { resolveSelection } from '../check-selection.ts';
import { type CliIo, noteTo, println } from '../io.ts';

export interface ListChecksOptions {
  only?: string[];
  skip?: string[];
  tier?: Tier;
  profile?: ProfileName;
  json?: boolean;
}

export async function listChecksCommand(options: ListChecksOptions, io: CliIo): Promise<number> {
  const selection =
    (options.only?.length ?? 0) + (options.skip?.length ?? 0) > 0
      ? resolveSelection({ only: options.only ?? [], skip: options.skip ?? [] })
      : undefined;
  selection?.notes.forEach(noteTo(io));
  const selected = selection?.checks ?? [...CHECKS];
  const ids = new Set(selected.map((c) => c.id));
  const checks = selectChecks(CHECKS, {
    ...(options.tier ? { tier: options.tier } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    includeRunScope: true,
  }).filter((c) => ids.has(c.id) || (c.scope === 'run' && (options.only?.length ?? 0) === 0));
  if (options.json) {
    println(io.stdout, JSON.stringify(checks, null, 2));
    return EXIT.OK;
  }
  let family = '';
  for (const check of checks) {
    if (check.family !== family) {
      family = check.family;
      println(io.stdout, `\n${family}`);
    }
    const extra = [
      check.severity,
      ...(check.tiers ? [`tiers ${check.tiers.join('/')}`] : []),
      ...(check.profiles ? [`profiles ${check.profiles.join('/')}`] : []),
    ];
    println(io.stdout, `  ${check.id}  [${extra.join(', ')}]  ${check.title}`);
  }
  println(io.stdout, `\n${checks.length} check(s)`);
  return EXIT.OK;
}
