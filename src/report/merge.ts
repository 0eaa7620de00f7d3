/**
 * `merge`: shards of one run (`run --shard i/n`, same seed, target, profile and tier) back into one run:
 * results.json entries, history.ndjson and junit.xml. The merged run is gated afresh.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ReportInputError } from './errors.ts';
import type { LoadedRun } from './load-results.ts';
import type { CheckEntry, Manifest } from './results-schema.ts';
import { RUN_FILES } from './write-run.ts';

/** Manifest fields that must agree for shards to be parts of one run (embedded servers differ only by port). */
function identity(m: Manifest): string {
  const endpoint = m.target.embedded ? '(embedded)' : m.target.endpoint;
  return JSON.stringify([
    m.runSeed,
    m.profile,
    m.tier,
    endpoint,
    m.target.bucket,
    m.selection.only,
    m.selection.skip,
  ]);
}

/** Checks that the runs are shards of one run; throws E_INPUT_MISMATCH naming the odd one out. */
export function assertMergeable(runs: readonly LoadedRun[]): void {
  if (runs.length === 0)
    throw new ReportInputError('E_INPUT_NOT_FOUND', 'merge needs at least one run directory');
  const first = identity(runs[0]!.results.manifest);
  for (const run of runs.slice(1)) {
    if (identity(run.results.manifest) !== first) {
      throw new ReportInputError(
        'E_INPUT_MISMATCH',
        `${run.file} is not a shard of the same run as ${runs[0]!.file}: seed, profile, tier, target and selection must match`,
      );
    }
  }
  const shards = runs
    .map((loadedRun) => loadedRun.results.manifest.selection.shard)
    .filter((text): text is string => text !== undefined);
  const dup = shards.find((s, i) => shards.indexOf(s) !== i);
  if (dup) throw new ReportInputError('E_INPUT_MISMATCH', `shard ${dup} is given twice`);
}

/** Entries of all shards; where two shards hold the same test and check, a verdict wins over a skip. */
export function mergeEntries(runs: readonly LoadedRun[]): CheckEntry[] {
  const byKey = new Map<string, CheckEntry>();
  const order: string[] = [];
  for (const run of runs) {
    for (const entry of run.results.checks) {
      const key = `${entry.test.file}\u0000${entry.test.fullName}\u0000${entry.checkId}`;
      const prev = byKey.get(key);
      if (!prev) {
        byKey.set(key, entry);
        order.push(key);
      } else if (prev.outcome === 'skip' && entry.outcome !== 'skip') {
        byKey.set(key, entry);
      }
    }
  }
  return order.map((name) => byKey.get(name)!);
}

/** The manifest of the merged run: the first shard's, spanning all shards' times, with no shard of its own. */
export function mergeManifests(runs: readonly LoadedRun[], argv: string[]): Manifest {
  const manifests = runs.map((loadedRun) => loadedRun.results.manifest);
  const first = manifests[0]!;
  const startedAt = manifests.map((m) => m.startedAt).sort()[0]!;
  const endedAt = manifests
    .map((m) => m.endedAt)
    .sort()
    .at(-1)!;
  const shards = manifests.map((m) => m.selection.shard).filter((text): text is string => text !== undefined);
  const { shard: _omit, ...selection } = first.selection;
  return {
    ...first,
    selection: { ...selection, ...(shards.length > 0 ? { mergedShards: shards } : {}) },
    argv,
    startedAt,
    endedAt,
  };
}

/** Concatenates the shards' history files into `outFile` (streamed; missing shard histories are skipped). */
export async function mergeHistories(runs: readonly LoadedRun[], outFile: string): Promise<void> {
  const tmp = `${outFile}.${process.pid}.tmp`;
  await mkdir(dirname(outFile), { recursive: true });
  await rm(tmp, { force: true });
  try {
    for (const run of runs) {
      const src = join(run.dir, run.results.history.file);
      try {
        await pipeline(createReadStream(src), createWriteStream(tmp, { flags: 'a' }));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    await appendFile(tmp, '');
    await rename(tmp, outFile);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

function attr(tag: string, name: string): number {
  const match = new RegExp(`\\s${name}="([0-9.]+)"`).exec(tag);
  return match ? Number(match[1]) : 0;
}

/**
 * Merges vitest JUnit files: the `<testsuite>` elements of each, under one `<testsuites>` whose counters are the
 * sums. Returns undefined when no shard has a junit.xml.
 */
export async function mergeJunit(runs: readonly LoadedRun[]): Promise<string | undefined> {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, time: 0 };
  let name = 'cos-conformance';
  let found = false;
  for (const run of runs) {
    let xml: string;
    try {
      xml = await readFile(join(run.dir, RUN_FILES.junit), 'utf8');
    } catch {
      continue;
    }
    found = true;
    const root = /<testsuites\b[^>]*>/.exec(xml)?.[0];
    if (root) {
      name = /\sname="([^"]*)"/.exec(root)?.[1] ?? name;
      totals.tests += attr(root, 'tests');
      totals.failures += attr(root, 'failures');
      totals.errors += attr(root, 'errors');
      totals.time += attr(root, 'time');
    }
    suites.push(...(xml.match(/<testsuite\b[\s\S]*?<\/testsuite>/g) ?? []));
  }
  if (!found) return undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    `<testsuites name="${name}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${totals.time.toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
