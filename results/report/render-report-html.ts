/**
 * One self-contained report.html: markup, CSS, the drawing code and the data, all inline.
 * No CDN and no fetch, so the file works opened straight from disk, offline, and can be
 * attached to a CI run as is.
 */
import { clientScript } from './client/client-script.js';
import type { ReportView } from './client/report-view.js';
import { reportViews } from './client/views.js';
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
button { font: inherit; font-size: 12px; padding: 2px 8px; cursor: pointer; border: 1px solid #bbb; background: #fff; border-radius: 4px; }
button:hover { background: #e3f2fd; }
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
.view-error { background: #fff5f5; color: #c62828; border-color: #c62828; }
`;

/** The page's sections: one per view that has something to show, each linked from the header. */
function renderBody(views: readonly ReportView[], data: ReportData): string {
  const nav = views.filter((view) => view.nav !== undefined).map((view) => `<a href="#${view.id}">${escapeHtml(view.nav!)}</a>`).join('');
  const sections = views.map((view) => `  <section id="${view.id}"${view.className === undefined ? '' : ` class="${view.className}"`}><h2>${escapeHtml(typeof view.heading === 'string' ? view.heading : view.heading(data))}</h2>${view.markup ?? ''}</section>`).join('\n');
  return `
<div id="report-error"></div>
<header>
  <h1 id="title"></h1><span id="verdict" class="badge"></span><span id="source"></span>
  <nav>${nav}</nav>
</header>
<main>
${sections}
</main>
<div id="tooltip"></div>
<aside id="op-details"></aside>
`;
}

export function renderReportHtml(data: ReportData, views: readonly ReportView[] = reportViews): string {
  const shown = views.filter((view) => view.hasContent(data));
  // The client runs from its own source text; errors surface in the page and the console.
  const boot = `
(function () {
  performance.mark('report-script-start');
  var data = JSON.parse(document.getElementById('report-data').textContent);
  performance.mark('report-data-parsed');
  try {${clientScript(shown)}
    performance.mark('report-drawn');
  }
  catch (error) {
    var box = document.getElementById('report-error');
    box.style.display = 'block';
    box.textContent = 'This report failed to draw: ' + (error && error.stack || error);
    throw error;
  }
  finally { document.body.setAttribute('data-ready', '1'); }
})();`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>${css}${shown.map((view) => view.css ?? '').join('\n')}</style>
</head>
<body>
${renderBody(shown, data)}
<script id="report-data" type="application/json">${scriptSafeJson(data)}</script>
<script>${boot}</script>
</body>
</html>
`;
}
