/**
 * Reading back what a survival run wrote: the five report files (each must exist and parse), the exchange the
 * proxy faulted as the run recorded it, and which checks used that exchange as evidence.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exchange } from '../../src/client/exchange.ts';
import type { AppliedFault } from '../../src/faults/index.ts';
import { type CheckEntry, type Results, ResultsSchema } from '../../src/report/results-schema.ts';
import { parseXml, rootOf } from '../../src/xml/parse.ts';

/** Every file a run writes (src/report/write-run.ts RUN_FILES), sorted. */
export const REPORT_FILES = [
  'history.ndjson',
  'junit.xml',
  'report.html',
  'report.md',
  'results.json',
] as const;

/** The parsed outputs of a run. */
export interface RunFiles {
  names: string[];
  results: Results;
  history: Exchange[];
  junitRoot: string;
  markdown: string;
  html: string;
}

/** Reads and parses the report files of `out`; throws (with the file's name) when one is missing or broken. */
export async function readRunFiles(out: string): Promise<RunFiles> {
  const names = (await readdir(out)).sort();
  const text = async (name: string): Promise<string> => readFile(join(out, name), 'utf8');
  const results = ResultsSchema.parse(JSON.parse(await text('results.json')));
  const history = (await text('history.ndjson'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Exchange;
      } catch (err) {
        throw new Error(`history.ndjson line ${i + 1} is not JSON: ${(err as Error).message}`);
      }
    });
  const junitRoot = rootOf(parseXml(await text('junit.xml'))).name;
  return {
    names,
    results,
    history,
    junitRoot,
    markdown: await text('report.md'),
    html: await text('report.html'),
  };
}

/** Names of the files under `out` (and `extra` texts) that contain `secret`. */
export async function filesContaining(
  out: string,
  secret: string,
  extra: Record<string, string> = {},
): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path, 'latin1')).includes(secret)) found.push(path);
  }
  for (const [name, value] of Object.entries(extra)) if (value.includes(secret)) found.push(name);
  return found;
}

/** The identity of a recorded request: operation, method, path and the multipart query parameters. */
function sameRequest(ex: Pick<Exchange, 'op' | 'request'>, applied: AppliedFault): boolean {
  const q = ex.request.query;
  return (
    ex.op === applied.op &&
    ex.request.method === applied.method &&
    ex.request.path === applied.path &&
    (q.partNumber ?? '') === (applied.query.partNumber ?? '') &&
    (q.uploadId ?? '') === (applied.query.uploadId ?? '')
  );
}

/** The exchange the proxy faulted, as the run recorded it: the first request with the same identity. */
export function faultedExchange(history: readonly Exchange[], applied: AppliedFault): Exchange | undefined {
  return [...history]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .find((ex) => sameRequest(ex, applied));
}

/** Whether a check used `ex` as evidence. */
export function usedAsEvidence(check: CheckEntry, ex: Exchange): boolean {
  return check.evidence.some(
    (e) =>
      e.startedAt === ex.startedAt &&
      e.op === ex.op &&
      e.request.method === ex.request.method &&
      e.request.path === ex.request.path,
  );
}
