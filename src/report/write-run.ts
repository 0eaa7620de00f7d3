/**
 * Writes the files of a run into its directory, each atomically: results.json (the source of truth),
 * report.md (and the GitHub job summary), report.html. junit.xml is written by vitest's own reporter and
 * history.ndjson by the client's Recorder; both are named here so every writer agrees.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { Results } from './results-schema.ts';
import { scrubResults } from './scrub-results.ts';

/** File names inside a run directory. */
export const RUN_FILES = {
  results: 'results.json',
  history: 'history.ndjson',
  junit: 'junit.xml',
  markdown: 'report.md',
  html: 'report.html',
} as const;

export interface WriteRunOptions {
  /**
   * Secrets scrubbed from the values of the results before anything is rendered, as a last line of defence (the
   * recorder and the collector already redact). Values only: keys and structure are never rewritten.
   */
  secrets?: readonly string[];
  /** Append report.md to this file (the CLI passes $GITHUB_STEP_SUMMARY). */
  stepSummaryFile?: string;
}

/**
 * Writes results.json, report.md and report.html into `dir`, all rendered from the results with the secrets
 * scrubbed from their values (see scrub-results.ts); returns their paths.
 */
export async function writeRunReports(dir: string, results: Results, options: WriteRunOptions = {}) {
  const clean = scrubResults(results, options.secrets ?? []);
  const paths = {
    results: join(dir, RUN_FILES.results),
    markdown: join(dir, RUN_FILES.markdown),
    html: join(dir, RUN_FILES.html),
  };
  const markdown = renderMarkdown(clean);
  await writeFileAtomic(paths.results, `${JSON.stringify(clean, null, 2)}\n`);
  await writeFileAtomic(paths.markdown, markdown);
  await writeFileAtomic(paths.html, renderHtml(clean));
  if (options.stepSummaryFile) await appendFile(options.stepSummaryFile, `${markdown}\n`);
  return paths;
}
