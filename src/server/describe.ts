/** A one-line description of a running server, for the CLI's `serve` command. */
import type { RunningServer } from './options.ts';

export function describeServer(running: RunningServer): string {
  const mutant = running.mutations.length > 0 ? ` MUTANT (${running.mutations.join(', ')})` : '';
  const stripped =
    running.withoutOperations.length > 0 ? ` STRIPPED (without ${running.withoutOperations.join(', ')})` : '';
  return (
    `COS reference server listening on ${running.url} (region ${running.region}, ` +
    `buckets ${running.buckets.join(', ') || 'none'}, data ${running.dataDir})${mutant}${stripped}`
  );
}
