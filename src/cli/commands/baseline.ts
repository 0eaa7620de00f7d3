/** `baseline update RUN -o FILE`: the run's failures become the expected failures (hand-written reasons are kept). */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeJsonAtomic } from '../../report/atomic-write.ts';
import {
  type Baseline,
  baselineFromResults,
  loadBaseline,
  unexplainedExpectations,
} from '../../report/baseline.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { loadResults } from '../../report/load-results.ts';
import { type CliIo, noteTo, println } from '../io.ts';

async function exists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}

export async function baselineUpdateCommand(
  run: string,
  options: { out: string },
  io: CliIo,
): Promise<number> {
  const loaded = await loadResults(resolve(io.cwd, run));
  const file = resolve(io.cwd, options.out);
  const previous: Baseline | undefined = (await exists(file))
    ? await loadBaseline(file, noteTo(io))
    : undefined;
  const baseline = baselineFromResults(loaded.results, previous);
  await writeJsonAtomic(file, baseline);
  const before = new Set(previous?.expectedFailures.map((e) => e.checkId) ?? []);
  const after = new Set(baseline.expectedFailures.map((entry) => entry.checkId));
  const added = [...after].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !after.has(id));
  println(io.stdout, `wrote ${file}: ${after.size} expected failure(s) for profile ${baseline.profile}`);
  if (previous) println(io.stdout, `  added ${added.length}, removed ${removed.length}`);
  for (const id of added) println(io.stdout, `  + ${id}`);
  for (const id of removed) println(io.stdout, `  - ${id}`);
  const unexplained = unexplainedExpectations(baseline);
  if (unexplained.length > 0) {
    println(
      io.stdout,
      `  ${unexplained.length} unexplained (reason still the placeholder; write why each fails): ${unexplained.join(', ')}`,
    );
  }
  return EXIT.OK;
}
