/**
 * Baselines: the failures a vendor is known to have, so a CI gate fails only on new non-conformance
 * (the undici WPT "expected failure" pattern; s3-tests' `fails_on_<vendor>` markers, as data).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { verdictsByCheck, isFailing } from './aggregate.ts';
import { ReportInputError } from './errors.ts';
import type { Results } from './results-schema.ts';
import { formatZodIssues } from './zod-issues.ts';

export const BASELINE_FORMAT_VERSION = 1;

export const BaselineSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(BASELINE_FORMAT_VERSION),
  profile: z.enum(['cos', 's3']),
  /** Who the baseline describes (free text, e.g. the vendor), and which run it was taken from. */
  label: z.string().optional(),
  source: z.string().optional(),
  expectedFailures: z.array(z.strictObject({ checkId: z.string().min(1), reason: z.string().optional() })),
});

export type Baseline = z.infer<typeof BaselineSchema>;

/** Reads and validates a baseline file; problems become a {@link ReportInputError} naming the file. */
export async function loadBaseline(file: string): Promise<Baseline> {
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
  return parsed.data;
}

/**
 * The baseline of a run: every check whose verdict is fail or error becomes an expected failure. Reasons written
 * by hand in `previous` are kept for checks that still fail.
 */
export function baselineFromResults(results: Results, previous?: Baseline): Baseline {
  const reasons = new Map(previous?.expectedFailures.map((e) => [e.checkId, e.reason]) ?? []);
  const expectedFailures = [...verdictsByCheck(results.checks)]
    .filter(([, outcome]) => isFailing(outcome))
    .map(([checkId]) => checkId)
    .sort()
    .map((checkId) => {
      const reason = reasons.get(checkId);
      return reason === undefined ? { checkId } : { checkId, reason };
    });
  return {
    formatVersion: BASELINE_FORMAT_VERSION,
    profile: results.manifest.profile,
    ...(results.manifest.label ? { label: results.manifest.label } : {}),
    source: results.runId,
    expectedFailures,
  };
}
