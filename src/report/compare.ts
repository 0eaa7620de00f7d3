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
import type { Results } from './results-schema.ts';

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
  }>;
  rows: Array<{ checkId: string; family: string; title?: string; cells: CompareCell[]; differs: boolean }>;
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
      const cells = inputs.map((input, i): CompareCell => {
        const outcome = verdicts[i]!.get(checkId);
        if (outcome === undefined) return 'absent';
        const expected = input.baseline?.expectedFailures.some((e) => e.checkId === checkId) ?? false;
        if (expected && (outcome === 'fail' || outcome === 'error')) return 'expected-failure';
        if (expected && outcome === 'pass') return 'unexpected-pass';
        return outcome;
      });
      return { checkId, ...meta, cells, differs: new Set(cells).size > 1 };
    });
  const notes: string[] = [];
  const distinct = (f: (r: Results) => string | number) => new Set(inputs.map((i) => f(i.results))).size > 1;
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
    })),
    rows,
    notes,
  };
}

/** compare.md: the matrix as a GitHub table. */
export function renderCompareMarkdown(cmp: Comparison): string {
  const lines = ['## cos-conformance: vendor comparison', ''];
  lines.push('| Vendor | Endpoint | Profile · tier | Seed | pass | fail | error | indeterminate | skip |');
  lines.push('|---|---|---|---|---:|---:|---:|---:|---:|');
  for (const c of cmp.columns) {
    const s = c.summary;
    lines.push(
      `| ${mdCell(c.label)} | \`${mdCell(c.endpoint)}\` | ${c.profile} · ${c.tier} | ${c.runSeed} | ${s.pass} | ${s.fail} | ${s.error} | ${s.indeterminate} | ${s.skip} |`,
    );
  }
  lines.push('');
  for (const note of cmp.notes) lines.push(`> Note: ${note}.`, '');
  lines.push(`| Check | Family | ${cmp.columns.map((c) => mdCell(c.label)).join(' | ')} |`);
  lines.push(`|---|---|${cmp.columns.map(() => '---').join('|')}|`);
  for (const row of cmp.rows) {
    lines.push(
      `| \`${mdCell(row.checkId)}\` | ${mdCell(row.family)} | ${row.cells.map((c) => CELL_TEXT[c]).join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const COMPARE_CSS = `
table.cmp { border-collapse: collapse; } table.cmp th, table.cmp td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; }
td.c-pass { color: var(--pass); } td.c-fail { color: var(--fail); font-weight: 600; } td.c-error { color: var(--error); }
td.c-indeterminate { color: var(--indeterminate); } td.c-skip, td.c-absent { color: var(--skip); }
td.c-expected-failure { color: var(--expected); } td.c-unexpected-pass { color: var(--pass); font-weight: 600; }
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

/** compare.html: one self-contained page with the summary per vendor and the filterable matrix. */
export function renderCompareHtml(cmp: Comparison): string {
  const head = cmp.columns.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const summaries = cmp.columns
    .map(
      (c) =>
        `<tr><td>${escapeHtml(c.label)}</td><td><code>${escapeHtml(c.endpoint)}</code></td><td>${escapeHtml(`${c.profile} · ${c.tier}`)}</td><td>${c.runSeed}</td><td>${c.summary.pass}</td><td>${c.summary.fail}</td><td>${c.summary.error}</td><td>${c.summary.indeterminate}</td><td>${c.summary.skip}</td></tr>`,
    )
    .join('\n');
  const rows = cmp.rows
    .map(
      (r) =>
        `<tr data-check-id="${escapeHtml(r.checkId)}" data-family="${escapeHtml(r.family)}" data-differs="${r.differs}"><td><code>${escapeHtml(r.checkId)}</code></td><td>${escapeHtml(r.family)}</td>${r.cells.map((c) => `<td class="c-${c}">${escapeHtml(CELL_TEXT[c])}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>cos-conformance: vendor comparison</title>
<style>${REPORT_CSS}${COMPARE_CSS}</style></head>
<body>
<h1>cos-conformance: vendor comparison</h1>
${cmp.notes.map((n) => `<p class="reasons">Note: ${escapeHtml(n)}.</p>`).join('\n')}
<table class="cmp"><thead><tr><th>Vendor</th><th>Endpoint</th><th>Profile · tier</th><th>Seed</th><th>pass</th><th>fail</th><th>error</th><th>indeterminate</th><th>skip</th></tr></thead>
<tbody>${summaries}</tbody></table>
<h2>Checks</h2>
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
