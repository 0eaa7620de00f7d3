/**
 * `compare`: vendors side by side. Joins several runs' results.json on the stable check id into a
 * check × vendor matrix; with a baseline per vendor, known failures read as "expected failure" and fixed ones
 * as "unexpected pass" (docs/architecture.md "Vendor comparison").
 */
import { verdictsByCheck } from './aggregate.ts';
import type { Baseline } from './baseline.ts';
import { escapeHtml } from './html.ts';
import { REPORT_CSS } from './html-assets.ts';
import { mdCell } from './markdown.ts';
import type { OperationStats } from './operations.ts';
import { curlFor, exchangeToReproduce, requestLine } from './reproduce.ts';
import type { CheckEntry, Results } from './results-schema.ts';
import type { Exchange } from '../client/exchange.ts';
import { shortBody } from '../checks/families/integrity.ts';

export const COMPARE_FORMAT_VERSION = 1;

/** One cell of the matrix. */
export type CompareCell =
  | 'pass'
  | 'fail'
  | 'error'
  | 'indeterminate'
  | 'skip'
  | 'expected-failure'
  | 'unexpected-pass'
  | 'absent';

export interface CompareInput {
  label: string;
  results: Results;
  baseline?: Baseline;
  /** Per-operation statuses and latency from the run's history.ndjson (src/report/operations.ts). */
  operations?: OperationStats[];
  /** What is known about the vendor beyond results.json (npm run vendors: product, version, a death). */
  vendor?: VendorFacts;
  /**
   * Reasons (and links) for known failures, shown beside the deviations without turning the cells into
   * "expected failure" (a baseline does both).
   */
  explanations?: ReadonlyArray<{ checkId: string; reason?: string; link?: string }>;
}

/** A vendor process that exited during the run, and where the run was then. */
export interface VendorDeath {
  at: string;
  process: string;
  pid: number;
  code: number | null;
  signal: string | null;
  logTail: string;
  /** The last exchange that started before the death (`op METHOD path`), and the check whose key it used. */
  lastExchange?: string;
  lastCheck?: string;
  /** Checks whose verdict is error after the death (connection refused and the like). */
  erroredAfter?: number;
}

export interface VendorFacts {
  product?: string;
  version?: string;
  signer?: string;
  addressing?: string;
  wallMs?: number;
  exitCode?: number | null;
  /** The run hit its time bound and was interrupted. */
  timedOut?: boolean;
  death?: VendorDeath;
}

/** checks passed / applicable (the verdict is not skip), overall and per family. */
export interface Score {
  passed: number;
  applicable: number;
  byFamily: Array<{ family: string; passed: number; applicable: number }>;
}

/** A check that did not pass, in plain words, with the exchange that decided it and a curl reproduction. */
export interface Deviation {
  checkId: string;
  title?: string;
  family: string;
  severity?: 'must' | 'should';
  outcome: CheckEntry['outcome'];
  /** The cell as the matrix shows it (expected-failure when the vendor's baseline lists it). */
  cell: CompareCell;
  message: string;
  expected?: string;
  observed?: string;
  variantSeen?: string;
  timingDependent: boolean;
  /** The check could not be judged because the connection to the vendor was refused or lost. */
  connectionLost?: boolean;
  baselineReason?: string;
  baselineLink?: string;
  evidence?: {
    requestLine: string;
    status?: number;
    errorCode?: string;
    errorMessage?: string;
    transportError?: string;
    requestId?: string;
  };
  curl?: string;
  replay?: string;
}

/** What was seen in one cell besides the outcome. */
export interface CellSeen {
  variantSeen?: string;
  observed?: string;
}

export interface Comparison {
  formatVersion: number;
  columns: Array<{
    label: string;
    runId: string;
    endpoint: string;
    profile: string;
    tier: string;
    runSeed: number;
    summary: Results['summary'];
    exitCode?: number;
    signer?: string;
    addressing?: string;
    score?: Score;
    deviations?: Deviation[];
    operations?: OperationStats[];
    vendor?: VendorFacts;
  }>;
  rows: Array<{
    checkId: string;
    family: string;
    title?: string;
    cells: CompareCell[];
    /** Per column: the variant seen and the observed answer, when the check recorded them. */
    seen?: Array<CellSeen | null>;
    /** The verdict can depend on timing (concurrency, a timeout, an indeterminate answer) somewhere in the row. */
    timingDependent?: boolean;
    differs: boolean;
  }>;
  /** Differences in the inputs that make columns not strictly comparable (seed, tier, profile). */
  notes: string[];
}

