/**
 * report.md: the run in GitHub-flavoured Markdown, sized for a job summary ($GITHUB_STEP_SUMMARY has a 1 MiB
 * limit per step, so failure details are capped and the rest is left to report.html).
 */
import type { ProfileName } from '../target/types.ts';
import { countOutcomes } from './aggregate.ts';
import { entryConfidenceLabel, expectationLine } from './confidence.ts';
import type { CheckEntry, Results } from './results-schema.ts';

/** Failures detailed in full; the rest are listed by id. */
const MAX_DETAILED = 40;
/** Leftovers listed in report.md (all are in results.json). */
const MAX_LEFTOVERS = 20;
const MAX_BLOCK = 4000;

const STATUS_LINE: Readonly<Record<string, string>> = {
  conformant: '✅ conformant',
  'expected-failures-only': '✅ conformant except for expected failures',
  nonconformant: '❌ non-conformant',
  inconclusive: '⚠️ inconclusive',
};

const OUTCOME_MARK: Readonly<Record<CheckEntry['outcome'], string>> = {
  pass: '✅',
  fail: '❌',
  error: '💥',
  indeterminate: '❔',
  skip: '⏭️',
};

/** The message of a skip whose situation did not arise in the run (e.g. no Complete came with whitespace). */
export const NOT_EXERCISED = /^not exercised\b/;

/** Escapes text for a table cell or inline position: pipes, newlines, and HTML-ish angle brackets. */
export function mdCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const clean = text.replace(/\r?\n/g, ' ');
  const ticks = clean.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ` ${clean} ` : clean}${ticks}`;
}

function fence(text: string, lang = ''): string {
  const body = text.length > MAX_BLOCK ? `${text.slice(0, MAX_BLOCK)}\n… (truncated; see report.html)` : text;
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${lang}\n${body}\n${marks}`;
}

function durationOf(results: Results): string {
  const ms = Date.parse(results.manifest.endedAt) - Date.parse(results.manifest.startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '?';
  return ms < 60_000
    ? `${(ms / 1000).toFixed(1)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function familyTable(checks: readonly CheckEntry[]): string[] {
  const families = new Map<string, CheckEntry[]>();
  for (const entry of checks) {
    const list = families.get(entry.family);
    if (list) list.push(entry);
    else families.set(entry.family, [entry]);
  }
  const rows = [
    '| Family | ✅ pass | ❌ fail | 💥 error | ❔ indeterminate | ⏭️ skip |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [family, list] of [...families].sort(([a], [b]) => a.localeCompare(b))) {
    const pick = countOutcomes(list);
    rows.push(
      `| ${mdCell(family)} | ${pick.pass} | ${pick.fail} | ${pick.error} | ${pick.indeterminate} | ${pick.skip} |`,
    );
  }
  return rows;
}

function detail(entry: CheckEntry, label: string, profile: ProfileName): string[] {
  const out = [
    `#### ${OUTCOME_MARK[entry.outcome]} ${code(entry.checkId)}${entry.title ? ` — ${mdCell(entry.title)}` : ''}`,
    '',
  ];
  out.push(`- **${label}**: ${mdCell(entry.message)}`);
  const expectation = expectationLine(entry, profile);
  if (expectation !== undefined) out.push(`- ${mdCell(expectation)}`);
  if (entry.observed !== undefined) out.push(`- observed: ${mdCell(entry.observed)}`);
  if (entry.variantSeen !== undefined) out.push(`- variant seen: ${mdCell(entry.variantSeen)}`);
  if (entry.specRef)
    out.push(`- rule: ${mdCell(entry.specRef)}${entry.severity ? ` (${entry.severity})` : ''}`);
  out.push(`- test: ${code(entry.test.fullName)} in ${code(entry.test.file)}, seed ${entry.seed}`);
  const shown = entry.evidence.slice(-3);
  for (const ex of shown) {
    const status = ex.response
      ? `${ex.response.status}${ex.response.error?.code ? ` ${ex.response.error.code}` : ''}`
      : `transport error ${ex.transportError?.code ?? '?'}`;
    const rid = ex.response?.requestId ? ` · request id ${code(ex.response.requestId)}` : '';
    out.push(`- ${code(ex.requestLine)} → ${mdCell(status)}${rid}`);
  }
  if (entry.reproduction) {
    out.push('', '<details><summary>Reproduce</summary>', '', fence(entry.reproduction.shell, 'sh'));
    if (entry.reproduction.replay) out.push('', fence(entry.reproduction.replay, 'sh'));
    out.push('', '</details>');
  }
  out.push('');
  return out;
}

