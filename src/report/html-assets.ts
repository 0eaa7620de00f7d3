/**
 * The inline stylesheet and script of report.html (one self-contained file: no external asset, no network).
 * The script builds the page from the embedded results with DOM APIs and textContent only, never innerHTML,
 * because the data holds text sent by the endpoint under test.
 */

export const REPORT_CSS = `
:root { --pass:#1a7f37; --fail:#cf222e; --error:#8250df; --indeterminate:#bf8700; --skip:#6e7781;
  --expected:#9a6700; --bg:#fff; --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg);
  margin: 0; padding: 16px 24px 48px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto;
  white-space: pre-wrap; word-break: break-all; max-height: 420px; }
.status { font-weight: 600; } .status.ok { color: var(--pass); } .status.bad { color: var(--fail); }
.status.inconclusive { color: var(--indeterminate); }
.reasons { color: var(--muted); margin: 0 0 12px; }
table { border-collapse: collapse; }
table.meta td { padding: 2px 12px 2px 0; vertical-align: top; } table.meta td:first-child { color: var(--muted); }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 12px 0; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 96px; background: var(--panel);
  cursor: pointer; text-align: left; font: inherit; color: inherit; }
.count b { display: block; font-size: 20px; }
.count.o-pass b { color: var(--pass); } .count.o-fail b { color: var(--fail); } .count.o-error b { color: var(--error); }
.count.o-indeterminate b { color: var(--indeterminate); } .count.o-skip b { color: var(--skip); }
.matrix { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; align-items: center; }
.matrix .fam { color: var(--muted); white-space: nowrap; }
.cells { display: flex; flex-wrap: wrap; gap: 3px; }
.cell { width: 14px; height: 14px; border-radius: 3px; border: 0; padding: 0; cursor: pointer; }
.o-pass.cell, .badge.o-pass { background: var(--pass); } .o-fail.cell, .badge.o-fail { background: var(--fail); }
.o-error.cell, .badge.o-error { background: var(--error); }
.o-indeterminate.cell, .badge.o-indeterminate { background: var(--indeterminate); }
.o-skip.cell, .badge.o-skip { background: var(--skip); }
.cell.expected { outline: 2px dashed var(--expected); outline-offset: 1px; }
.filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
.filters input[type=search] { min-width: 280px; padding: 4px 8px; }
.filters select, .filters input { font: inherit; }
.shown { color: var(--muted); }
table.checks { width: 100%; } table.checks th { text-align: left; border-bottom: 1px solid var(--line); padding: 4px 8px; }
table.checks td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
tr.check-row { cursor: pointer; } tr.check-row:hover { background: var(--panel); }
tr.check-row.open { background: var(--panel); }
.badge { display: inline-block; color: #fff; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; }
.tag-expected { color: var(--expected); font-size: 12px; font-weight: 600; margin-left: 6px; }
.detail td { background: #fbfcfd; } .detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.detail dt { color: var(--muted); } .detail dd { margin: 0; }
.exchange { border-left: 3px solid var(--line); padding-left: 8px; margin: 8px 0; }
.exchange h4 { margin: 4px 0; font-size: 13px; }
.muted { color: var(--muted); }
`;