const CELL_TEXT: Readonly<Record<CompareCell, string>> = {
  pass: '✅ pass',
  fail: '❌ fail',
  error: '💥 error',
  indeterminate: '❔ indeterminate',
  skip: '⏭️ skip',
  'expected-failure': '🟡 expected failure',
  'unexpected-pass': '🎉 unexpected pass',
  absent: '—',
};

/** Makes labels unique (`minio`, `minio#2`) so that columns never collide. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label}#${n}`;
  });
}

/** Checks whose verdict can turn on timing: concurrency, or a server-side body timeout. */
const TIMING_TAGS = new Set(['concurrency']);
const TIMING_CHECKS = new Set<string>([shortBody.id]);

/** The verdict of this entry can depend on timing (its kind, or a timeout or indeterminate answer seen). */
export function isTimingDependent(entry: CheckEntry): boolean {
  if (TIMING_CHECKS.has(entry.checkId) || entry.tags?.some((t) => TIMING_TAGS.has(t))) return true;
  if (entry.outcome === 'indeterminate') return true;
  return entry.evidence.some((e) => /TIMEOUT/i.test(e.transportError?.code ?? ''));
}

function cellOf(outcome: CheckEntry['outcome'] | undefined, expected: boolean): CompareCell {
  if (outcome === undefined) return 'absent';
  if (expected && (outcome === 'fail' || outcome === 'error')) return 'expected-failure';
  if (expected && outcome === 'pass') return 'unexpected-pass';
  return outcome;
}

/** The entry behind a check's verdict: the first whose outcome is the verdict. */
function decidingEntry(
  checks: readonly CheckEntry[],
  checkId: string,
  outcome: string,
): CheckEntry | undefined {
  return checks.find((entry) => entry.checkId === checkId && entry.outcome === outcome);
}

/** Score of one run: checks passed / applicable, overall and per family. */
export function scoreOf(results: Results): Score {
  const verdicts = verdictsByCheck(results.checks);
  const familyOf = new Map(results.checks.map((c) => [c.checkId, c.family]));
  const families = new Map<string, { passed: number; applicable: number }>();
  let passed = 0;
  let applicable = 0;
  for (const [id, outcome] of verdicts) {
    if (outcome === 'skip') continue;
    const familyId = familyOf.get(id) ?? '?';
    const entry = families.get(familyId) ?? { passed: 0, applicable: 0 };
    entry.applicable += 1;
    applicable += 1;
    if (outcome === 'pass') {
      entry.passed += 1;
      passed += 1;
    }
    families.set(familyId, entry);
  }
  return {
    passed,
    applicable,
    byFamily: [...families]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([family, tally]) => ({ family, ...tally })),
  };
}

const MAX_CURL = 3000;
/** Transport failures that mean the vendor was not there (refused, or the connection dropped). */
const CONNECTION_LOST = /ECONNREFUSED|ECONNRESET|SOCKET_CLOSED|EPIPE/;

