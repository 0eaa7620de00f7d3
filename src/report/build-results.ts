/** Assembles results.json from what a run collected: entries, history statistics, manifest, and the gate. */
import type { Baseline } from './baseline.ts';
import { countOutcomes } from './aggregate.ts';
import { withConfidence } from './confidence.ts';
import { computeGate } from './gate.ts';
import type { HistoryStats } from './history.ts';
import {
  type CheckEntry,
  type LeftoverEntry,
  type Manifest,
  RESULTS_FORMAT_VERSION,
  RESULTS_SCHEMA_ID,
  type Results,
} from './results-schema.ts';

export interface BuildResultsInput {
  runId: string;
  manifest: Manifest;
  checks: CheckEntry[];
  unhandledErrors: Results['unhandledErrors'];
  /** What the spec files' cleanup could not remove. */
  leftovers?: readonly LeftoverEntry[];
  interrupted: boolean;
  /** The signal that stopped the run, when one did. */
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  history: HistoryStats;
  /** File name of the history, relative to results.json. */
  historyFile?: string;
  baseline?: Baseline;
  baselineFile?: string;
  strict?: boolean;
}

/** Builds a complete, gated results document; each entry carries its profile's confidence. */
export function buildResults(input: BuildResultsInput): Results {
  const checks = withConfidence(input.checks, input.manifest.profile);
  const summary = {
    ...countOutcomes(input.checks),
    uploadPart: { ...input.history.uploadPart },
    interrupted: input.interrupted || input.interruptedBy !== undefined,
    ...(input.interruptedBy ? { interruptedBy: input.interruptedBy } : {}),
  };
  const gate = computeGate({
    checks,
    summary,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.baselineFile ? { baselineFile: input.baselineFile } : {}),
    strict: input.strict ?? false,
    shard: input.manifest.selection.shard !== undefined,
    replay: input.manifest.replay !== undefined,
  });
  return {
    $schema: RESULTS_SCHEMA_ID,
    formatVersion: RESULTS_FORMAT_VERSION,
    runId: input.runId,
    manifest: input.manifest,
    summary,
    gate,
    checks,
    unhandledErrors: input.unhandledErrors,
    ...(input.leftovers && input.leftovers.length > 0 ? { leftovers: [...input.leftovers] } : {}),
    history: { file: input.historyFile ?? 'history.ndjson', exchanges: input.history.exchanges },
  };
}

/** Re-gates existing results (another baseline, --strict): the entries and summary stay as they are. */
export function regate(
  results: Results,
  options: { baseline?: Baseline; baselineFile?: string; strict?: boolean },
): Results {
  return {
    ...results,
    gate: computeGate({
      checks: results.checks,
      summary: results.summary,
      ...(options.baseline ? { baseline: options.baseline } : {}),
      ...(options.baselineFile ? { baselineFile: options.baselineFile } : {}),
      strict: options.strict ?? false,
      shard: results.manifest.selection.shard !== undefined,
      replay: results.manifest.replay !== undefined,
    }),
  };
}