export const REPORT_JS = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cos-results').textContent);
  var labelsEl = document.getElementById('cos-confidence-labels');
  var confidenceLabels = labelsEl ? JSON.parse(labelsEl.textContent) : {};
  function withConfidence(c) {
    var label = c.confidence ? confidenceLabels[c.confidence] || c.confidence : '';
    if (c.expected === undefined) return undefined;
    return label ? c.expected + ' (' + label + ')' : c.expected;
  }
  var OUTCOMES = ['pass', 'fail', 'error', 'indeterminate', 'skip'];
  var expected = new Set((data.gate && data.gate.expectedFailures) || []);
  var unexpectedPass = new Set((data.gate && data.gate.unexpectedPasses) || []);

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (attrs[k] === undefined || attrs[k] === null) continue;
      if (k === 'text') node.textContent = String(attrs[k]);
      else if (k === 'className') node.className = attrs[k];
      else node.setAttribute(k, String(attrs[k]));
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function byId(id) { return document.getElementById(id); }

  // Header
  var gate = data.gate;
  var statusText = gate ? ({ conformant: 'conformant', 'expected-failures-only': 'conformant except for expected failures',
    nonconformant: 'non-conformant', inconclusive: 'inconclusive' })[gate.status] : 'results';
  var statusClass = !gate ? '' : gate.exitCode === 0 ? 'ok' : gate.exitCode === 1 ? 'bad' : 'inconclusive';
  byId('status').appendChild(el('span', { className: 'status ' + statusClass, 'data-testid': 'status',
    text: statusText + (gate ? ' (exit ' + gate.exitCode + ')' : '') }));
  if (gate) byId('reasons').textContent = gate.reasons.join('; ');

  var m = data.manifest, t = m.target;
  var metaRows = [
    ['Label', m.label],
    ['Target', t.endpoint + (t.embedded ? ' (embedded reference server' + (t.mutant ? ', mutant ' + t.mutant : '') + (t.variant ? ', conformant variant ' + t.variant : '') + ')' : '') + ' · bucket ' + t.bucket + ' · ' + t.region + ' · ' + t.addressing + ' · ' + t.signer + ' signer'],
    ['Profile · tier', m.profile + ' · ' + m.tier],
    ['Run seed', String(m.runSeed)],
    ['Run', data.runId + ' · ' + m.startedAt + ' → ' + m.endedAt + (m.selection.shard ? ' · shard ' + m.selection.shard : '')],
    ['Harness', m.harness.version + ' (' + m.harness.gitSha.slice(0, 12) + ') · node ' + m.runtime.node + ' · vitest ' + m.runtime.vitest + ' · undici ' + m.runtime.undici + ' · fast-check ' + m.runtime.fastCheck],
    ['Upload Part', data.summary.uploadPart.succeeded + ' of ' + data.summary.uploadPart.attempted + ' succeeded · ' + data.history.exchanges + ' exchanges in ' + data.history.file],
    ['Command', m.argv.join(' ')],
  ];
  var metaTable = byId('meta');
  metaRows.forEach(function (r) { if (r[1]) metaTable.appendChild(el('tr', null, [el('td', { text: r[0] }), el('td', { text: r[1] })])); });

  // Filters state
  var state = { outcome: 'all', family: 'all', text: '' };

  // Counts
  var counts = byId('counts');
  OUTCOMES.concat(['total']).forEach(function (o) {
    var n = o === 'total' ? data.summary.total : data.summary[o];
    var b = el('button', { type: 'button', className: 'count o-' + o, 'data-count': o }, [el('b', { text: n }), o]);
    b.addEventListener('click', function () { setOutcome(o === 'total' ? 'all' : o); });
    counts.appendChild(b);
  });

  // Families
  var families = [];
  data.checks.forEach(function (c) { if (families.indexOf(c.family) < 0) families.push(c.family); });
  families.sort();

  // Matrix
  var matrix = byId('matrix');
  families.forEach(function (f) {
    var cells = el('div', { className: 'cells' });
    data.checks.forEach(function (c, i) {
      if (c.family !== f) return;
      var cell = el('button', { type: 'button', className: 'cell o-' + c.outcome + (expected.has(c.checkId) ? ' expected' : ''),
        title: c.checkId + ': ' + c.outcome + (expected.has(c.checkId) ? ' (expected by the baseline)' : ''),
        'aria-label': c.checkId + ' ' + c.outcome, 'data-index': i });
      cell.addEventListener('click', function () { reveal(i); });
      cells.appendChild(cell);
    });
    matrix.appendChild(el('div', { className: 'fam', text: f }));
    matrix.appendChild(cells);
  });

  // Filter controls
  var outcomeSel = byId('f-outcome'), familySel = byId('f-family'), textIn = byId('f-text');
  [['all', 'all outcomes'], ['failing', 'fail + error']].concat(OUTCOMES.map(function (o) { return [o, o]; }))
    .forEach(function (o) { outcomeSel.appendChild(el('option', { value: o[0], text: o[1] })); });
  familySel.appendChild(el('option', { value: 'all', text: 'all families' }));
  families.forEach(function (f) { familySel.appendChild(el('option', { value: f, text: f })); });
  outcomeSel.addEventListener('change', function () { state.outcome = outcomeSel.value; apply(); });
  familySel.addEventListener('change', function () { state.family = familySel.value; apply(); });
  textIn.addEventListener('input', function () { state.text = textIn.value.trim().toLowerCase(); apply(); });
  function setOutcome(o) { state.outcome = o; outcomeSel.value = o; apply(); }

  // Check list
  var tbodyHost = byId('checks');
  var rows = data.checks.map(function (c, i) {
    var badge = el('span', { className: 'badge o-' + c.outcome, text: c.outcome });
    var idCell = el('td', null, [el('code', { text: c.checkId }),
      expected.has(c.checkId) ? el('span', { className: 'tag-expected', text: 'expected failure' }) : null,
      unexpectedPass.has(c.checkId) ? el('span', { className: 'tag-expected', text: 'unexpected pass' }) : null]);
    var row = el('tr', { className: 'check-row', 'data-index': i, 'data-outcome': c.outcome, 'data-check-id': c.checkId,
      tabindex: 0, 'aria-expanded': 'false' }, [el('td', null, [badge]), idCell, el('td', { text: c.family }),
      el('td', { text: c.message + ((c.outcome === 'fail' || c.outcome === 'error') && c.confidence ? ' (expectation ' + (confidenceLabels[c.confidence] || c.confidence) + ')' : '') })]);
    var detailCell = el('td', { colspan: 4 });
    var detail = el('tr', { className: 'detail', 'data-detail-for': i, hidden: '' }, [detailCell]);
    var built = false;
    function toggle(open) {
      if (open === undefined) open = detail.hidden;
      if (open && !built) { buildDetail(detailCell, c); built = true; }
      detail.hidden = !open;
      row.classList.toggle('open', open);
      row.setAttribute('aria-expanded', String(open));
    }
    row.addEventListener('click', function () { toggle(); });
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
    var body = el('tbody', null, [row, detail]);
    tbodyHost.appendChild(body);
    return { check: c, body: body, toggle: toggle, row: row };
  });

  function matches(c) {
    if (state.outcome === 'failing' && !(c.outcome === 'fail' || c.outcome === 'error')) return false;
    if (state.outcome !== 'all' && state.outcome !== 'failing' && c.outcome !== state.outcome) return false;
    if (state.family !== 'all' && c.family !== state.family) return false;
    if (state.text) {
      var hay = (c.checkId + ' ' + (c.title || '') + ' ' + c.message + ' ' + c.test.fullName).toLowerCase();
      if (hay.indexOf(state.text) < 0) return false;
    }
    return true;
  }
  function apply() {
    var shown = 0;
    rows.forEach(function (r) { var ok = matches(r.check); r.body.hidden = !ok; if (ok) shown++; });
    byId('shown').textContent = shown + ' of ' + rows.length + ' shown';
  }
  function reveal(i) {
    state = { outcome: 'all', family: 'all', text: '' };
    outcomeSel.value = 'all'; familySel.value = 'all'; textIn.value = '';
    apply();
    rows[i].toggle(true);
    rows[i].row.scrollIntoView({ block: 'center' });
  }

  function kv(dl, k, v) { if (v === undefined || v === null || v === '') return; dl.appendChild(el('dt', { text: k })); dl.appendChild(el('dd', null, [typeof v === 'string' ? v : v])); }
  function headersText(h) { return Object.keys(h || {}).map(function (k) { return k + ': ' + h[k]; }).join('\\n'); }
  function buildDetail(host, c) {
    var dl = el('dl');
    kv(dl, 'Check', c.checkId + (c.title ? ' — ' + c.title : ''));
    kv(dl, 'Outcome', c.outcome + (expected.has(c.checkId) ? ' (expected by the baseline)' : ''));
    kv(dl, 'Message', c.message);
    kv(dl, 'Expected', withConfidence(c));
    if (c.expected === undefined && c.confidence) kv(dl, 'Expectation', confidenceLabels[c.confidence] || c.confidence);
    kv(dl, 'Observed', c.observed);
    kv(dl, 'Variant seen', c.variantSeen);
    if (c.measured) kv(dl, 'Measured', Object.keys(c.measured).map(function (k) { return k + ' = ' + c.measured[k]; }).join(', '));
    kv(dl, 'Rule', c.specRef ? c.specRef + (c.severity ? ' (' + c.severity + ')' : '') : undefined);
    kv(dl, 'Test', c.test.fullName + ' — ' + c.test.file);
    kv(dl, 'Seed', String(c.seed));
    kv(dl, 'Replay token', c.replay);
    host.appendChild(dl);
    if (c.evidence.length) {
      host.appendChild(el('h4', { text: 'Exchanges (' + c.evidence.length + ')' }));
      c.evidence.forEach(function (ex) {
        var box = el('div', { className: 'exchange', 'data-seq': ex.seq });
        var status = ex.response ? String(ex.response.status) + (ex.response.error && ex.response.error.code ? ' ' + ex.response.error.code : '')
          : 'transport error ' + (ex.transportError ? ex.transportError.code : '?');
        box.appendChild(el('h4', null, [el('code', { text: '#' + ex.seq + ' ' + ex.op + ': ' + ex.requestLine }), ' → ' + status]));
        var req = ex.requestLine + '\\n' + headersText(ex.request.headers) + '\\n\\n[body ' + ex.request.bodySize + ' bytes' + (ex.request.bodyMd5 ? ', MD5 ' + ex.request.bodyMd5 : '') + ']';
        box.appendChild(el('pre', { className: 'request', text: req }));
        if (ex.response) {
          var res = 'HTTP ' + ex.response.status + '\\n' + headersText(ex.response.headers) + (ex.response.bodyText ? '\\n\\n' + ex.response.bodyText : '\\n\\n[body ' + ex.response.bodySize + ' bytes]');
          box.appendChild(el('pre', { className: 'response', text: res }));
          if (ex.response.requestId) box.appendChild(el('div', { className: 'muted', text: 'request id: ' + ex.response.requestId }));
        }
        if (ex.transportError) box.appendChild(el('pre', { text: ex.transportError.code + ': ' + ex.transportError.message }));
        host.appendChild(box);
      });
    }
    if (c.reproduction) {
      host.appendChild(el('h4', { text: 'Reproduce' }));
      host.appendChild(el('pre', { className: 'repro', text: c.reproduction.shell + (c.reproduction.replay ? '\\n\\n' + c.reproduction.replay : '') }));
    }
  }

  var failingCount = data.checks.filter(function (c) { return c.outcome === 'fail' || c.outcome === 'error'; }).length;
  if (failingCount > 0) setOutcome('failing'); else apply();

  if (data.unhandledErrors.length) {
    var box = byId('unhandled');
    box.appendChild(el('h2', { text: 'Harness errors (' + data.unhandledErrors.length + ')' }));
    data.unhandledErrors.forEach(function (e) { box.appendChild(el('pre', { text: (e.name ? e.name + ': ' : '') + e.message })); });
  }
})();
`;
