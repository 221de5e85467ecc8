/**
 * One self-contained report.html: markup, CSS, the drawing code and the data, all inline.
 * No CDN and no fetch, so the file works opened straight from disk, offline, and can be
 * attached to a CI run as is.
 */
import { reportClient } from './client/report-client.js';
import type { ReportData } from './report-data.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside a <script> element: no '</script>' or '<!--' can appear in it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const css = `
:root { --fg:#222; --muted:#666; --line:#ddd; --bg:#fafafa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, Segoe UI, sans-serif; color: var(--fg); margin: 0; background: #fff; }
header { padding: 14px 20px; border-bottom: 1px solid var(--line); background: var(--bg); }
header h1 { font-size: 18px; margin: 0; display: inline; }
header nav { margin-top: 6px; font-size: 13px; }
header nav a { margin-right: 14px; color: #1565c0; text-decoration: none; }
#source { color: var(--muted); font-size: 12px; margin-left: 10px; }
main { padding: 8px 20px 80px; max-width: 1600px; }
section { margin: 18px 0 26px; }
h2 { font-size: 16px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 4px 0 8px; }
h4 { font-size: 13px; margin: 12px 0 4px; color: #444; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
th { font-weight: 600; color: #444; }
table.ops { width: 100%; font-size: 12px; }
table.ops th, table.ops td { border-bottom: 1px solid #eee; padding: 3px 8px; font-family: ui-monospace, monospace; word-break: break-all; }
tr.clickable { cursor: pointer; }
tr.clickable:hover { background: #e3f2fd; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; color: #fff; background: #9e9e9e; }
.badge.valid { background: #2e7d32; } .badge.invalid { background: #c62828; } .badge.unknown { background: #ef6c00; }
header .badge { font-size: 14px; margin-left: 10px; vertical-align: 2px; }
.grid { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(300px, 1fr); gap: 20px; }
pre, code { font-family: ui-monospace, monospace; font-size: 12px; }
pre { background: var(--bg); padding: 8px; overflow: auto; max-height: 360px; border: 1px solid var(--line); }
#replay-box code { display: inline-block; background: #263238; color: #eceff1; padding: 6px 10px; border-radius: 4px; word-break: break-all; }
button { font: inherit; font-size: 12px; padding: 2px 8px; cursor: pointer; border: 1px solid #bbb; background: #fff; border-radius: 4px; }
button:hover { background: #e3f2fd; }
#problems-box { border: 2px solid #c62828; border-radius: 6px; padding: 8px 14px; background: #fff5f5; }
#problems-box h2 { border: 0; margin: 4px 0; color: #c62828; }
#problems li { margin: 4px 0; }
.legend { font-size: 12px; margin: 4px 0; }
.key { display: inline-block; margin-right: 14px; }
.key::before { content: ''; display: inline-block; width: 12px; height: 10px; margin-right: 4px; background: var(--c); vertical-align: -1px; }
.key.outline::before { background: transparent; border: 2px solid var(--c); }
.key.faint::before { opacity: .3; }
.key.line::before { height: 3px; vertical-align: 3px; }
.controls { margin: 4px 0; font-size: 12px; }
.hint { color: var(--muted); margin-left: 10px; }
.canvas-box { width: 100%; }
canvas { display: block; }
figure { margin: 8px 0 14px; }
figcaption { font-size: 12px; color: #444; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.card.anomaly { border-left: 4px solid #c62828; }
.card.anomaly > summary { cursor: pointer; list-style-position: outside; }
.card.anomaly > summary h3 { display: inline; }
.state { font-family: ui-monospace, monospace; font-size: 12px; background: #fff8e1; padding: 4px 8px; }
.counts .count { margin-right: 16px; font-weight: 600; }
.counts .count.bad { color: #c62828; }
td.ok { color: #2e7d32; } td.fail { color: #c62828; } td.info { color: #ef6c00; }
ol.executions { font-family: ui-monospace, monospace; font-size: 12px; }
input[type=search] { width: 360px; padding: 4px 8px; margin: 6px 0; }
#tooltip { position: fixed; display: none; z-index: 20; background: rgba(33,33,33,.94); color: #fff; font: 12px/1.4 ui-monospace, monospace; padding: 6px 8px; border-radius: 4px; white-space: pre; max-width: 700px; overflow: hidden; pointer-events: none; }
#op-details { position: fixed; right: 16px; bottom: 16px; width: min(560px, 90vw); max-height: 50vh; overflow: auto; z-index: 10; background: #fff; border: 2px solid #222; border-radius: 6px; padding: 10px 12px; box-shadow: 0 4px 18px rgba(0,0,0,.2); display: none; font-size: 12px; }
#op-details td { font-family: ui-monospace, monospace; word-break: break-all; }
#op-details .close { float: right; }
#report-error { display: none; background: #c62828; color: #fff; padding: 8px 20px; }
`;

const body = `
<div id="report-error"></div>
<header>
  <h1 id="title"></h1><span id="verdict" class="badge"></span><span id="source"></span>
  <nav><a href="#summary">Summary</a><a href="#timeline">Timeline</a><a href="#latency">Latency</a><a href="#throughput">Throughput</a><a href="#linearizability">Linearizability</a><a href="#exactly-once">Exactly-once</a></nav>
</header>
<main>
  <section id="problems-box"><h2>Where it broke</h2><ul id="problems"></ul></section>
  <section id="summary">
    <h2>Summary</h2>
    <div class="grid">
      <div><h3>Checkers</h3><table id="verdicts"></table><div id="other-results"></div></div>
      <div><h3>Run</h3><table id="counts"></table></div>
    </div>
    <div id="replay-box"><h3>Replay this run</h3><code id="replay"></code> <button id="copy-replay">copy</button></div>
    <details><summary>Test spec (test.json)</summary><pre id="spec"></pre></details>
  </section>
  <section id="timeline">
    <h2>Timeline: operations per process</h2>
    <div class="controls"><button id="reset-zoom">reset zoom</button> <button id="zoom-out">zoom out</button> <span id="zoom-label"></span><span class="hint">drag across a chart to zoom (all time charts follow) · hover an operation for details · click to pin them (Esc closes)</span></div>
    <div class="legend" id="timeline-legend"></div>
    <div class="canvas-box"><canvas id="timeline-canvas" data-chart="timeline"></canvas></div>
  </section>
  <section id="latency">
    <h2>Latency over time, per operation type</h2>
    <div class="legend" id="latency-legend"></div>
    <div id="latency-charts"></div>
  </section>
  <section id="throughput">
    <h2>Throughput over time (completions per second), per operation type</h2>
    <div class="legend" id="throughput-legend"></div>
    <div class="canvas-box"><canvas id="throughput-canvas" data-chart="throughput"></canvas></div>
  </section>
  <section id="linearizability"><h2>Linearizability: where no linearization exists</h2></section>
  <section id="exactly-once"><h2>Exactly-once: requests applied other than exactly once</h2></section>
</main>
<div id="tooltip"></div>
<aside id="op-details"></aside>
`;

export function renderReportHtml(data: ReportData): string {
  // The client runs from its own source text; errors surface in the page and the console.
  const boot = `
(function () {
  performance.mark('report-script-start');
  var data = JSON.parse(document.getElementById('report-data').textContent);
  performance.mark('report-data-parsed');
  try { (${reportClient.toString()})(data); performance.mark('report-drawn'); }
  catch (error) {
    var box = document.getElementById('report-error');
    box.style.display = 'block';
    box.textContent = 'This report failed to draw: ' + (error && error.stack || error);
    throw error;
  }
})();`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${css}</style>
</head>
<body>
${body}
<script id="report-data" type="application/json">${scriptSafeJson(data)}</script>
<script>${boot}</script>
</body>
</html>
`;
}
