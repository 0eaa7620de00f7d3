/**
 * Writes the files of a run into its directory, each atomically: results.json (the source of truth),
 * report.md (and the GitHub job summary), report.html. junit.xml is written by vitest's own reporter and
 * history.ndjson by the client's Recorder; both are named here so every writer agrees.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REDACTED } from '../client/redact.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { Results } from './results-schema.ts';

/** File names inside a run directory. */
export const RUN_FILES = {
  results: 'results.json',
  history: 'history.ndjson',
  junit: 'junit.xml',
  markdown: 'report.md',
  html: 'report.html',
} as const;

export interface WriteRunOptions {
  /** Secrets scrubbed from every file, as a last line of defence (the recorder already redacts). */
  secrets?: readonly string[];
  /** Append report.md to this file (the CLI passes $GITHUB_STEP_SUMMARY). */
  stepSummaryFile?: string;
}

/**
 * Scrubs known secrets from a rendered file, in raw, JSON-escaped, URL-encoded and HTML-escaped form. (Signature
 * patterns are the recorder's job: here they would also hit the `$COS_SECURITY_TOKEN` placeholders of curl lines.)
 */
export function scrubRendered(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
    forms.add(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) out = out.split(form).join(REDACTED);
  return out;
}

/** Writes results.json, report.md and report.html into `dir`; returns their paths. */
export async function writeRunReports(dir: string, results: Results, options: WriteRunOptions = {}) {
  const secrets = options.secrets ?? [];
  const paths = {
    results: join(dir, RUN_FILES.results),
    markdown: join(dir, RUN_FILES.markdown),
    html: join(dir, RUN_FILES.html),
  };
  const markdown = scrubRendered(renderMarkdown(results), secrets);
  await writeFileAtomic(paths.results, scrubRendered(`${JSON.stringify(results, null, 2)}\n`, secrets));
  await writeFileAtomic(paths.markdown, markdown);
  await writeFileAtomic(paths.html, scrubRendered(renderHtml(results), secrets));
  if (options.stepSummaryFile) await appendFile(options.stepSummaryFile, `${markdown}\n`);
  return paths;
}