/** Renders report.md from a run's results. */
export function renderMarkdown(results: Results): string {
  const { manifest, summary, gate } = results;
  const status = gate ? (STATUS_LINE[gate.status] ?? gate.status) : 'results';
  const lines: string[] = [`## cos-conformance: ${status}`, ''];
  if (gate) {
    lines.push(`**Exit ${gate.exitCode}**: ${gate.reasons.map(mdCell).join('; ')}`, '');
  }
  const t = manifest.target;
  lines.push(
    '| | |',
    '|---|---|',
    ...(manifest.label ? [`| Label | ${mdCell(manifest.label)} |`] : []),
    `| Target | ${code(t.endpoint)}${t.embedded ? ` (embedded reference server${t.mutant ? `, mutant ${code(t.mutant)}` : ''}${t.variant ? `, conformant variant ${code(t.variant)}` : ''})` : ''} · bucket ${code(t.bucket)} · ${mdCell(t.region)} · ${t.addressing} · ${t.signer} signer |`,
    `| Profile · tier | ${manifest.profile} · ${manifest.tier} |`,
    `| Run seed | ${code(String(manifest.runSeed))} |`,
    `| Run | ${code(results.runId)} · ${mdCell(manifest.startedAt)} · ${durationOf(results)}${manifest.selection.shard ? ` · shard ${manifest.selection.shard}` : ''} |`,
    `| Harness | ${mdCell(manifest.harness.version)} (${code(manifest.harness.gitSha.slice(0, 12))}) · node ${manifest.runtime.node} · vitest ${manifest.runtime.vitest} · undici ${manifest.runtime.undici} · fast-check ${manifest.runtime.fastCheck} |`,
    `| Upload Part | ${summary.uploadPart.succeeded} of ${summary.uploadPart.attempted} succeeded · ${results.history.exchanges} exchanges in ${code(results.history.file)} |`,
    '',
    '| ✅ pass | ❌ fail | 💥 error | ❔ indeterminate | ⏭️ skip | total |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${summary.pass} | ${summary.fail} | ${summary.error} | ${summary.indeterminate} | ${summary.skip} | ${summary.total} |`,
    '',
  );
  if (summary.interrupted) lines.push('> [!WARNING]', '> The run was interrupted: not every check ran.', '');

  lines.push('### By family', '', ...familyTable(results.checks), '');

  const expected = new Set(gate?.expectedFailures ?? []);
  const failing = results.checks.filter((c) => c.outcome === 'fail' || c.outcome === 'error');
  const newFailing = failing.filter((c) => !expected.has(c.checkId));
  const expectedFailing = failing.filter((c) => expected.has(c.checkId));
  const indeterminate = results.checks.filter((c) => c.outcome === 'indeterminate');

  let detailed = 0;
  const section = (title: string, list: CheckEntry[], label: string) => {
    if (list.length === 0) return;
    lines.push(`### ${title} (${list.length})`, '');
    for (const c of list) {
      if (detailed < MAX_DETAILED) {
        lines.push(...detail(c, label, manifest.profile));
        detailed += 1;
      } else {
        const sure = entryConfidenceLabel(c, manifest.profile);
        lines.push(
          `- ${OUTCOME_MARK[c.outcome]} ${code(c.checkId)}: ${mdCell(c.message)}${sure ? ` (expectation ${sure})` : ''}`,
        );
      }
    }
    lines.push('');
  };
  section(gate?.baselineFile ? 'New failures' : 'Failures', newFailing, 'failed');
  section('Indeterminate', indeterminate, 'indeterminate');
  const notExercised = results.checks.filter((c) => c.outcome === 'skip' && NOT_EXERCISED.test(c.message));
  if (notExercised.length > 0) {
    lines.push(`### Not exercised (${notExercised.length})`, '');
    lines.push('The situation these rules are about did not arise in this run: nothing was judged.', '');
    for (const c of notExercised)
      lines.push(`- ${OUTCOME_MARK.skip} ${code(c.checkId)}: ${mdCell(c.message)}`);
    lines.push('');
  }
  if (expectedFailing.length > 0) {
    lines.push(`### Expected failures (baseline) (${expectedFailing.length})`, '');
    for (const entry of expectedFailing) lines.push(`- ${code(entry.checkId)}: ${mdCell(entry.message)}`);
    lines.push('');
  }
  if (gate && gate.unexpectedPasses.length > 0) {
    lines.push(`### Unexpected passes (${gate.unexpectedPasses.length})`, '');
    lines.push(
      'The baseline expects these to fail, and they passed: update it with `cos-conformance baseline update`.',
      '',
    );
    for (const id of gate.unexpectedPasses) lines.push(`- ${code(id)}`);
    lines.push('');
  }
  const leftovers = results.leftovers ?? [];
  if (leftovers.length > 0) {
    lines.push(`### Cleanup leftovers (${leftovers.length})`, '');
    lines.push(
      'Not verdicts: what the run could not remove (`cos-conformance sweep` aborts leftover uploads).',
      '',
    );
    for (const l of leftovers.slice(0, MAX_LEFTOVERS))
      lines.push(
        `- ${l.kind} ${code(l.key)}${l.uploadId ? ` (${code(l.uploadId)})` : ''}: ${mdCell(l.answer)}`,
      );
    if (leftovers.length > MAX_LEFTOVERS)
      lines.push(`- … and ${leftovers.length - MAX_LEFTOVERS} more in results.json`);
    lines.push('');
  }
  if (results.unhandledErrors.length > 0) {
    lines.push(`### Harness errors (${results.unhandledErrors.length})`, '');
    for (const e of results.unhandledErrors)
      lines.push(`- ${mdCell(`${e.name ? `${e.name}: ` : ''}${e.message}`)}`);
    lines.push('');
  }
  if (detailed >= MAX_DETAILED)
    lines.push(`_Details of the first ${MAX_DETAILED} only; every failure is in report.html._`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}
