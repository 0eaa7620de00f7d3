/**
 * Baselines: the failures a vendor is known to have, so a CI gate fails only on new non-conformance
 * (the undici WPT "expected failure" pattern; s3-tests' `fails_on_<vendor>` markers, as data).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { renamedTo, renameNote } from '../checks/aliases.ts';
import { verdictsByCheck, isFailing } from './aggregate.ts';
import { ReportInputError } from './errors.ts';
import type { Results } from './results-schema.ts';
import { formatZodIssues } from './zod-issues.ts';

/**
 * 2 added `link` on an expected failure, `notes`, and the placeholder reason of entries nobody explained yet.
 * Version 1 files (no link, no notes) are read unchanged; `baseline update` writes version 2.
 */
export const BASELINE_FORMAT_VERSION = 2;

/** The reason `baseline update` gives a new expected failure; the gate reports such entries as unexplained. */
export const UNEXPLAINED_REASON = 'UNEXPLAINED: say why this check fails on this vendor';

export const ExpectedFailureSchema = z.strictObject({
  checkId: z.string().min(1),
  /** Why the vendor fails this check, in plain words (the deviation it has). */
  reason: z.string().optional(),
  /** Where the behaviour is recorded: a vendor issue, a doc section, a commit. */
  link: z.string().min(1).optional(),
});

export const BaselineSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.union([z.literal(1), z.literal(BASELINE_FORMAT_VERSION)]),
  profile: z.enum(['cos', 's3']),
  /** Who the baseline describes (free text, e.g. the vendor), and which run it was taken from. */
  label: z.string().optional(),
  source: z.string().optional(),
  /** Free notes: how the runs this baseline gates are made (e.g. a check left out, and why). */
  notes: z.array(z.string()).optional(),
  expectedFailures: z.array(ExpectedFailureSchema),
});

export type ExpectedFailure = z.infer<typeof ExpectedFailureSchema>;

/** Expected failures without a reason, or with the placeholder one: nobody has said why yet. */
export function unexplainedExpectations(baseline: Baseline): string[] {
  return baseline.expectedFailures
    .filter((e) => e.reason === undefined || e.reason.trim() === '' || e.reason.startsWith('UNEXPLAINED'))
    .map((entry) => entry.checkId);
}

export type Baseline = z.infer<typeof BaselineSchema>;

/**
 * The baseline with old check ids (src/checks/aliases.ts) read as the current ones, and a note
 * `<old> is now <new>` for each; an entry that becomes a duplicate of another is dropped (the first is kept).
 */
export function withCurrentIds(baseline: Baseline): { baseline: Baseline; notes: string[] } {
  const notes: string[] = [];
  const seen = new Set<string>();
  const expectedFailures: ExpectedFailure[] = [];
  for (const e of baseline.expectedFailures) {
    const current = renamedTo(e.checkId);
    if (current) notes.push(renameNote(e.checkId, current));
    const checkId = current ?? e.checkId;
    if (seen.has(checkId)) continue;
    seen.add(checkId);
    expectedFailures.push({ ...e, checkId });
  }
  return { baseline: { ...baseline, expectedFailures }, notes };
}

/**
 * Reads and validates a baseline file; problems become a {@link ReportInputError} naming the file. Old check ids
 * are read as the current ones, each reported through `onNote` (`baseline FILE: <old> is now <new>`).
 */
export async function loadBaseline(
  file: string,
  onNote: (note: string) => void = () => {},
): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ReportInputError('E_INPUT_NOT_FOUND', `baseline ${file}: cannot read the file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ReportInputError('E_INPUT_INVALID', `baseline ${file}: not JSON (${(err as Error).message})`);
  }
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) {
    const lines = formatZodIssues(parsed.error, '  ');
    throw new ReportInputError('E_INPUT_INVALID', `baseline ${file} is not valid:\n${lines.join('\n')}`);
  }
  const { baseline, notes } = withCurrentIds(parsed.data);
  for (const note of notes) onNote(`baseline ${file}: ${note}`);
  return baseline;
}

/**
 * The baseline of a run: every check whose verdict is fail or error becomes an expected failure. Reasons and
 * links written by hand in `previous` are kept for checks that still fail; a new entry gets
 * {@link UNEXPLAINED_REASON}, which the gate reports until someone writes the real reason.
 */
export function baselineFromResults(results: Results, previous?: Baseline): Baseline {
  const known = new Map(previous?.expectedFailures.map((entry) => [entry.checkId, entry]) ?? []);
  const expectedFailures = [...verdictsByCheck(results.checks)]
    .filter(([, outcome]) => isFailing(outcome))
    .map(([checkId]) => checkId)
    .sort()
    .map((checkId): ExpectedFailure => {
      const before = known.get(checkId);
      return {
        checkId,
        reason: before?.reason ?? UNEXPLAINED_REASON,
        ...(before?.link ? { link: before.link } : {}),
      };
    });
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    profile: results.manifest.profile,
    ...(results.manifest.label ? { label: results.manifest.label } : {}),
    source: results.runId,
    ...(previous?.notes ? { notes: previous.notes } : {}),
    expectedFailures,
  };
}
