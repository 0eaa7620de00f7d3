/** `compare RUN... -o DIR`: vendors side by side (check × vendor matrix) in Markdown, HTML and JSON. */
import { join, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../report/atomic-write.ts';
import { type Baseline, loadBaseline } from '../../report/baseline.ts';
import {
  buildComparison,
  type CompareInput,
  renderCompareHtml,
  renderCompareMarkdown,
} from '../../report/compare.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { loadResults } from '../../report/load-results.ts';
import { operationStatsOf } from '../../report/operations.ts';
import type { Results } from '../../report/results-schema.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, noteTo, println } from '../io.ts';

export interface CompareOptions {
  out: string;
  baseline?: Array<[string, string]>;
}

/** The default column name of a run: its `--label`, else the endpoint's host. */
export function defaultLabel(results: Results): string {
  if (results.manifest.label) return results.manifest.label;
  try {
    const host = new URL(results.manifest.target.endpoint).host;
    return results.manifest.target.embedded ? `reference (${host})` : host;
  } catch {
    return results.runId;
  }
}

/** Splits `label=path` (a label is given) from a plain path; a Windows-free heuristic: `=` before any `/`. */
function splitRunArg(arg: string): { label?: string; path: string } {
  const eq = arg.indexOf('=');
  const slash = arg.indexOf('/');
  if (eq > 0 && (slash < 0 || eq < slash)) return { label: arg.slice(0, eq), path: arg.slice(eq + 1) };
  return { path: arg };
}

export async function compareCommand(runs: string[], options: CompareOptions, io: CliIo): Promise<number> {
  if (runs.length < 1) throw new UsageError(ERROR_CODES.usage, 'compare needs at least one run directory');
  const inputs: CompareInput[] = [];
  for (const arg of runs) {
    const { label, path } = splitRunArg(arg);
    const loaded = await loadResults(resolve(io.cwd, path));
    // Per-operation statuses and latency from the history beside results.json (none when it is absent).
    const operations = await operationStatsOf(join(loaded.dir, 'history.ndjson'));
    inputs.push({
      label: label ?? defaultLabel(loaded.results),
      results: loaded.results,
      ...(operations.length > 0 ? { operations } : {}),
    });
  }
  const baselines = new Map<string, Baseline>();
  for (const [label, file] of options.baseline ?? []) {
    if (!inputs.some((i) => i.label === label)) {
      throw new UsageError(
        ERROR_CODES.badOption,
        `--baseline ${label}=…: no run is labelled "${label}" (labels: ${inputs.map((i) => i.label).join(', ')})`,
      );
    }
    baselines.set(label, await loadBaseline(resolve(io.cwd, file), noteTo(io)));
  }
  const comparison = buildComparison(
    inputs.map((compareInput) => {
      const baseline = baselines.get(compareInput.label);
      return baseline ? { ...compareInput, baseline } : compareInput;
    }),
  );
  const dir = resolve(io.cwd, options.out);
  await writeJsonAtomic(join(dir, 'compare.json'), comparison);
  await writeFileAtomic(join(dir, 'compare.md'), renderCompareMarkdown(comparison));
  await writeFileAtomic(join(dir, 'compare.html'), renderCompareHtml(comparison));
  const differing = comparison.rows.filter((entry) => entry.differs).length;
  println(
    io.stdout,
    `compared ${comparison.columns.length} run(s) over ${comparison.rows.length} check(s); ${differing} differ`,
  );
  for (const note of comparison.notes) println(io.stdout, `note: ${note}`);
  println(io.stdout, `wrote ${join(dir, 'compare.md')}, compare.html and compare.json`);
  return EXIT.OK;
}
