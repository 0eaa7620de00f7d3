/**
 * report.html: one self-contained file (inline CSS and JS, no external asset), with the results embedded as
 * JSON in a `<script type="application/json">` block. Every `<` of the JSON is escaped so that no text from the
 * endpoint can close the script element.
 */
import { CONFIDENCE_ORDER, confidenceLabel } from '../profiles/confidence.ts';
import type { Confidence } from '../profiles/types.ts';
import type { ProfileName } from '../target/types.ts';
import { REPORT_CSS, REPORT_JS } from './html-assets.ts';
import type { Results } from './results-schema.ts';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON safe to embed in a `<script>` element: `<`, `>`, `&` and the two JavaScript line terminators are
 * written as `\u` escapes, which JSON.parse reads back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** How each confidence reads under `profile` (the page shows it next to what was expected). */
function confidenceLabels(profile: ProfileName): Record<Confidence, string> {
  return Object.fromEntries(
    CONFIDENCE_ORDER.map((confidence) => [confidence, confidenceLabel(confidence, profile)]),
  ) as Record<Confidence, string>;
}

/** Renders report.html from a run's results. */
export function renderHtml(results: Results): string {
  const title = `cos-conformance ${results.manifest.label ?? results.manifest.target.endpoint} ${results.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="cos-conformance-format" content="${results.formatVersion}">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>cos-conformance: <span id="status"></span></h1>
<p class="reasons" id="reasons"></p>
<noscript><p>This report needs JavaScript to render; the same data is in results.json and report.md.</p></noscript>
<table class="meta" id="meta"></table>
<div class="counts" id="counts"></div>
<h2>Checks by family</h2>
<div class="matrix" id="matrix"></div>
<h2>Checks</h2>
<div class="filters">
  <label>Outcome <select id="f-outcome" data-testid="filter-outcome"></select></label>
  <label>Family <select id="f-family" data-testid="filter-family"></select></label>
  <input type="search" id="f-text" data-testid="filter-text" placeholder="filter by check id, title or message" aria-label="text filter">
  <span class="shown" id="shown"></span>
</div>
<table class="checks" id="checks"><thead><tr><th>Outcome</th><th>Check</th><th>Family</th><th>Message</th></tr></thead></table>
<div id="unhandled"></div>
<script type="application/json" id="cos-results">${embedJson(results)}</script>
<script type="application/json" id="cos-confidence-labels">${embedJson(confidenceLabels(results.manifest.profile))}</script>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