/** The checks of a run that did not pass or skip, in plain words with evidence and reproduction. */
export function deviationsOf(input: CompareInput): Deviation[] {
  const { results, baseline } = input;
  const out: Deviation[] = [];
  for (const [checkId, outcome] of verdictsByCheck(results.checks)) {
    if (outcome === 'pass' || outcome === 'skip') continue;
    const entry = decidingEntry(results.checks, checkId, outcome)!;
    const base = baseline?.expectedFailures.find((e) => e.checkId === checkId);
    const why = base ?? input.explanations?.find((e) => e.checkId === checkId);
    const ex = exchangeToReproduce(entry.evidence as unknown as Exchange[]);
    const shell = entry.reproduction?.shell ?? (ex ? curlFor(ex) : undefined);
    out.push({
      checkId,
      ...(entry.title ? { title: entry.title } : {}),
      family: entry.family,
      ...(entry.severity ? { severity: entry.severity } : {}),
      outcome,
      cell: cellOf(outcome, base !== undefined),
      message: entry.message,
      ...(entry.expected !== undefined ? { expected: entry.expected } : {}),
      ...(entry.observed !== undefined ? { observed: entry.observed } : {}),
      ...(entry.variantSeen !== undefined ? { variantSeen: entry.variantSeen } : {}),
      timingDependent: results.checks.some((c) => c.checkId === checkId && isTimingDependent(c)),
      ...(outcome === 'error' &&
      (CONNECTION_LOST.test(entry.message) ||
        entry.evidence.some((e) => CONNECTION_LOST.test(e.transportError?.code ?? '')))
        ? { connectionLost: true }
        : {}),
      ...(why?.reason ? { baselineReason: why.reason } : {}),
      ...(why && 'link' in why && typeof why.link === 'string' ? { baselineLink: why.link } : {}),
      ...(ex
        ? {
            evidence: {
              requestLine: requestLine(ex),
              ...(ex.response ? { status: ex.response.status } : {}),
              ...(ex.response?.error?.code ? { errorCode: ex.response.error.code } : {}),
              ...(ex.response?.error?.message ? { errorMessage: ex.response.error.message } : {}),
              ...(ex.transportError
                ? { transportError: `${ex.transportError.code}: ${ex.transportError.message}` }
                : {}),
              ...(ex.response?.requestId ? { requestId: ex.response.requestId } : {}),
            },
          }
        : {}),
      ...(shell
        ? { curl: shell.length > MAX_CURL ? `${shell.slice(0, MAX_CURL)}\n# … (truncated)` : shell }
        : {}),
      ...(entry.reproduction?.replay ? { replay: entry.reproduction.replay } : {}),
    });
  }
  const order: Record<string, number> = { fail: 0, indeterminate: 1, error: 2 };
  return out.sort(
    (a, b) =>
      (order[a.outcome] ?? 3) - (order[b.outcome] ?? 3) ||
      a.family.localeCompare(b.family) ||
      a.checkId.localeCompare(b.checkId),
  );
}

/** Builds the check × vendor matrix. Rows are sorted by family, then check id. */
export function buildComparison(inputs: readonly CompareInput[]): Comparison {
  const labels = uniqueLabels(inputs.map((i) => i.label));
  const verdicts = inputs.map((i) => verdictsByCheck(i.results.checks));
  const info = new Map<string, { family: string; title?: string }>();
  for (const input of inputs) {
    for (const c of input.results.checks) {
      if (!info.has(c.checkId))
        info.set(c.checkId, { family: c.family, ...(c.title ? { title: c.title } : {}) });
    }
  }
  const rows = [...info]
    .sort(([a, ia], [b, ib]) => ia.family.localeCompare(ib.family) || a.localeCompare(b))
    .map(([checkId, meta]) => {
      const cells = inputs.map((input, position): CompareCell => {
        const expected = input.baseline?.expectedFailures.some((e) => e.checkId === checkId) ?? false;
        return cellOf(verdicts[position]!.get(checkId), expected);
      });
      const seen = inputs.map((input, index): CellSeen | null => {
        const outcome = verdicts[index]!.get(checkId);
        const entry = outcome ? decidingEntry(input.results.checks, checkId, outcome) : undefined;
        if (!entry || (entry.variantSeen === undefined && entry.observed === undefined)) return null;
        return {
          ...(entry.variantSeen !== undefined ? { variantSeen: entry.variantSeen } : {}),
          ...(entry.observed !== undefined ? { observed: entry.observed } : {}),
        };
      });
      const timingDependent = inputs.some((input) =>
        input.results.checks.some((c) => c.checkId === checkId && isTimingDependent(c)),
      );
      return { checkId, ...meta, cells, seen, timingDependent, differs: new Set(cells).size > 1 };
    });
  const notes: string[] = [];
  const distinct = (f: (r: Results) => string | number) =>
    new Set(inputs.map((compareInput) => f(compareInput.results))).size > 1;
  if (distinct((r) => r.manifest.runSeed))
    notes.push('the runs used different seeds: generated inputs differ');
  if (distinct((r) => r.manifest.tier)) notes.push('the runs used different tiers');
  if (distinct((r) => r.manifest.profile)) notes.push('the runs judged against different profiles');
  return {
    formatVersion: COMPARE_FORMAT_VERSION,
    columns: inputs.map((input, i) => ({
      label: labels[i]!,
      runId: input.results.runId,
      endpoint: input.results.manifest.target.endpoint,
      profile: input.results.manifest.profile,
      tier: input.results.manifest.tier,
      runSeed: input.results.manifest.runSeed,
      summary: input.results.summary,
      ...(input.results.gate ? { exitCode: input.results.gate.exitCode } : {}),
      signer: input.results.manifest.target.signer,
      addressing: input.results.manifest.target.addressing,
      score: scoreOf(input.results),
      deviations: deviationsOf(input),
      ...(input.operations ? { operations: input.operations } : {}),
      ...(input.vendor ? { vendor: input.vendor } : {}),
    })),
    rows,
    notes,
  };
}

