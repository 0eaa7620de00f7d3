/** Reads a run's results.json (given the file or its run directory) and validates it against the schema. */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ReportInputError } from './errors.ts';
import { RESULTS_FORMAT_VERSION, type Results, ResultsSchema } from './results-schema.ts';
import { RUN_FILES } from './write-run.ts';
import { formatZodIssues } from './zod-issues.ts';

export interface LoadedRun {
  /** The run directory (where history.ndjson and junit.xml live beside results.json). */
  dir: string;
  file: string;
  results: Results;
}

/** Resolves `path` (a run directory or a results.json) and loads it. */
export async function loadResults(path: string): Promise<LoadedRun> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, RUN_FILES.results);
  } catch {
    throw new ReportInputError('E_INPUT_NOT_FOUND', `${path}: no such file or directory`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ReportInputError('E_INPUT_NOT_FOUND', `${file}: cannot read it (is this a run directory?)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError('E_INPUT_INVALID', `${file}: not JSON (${(err as Error).message})`);
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== RESULTS_FORMAT_VERSION) {
    throw new ReportInputError(
      'E_INPUT_INVALID',
      `${file}: formatVersion ${JSON.stringify(version)} is not supported (this harness reads ${RESULTS_FORMAT_VERSION})`,
    );
  }
  const parsed = ResultsSchema.safeParse(json);
  if (!parsed.success) {
    const lines = formatZodIssues(parsed.error, '  ');
    throw new ReportInputError(
      'E_INPUT_INVALID',
      `${file} does not match the results schema:\n${lines.join('\n')}`,
    );
  }
  return { dir: dirname(file), file, results: parsed.data };
}