function pct(passed: number, applicable: number): string {
  return applicable === 0 ? '—' : `${passed}/${applicable} (${Math.round((100 * passed) / applicable)}%)`;
}

function statusesText(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([key, n]) => `${key}×${n}`)
    .join(', ');
}

/** One line saying a vendor died, where, and what followed. */
export function deathText(death: VendorDeath): string {
  const how = death.signal
    ? `signal ${death.signal}`
    : death.code !== null
      ? `exit code ${death.code}`
      : 'gone';
  const during = death.lastExchange ? ` right after \`${death.lastExchange}\`` : '';
  const check = death.lastCheck ? ` (check \`${death.lastCheck}\`)` : '';
  const after =
    death.erroredAfter !== undefined
      ? `; ${death.erroredAfter} check(s) after it could not be judged (connection refused)`
      : '';
  return `the vendor process ${death.process} (pid ${death.pid}) died at ${death.at} (${how})${during}${check}${after}`;
}

function evidenceText(deviation: Deviation): string {
  const e = deviation.evidence;
  if (!e) return '';
  const answer = e.transportError
    ? e.transportError
    : `${e.status ?? '?'}${e.errorCode ? ` ${e.errorCode}` : ''}${e.errorMessage ? ` "${e.errorMessage}"` : ''}`;
  return `${e.requestLine} → ${answer}${e.requestId ? ` (request id ${e.requestId})` : ''}`;
}

const OUTCOME_WORD: Readonly<Record<string, string>> = {
  fail: 'fails',
  error: 'could not be judged',
  indeterminate: 'indeterminate',
};

function deviationLine(deviation: Deviation): string {
  const mark = CELL_TEXT[deviation.cell].split(' ')[0];
  const expected = deviation.expected !== undefined ? ` Expected ${deviation.expected}` : '';
  const observed = deviation.observed !== undefined ? `; seen ${deviation.observed}` : '';
  const plain = `${deviation.title ?? deviation.checkId}: ${OUTCOME_WORD[deviation.outcome] ?? deviation.outcome}.${expected}${observed}${expected || observed ? '.' : ''}`;
  const timing = deviation.timingDependent ? ' ⏱ timing-dependent.' : '';
  const reason = deviation.baselineReason
    ? ` Known (baseline): ${deviation.baselineReason}${deviation.baselineLink ? ` (${deviation.baselineLink})` : ''}.`
    : '';
  return `${mark} \`${deviation.checkId}\`${deviation.severity ? ` (${deviation.severity})` : ''}: ${plain}${timing}${reason}`;
}

function cellMd(cell: CompareCell, seen: CellSeen | null | undefined): string {
  const variant = seen?.variantSeen ? ` · ${mdCell(seen.variantSeen)}` : '';
  return `${CELL_TEXT[cell]}${variant}`;
}

/** compare.md: the summary, scores, each vendor's deviations and operations, then the matrix, as GitHub Markdown. */
export function renderCompareMarkdown(
  cmp: Comparison,
  options: { title?: string; preface?: string[] } = {},
): string {
  const lines = [`## ${options.title ?? 'cos-conformance: vendor comparison'}`, ''];
  if (options.preface) lines.push(...options.preface, '');
  lines.push(
    '| Vendor | Endpoint | Profile · tier | Seed | score | pass | fail | error | indeterminate | skip | exit |',
  );
  lines.push('|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of cmp.columns) {
    const s = c.summary;
    const score = c.score ? pct(c.score.passed, c.score.applicable) : '—';
    const died = c.vendor?.death ? ' 💀' : '';
    lines.push(
      `| ${mdCell(c.label)}${died} | \`${mdCell(c.endpoint)}\` | ${c.profile} · ${c.tier} | ${c.runSeed} | ${score} | ${s.pass} | ${s.fail} | ${s.error} | ${s.indeterminate} | ${s.skip} | ${c.exitCode ?? '—'} |`,
    );
  }
  lines.push('');
  for (const note of cmp.notes) lines.push(`> Note: ${note}.`, '');
  const families = [
    ...new Set(cmp.columns.flatMap((c) => c.score?.byFamily.map((f) => f.family) ?? [])),
  ].sort();
  if (families.length > 0) {
    lines.push('### Scores per family (checks passed / applicable)', '');
    lines.push(`| Family | ${cmp.columns.map((c) => mdCell(c.label)).join(' | ')} |`);
    lines.push(`|---|${cmp.columns.map(() => '---:').join('|')}|`);
    for (const familyId of families) {
      const cells = cmp.columns.map((c) => {
        const fam = c.score?.byFamily.find((x) => x.family === familyId);
        return fam ? pct(fam.passed, fam.applicable) : '—';
      });
      lines.push(`| ${mdCell(familyId)} | ${cells.join(' | ')} |`);
    }
    lines.push(
      `| **all** | ${cmp.columns.map((c) => (c.score ? `**${pct(c.score.passed, c.score.applicable)}**` : '—')).join(' | ')} |`,
      '',
    );
  }
  for (const c of cmp.columns) {
    if (!c.deviations && !c.operations && !c.vendor) continue;
    const facts = c.vendor;
    const product = facts?.product
      ? `${facts.product}${facts.version ? ` ${facts.version}` : ''}`
      : c.endpoint;
    lines.push(`### ${mdCell(c.label)}: ${mdCell(product)}`, '');
    lines.push(
      `Profile \`${c.profile}\`, signer \`${c.signer ?? '?'}\`, addressing \`${c.addressing ?? '?'}\`, seed ${c.runSeed}; exit ${c.exitCode ?? '—'}${facts?.wallMs !== undefined ? `; ${(facts.wallMs / 1000).toFixed(0)} s` : ''}.`,
      '',
    );
    if (facts?.timedOut)
      lines.push('> ⚠️ The run hit its time bound and was interrupted; what had not run is missing.', '');
    if (facts?.death) {
      lines.push(`> 💀 ${deathText(facts.death)}.`, '');
      if (facts.death.logTail)
        lines.push(
          '<details><summary>its last log lines</summary>',
          '',
          fenceMd(facts.death.logTail),
          '',
          '</details>',
          '',
        );
    }
    const all = c.deviations ?? [];
    const lost = facts?.death ? all.filter((d) => d.connectionLost) : [];
    const devs = all.filter((d) => !lost.includes(d));
    lines.push(
      `**Deviations: ${all.length}**${all.length === 0 ? ' (every applicable check passed)' : ''}`,
      '',
    );
    if (lost.length > 0) {
      lines.push(
        `- 💥 ${lost.length} check(s) could not be judged because the vendor was gone (connection refused): ${lost.map((d) => `\`${d.checkId}\``).join(', ')}`,
      );
    }
    for (const deviation of devs) {
      lines.push(`- ${deviationLine(deviation)}`);
      const ev = evidenceText(deviation);
      if (ev || deviation.curl) {
        lines.push('  <details><summary>evidence and reproduction</summary>', '');
        if (ev) lines.push(indent(fenceMd(ev, 'http'), '  '), '');
        if (deviation.curl) lines.push(indent(fenceMd(deviation.curl, 'sh'), '  '), '');
        if (deviation.replay) lines.push(indent(fenceMd(deviation.replay, 'sh'), '  '), '');
        lines.push('  </details>');
      }
    }
    lines.push('');
    if (c.operations && c.operations.length > 0) {
      lines.push('| Operation | requests | status codes seen | median | p95 |', '|---|---:|---|---:|---:|');
      for (const stats of c.operations) {
        lines.push(
          `| ${mdCell(stats.operation)} | ${stats.count} | ${mdCell(statusesText(stats.statuses))} | ${stats.medianMs} ms | ${stats.p95Ms} ms |`,
        );
      }
      lines.push('');
    }
  }
  lines.push('### Checks × vendors', '');
  lines.push(
    'Each cell: the verdict, then the variant seen where the check records one. ⏱: timing-dependent.',
    '',
  );
  lines.push(`| Check | Family | ${cmp.columns.map((input) => mdCell(input.label)).join(' | ')} |`);
  lines.push(`|---|---|${cmp.columns.map(() => '---').join('|')}|`);
  for (const row of cmp.rows) {
    lines.push(
      `| \`${mdCell(row.checkId)}\`${row.timingDependent ? ' ⏱' : ''} | ${mdCell(row.family)} | ${row.cells.map((compareCell, i) => cellMd(compareCell, row.seen?.[i])).join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function fenceMd(text: string, lang = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = '`'.repeat(longest + 1);
  return `${marks}${lang}\n${text}\n${marks}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}

const COMPARE_CSS = `
table.cmp { border-collapse: collapse; } table.cmp th, table.cmp td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
td.c-pass { color: var(--pass); } td.c-fail { color: var(--fail); font-weight: 600; } td.c-error { color: var(--error); }
td.c-indeterminate { color: var(--indeterminate); } td.c-skip, td.c-absent { color: var(--skip); }
td.c-expected-failure { color: var(--expected); } td.c-unexpected-pass { color: var(--pass); font-weight: 600; }
ul.devs li { margin: 4px 0; } ul.devs pre { white-space: pre-wrap; background: var(--code-bg, #f6f8fa); padding: 6px; }
section.vendor { border-top: 1px solid var(--line); margin-top: 1.5em; }
`;

const COMPARE_JS = `
(function () {
  var text = document.getElementById('f-text'), diff = document.getElementById('f-diff');
  function apply() {
    var q = text.value.trim().toLowerCase(), n = 0, rows = document.querySelectorAll('tr[data-check-id]');
    rows.forEach(function (r) {
      var ok = (!q || r.getAttribute('data-check-id').toLowerCase().indexOf(q) >= 0 || r.getAttribute('data-family').toLowerCase().indexOf(q) >= 0)
        && (!diff.checked || r.getAttribute('data-differs') === 'true');
      r.hidden = !ok; if (ok) n++;
    });
    document.getElementById('shown').textContent = n + ' of ' + rows.length + ' shown';
  }
  text.addEventListener('input', apply); diff.addEventListener('change', apply); apply();
})();
`;

function vendorSectionHtml(input: Comparison['columns'][number]): string {
  const facts = input.vendor;
  const product = facts?.product
    ? `${facts.product}${facts.version ? ` ${facts.version}` : ''}`
    : input.endpoint;
  const parts: string[] = [
    `<section class="vendor"><h2>${escapeHtml(input.label)}: ${escapeHtml(product)}</h2>`,
  ];
  parts.push(
    `<p>Profile <code>${escapeHtml(input.profile)}</code>, signer <code>${escapeHtml(input.signer ?? '?')}</code>, addressing <code>${escapeHtml(input.addressing ?? '?')}</code>, seed ${input.runSeed}; exit ${input.exitCode ?? '—'}${facts?.wallMs !== undefined ? `; ${(facts.wallMs / 1000).toFixed(0)} s` : ''}. Score <b>${escapeHtml(input.score ? pct(input.score.passed, input.score.applicable) : '—')}</b>.</p>`,
  );
  if (facts?.timedOut) parts.push('<p class="reasons">⚠️ The run hit its time bound and was interrupted.</p>');
  if (facts?.death) {
    parts.push(`<p class="reasons">💀 ${escapeHtml(deathText(facts.death).replace(/`/g, ''))}.</p>`);
    if (facts.death.logTail)
      parts.push(
        `<details><summary>its last log lines</summary><pre>${escapeHtml(facts.death.logTail)}</pre></details>`,
      );
  }
  const all = input.deviations ?? [];
  const lost = facts?.death ? all.filter((d) => d.connectionLost) : [];
  const devs = all.filter((d) => !lost.includes(d));
  parts.push(`<h3>Deviations: ${all.length}</h3>`);
  if (all.length > 0) {
    parts.push('<ul class="devs">');
    if (lost.length > 0) {
      parts.push(
        `<li class="c-error">💥 ${lost.length} check(s) could not be judged because the vendor was gone (connection refused): ${lost.map((d) => `<code>${escapeHtml(d.checkId)}</code>`).join(', ')}</li>`,
      );
    }
    for (const deviation of devs) {
      const ev = evidenceText(deviation);
      parts.push(
        `<li class="c-${deviation.cell}">${escapeHtml(deviationLine(deviation).replace(/`/g, ''))}${
          ev || deviation.curl
            ? `<details><summary>evidence and reproduction</summary>${ev ? `<pre>${escapeHtml(ev)}</pre>` : ''}${deviation.curl ? `<pre>${escapeHtml(deviation.curl)}</pre>` : ''}${deviation.replay ? `<pre>${escapeHtml(deviation.replay)}</pre>` : ''}</details>`
            : ''
        }</li>`,
      );
    }
    parts.push('</ul>');
  }
  if (input.operations && input.operations.length > 0) {
    parts.push(
      '<h3>Operations</h3><table class="cmp"><thead><tr><th>Operation</th><th>requests</th><th>status codes seen</th><th>median</th><th>p95</th></tr></thead><tbody>',
    );
    for (const stats of input.operations) {
      parts.push(
        `<tr><td>${escapeHtml(stats.operation)}</td><td>${stats.count}</td><td>${escapeHtml(statusesText(stats.statuses))}</td><td>${stats.medianMs} ms</td><td>${stats.p95Ms} ms</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** compare.html: one self-contained page with the summary, scores, each vendor's detail and the filterable matrix. */
export function renderCompareHtml(
  cmp: Comparison,
  options: { title?: string; preface?: string[] } = {},
): string {
  const title = options.title ?? 'cos-conformance: vendor comparison';
  const head = cmp.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const summaries = cmp.columns
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.label)}${c.vendor?.death ? ' 💀' : ''}</td><td><code>${escapeHtml(c.endpoint)}</code></td><td>${escapeHtml(`${c.profile} · ${c.tier}`)}</td><td>${c.runSeed}</td><td>${escapeHtml(c.score ? pct(c.score.passed, c.score.applicable) : '—')}</td><td>${c.summary.pass}</td><td>${c.summary.fail}</td><td>${c.summary.error}</td><td>${c.summary.indeterminate}</td><td>${c.summary.skip}</td><td>${c.exitCode ?? '—'}</td></tr>`,
    )
    .join('\n');
  const families = [
    ...new Set(cmp.columns.flatMap((c) => c.score?.byFamily.map((f) => f.family) ?? [])),
  ].sort();
  const scoreRows = families
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f)}</td>${cmp.columns
          .map((c) => {
            const fam = c.score?.byFamily.find((x) => x.family === f);
            return `<td>${escapeHtml(fam ? pct(fam.passed, fam.applicable) : '—')}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  const rows = cmp.rows
    .map(
      (entry) =>
        `<tr data-check-id="${escapeHtml(entry.checkId)}" data-family="${escapeHtml(entry.family)}" data-differs="${entry.differs}"><td><code>${escapeHtml(entry.checkId)}</code>${entry.timingDependent ? ' ⏱' : ''}</td><td>${escapeHtml(entry.family)}</td>${entry.cells
          .map((compareCell, index) => {
            const seen = entry.seen?.[index];
            const variant = seen?.variantSeen ? ` · ${escapeHtml(seen.variantSeen)}` : '';
            const tip = seen?.observed ? ` title="${escapeHtml(seen.observed)}"` : '';
            return `<td class="c-${compareCell}"${tip}>${escapeHtml(CELL_TEXT[compareCell])}${variant}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}${COMPARE_CSS}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
${(options.preface ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${cmp.notes.map((name) => `<p class="reasons">Note: ${escapeHtml(name)}.</p>`).join('\n')}
<table class="cmp"><thead><tr><th>Vendor</th><th>Endpoint</th><th>Profile · tier</th><th>Seed</th><th>score</th><th>pass</th><th>fail</th><th>error</th><th>indeterminate</th><th>skip</th><th>exit</th></tr></thead>
<tbody>${summaries}</tbody></table>
${families.length > 0 ? `<h2>Scores per family (checks passed / applicable)</h2><table class="cmp"><thead><tr><th>Family</th>${head}</tr></thead><tbody>${scoreRows}</tbody></table>` : ''}
${cmp.columns
  .filter((input) => input.deviations || input.operations || input.vendor)
  .map(vendorSectionHtml)
  .join('\n')}
<h2>Checks</h2>
<p>Each cell: the verdict, then the variant seen where the check records one (hover for the observed answer). ⏱: timing-dependent.</p>
<div class="filters"><input type="search" id="f-text" placeholder="filter by check id or family" aria-label="text filter">
<label><input type="checkbox" id="f-diff"> only checks where vendors differ</label><span class="shown" id="shown"></span></div>
<table class="cmp"><thead><tr><th>Check</th><th>Family</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
<script>${COMPARE_JS}</script>
</body>
</html>
`;
}
