/**
 * The results browser's index: every run in the store, newest first, filterable by text and
 * verdict, each linking to its report. Self-contained like the reports.
 */
import type { RunListing } from './list-runs.js';
import { scriptSafeJson } from './render-report-html.js';

/** URL path of a run's report on the results browser. */
export function runReportPath(run: Pick<RunListing, 'test' | 'start'>): string {
  return `/run/${encodeURIComponent(run.test)}/${encodeURIComponent(run.start)}/`;
}

/** Runs in the browser: rows are built from the embedded list, filtering hides rows. */
function indexClient(runs: (RunListing & { href: string })[]): void {
  const body = document.getElementById('runs')!;
  const filter = document.getElementById('filter') as HTMLInputElement;
  const verdict = document.getElementById('verdict-filter') as HTMLSelectElement;
  const shown = document.getElementById('shown')!;
  const rows = runs.map((run) => {
    const row = document.createElement('tr');
    const cells = [
      run.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), run.test, run.target, run.runtime, run.workload, run.nemesis || 'none',
      // Beside the verdict, what it rests on: '0 ok · 0 fail · 304 info' is no evidence of anything.
      run.partial ? `${run.verdict} (partial)` : run.verdict,
      run.counts === null ? String(run.ops) : `${run.counts.ok} ok · ${run.counts.fail} fail · ${run.counts.info} info`,
      run.elapsedMs === null ? '' : `${(run.elapsedMs / 1000).toFixed(1)} s`, run.seed === null ? '' : String(run.seed),
    ];
    cells.forEach((text, k) => {
      const cell = document.createElement('td');
      if (k === 1) {
        const link = document.createElement('a');
        link.href = run.href;
        link.textContent = text;
        cell.append(link);
      } else if (k === 6) {
        const badge = document.createElement('span');
        badge.className = `badge ${run.verdict.replace(' ', '-')}`;
        badge.textContent = text;
        cell.append(badge);
      } else cell.textContent = text;
      row.append(cell);
    });
    row.dataset.verdict = run.verdict;
    row.dataset.text = cells.join(' ').toLowerCase();
    row.className = 'run';
    body.append(row);
    return row;
  });
  const apply = (): void => {
    const needles = filter.value.toLowerCase().split(/\s+/).filter((w) => w !== '');
    let count = 0;
    for (const row of rows) {
      const visible = needles.every((w) => row.dataset.text!.includes(w)) && (verdict.value === '' || row.dataset.verdict === verdict.value);
      row.style.display = visible ? '' : 'none';
      if (visible) count++;
    }
    shown.textContent = `${count} of ${rows.length} runs`;
  };
  filter.addEventListener('input', apply);
  verdict.addEventListener('change', apply);
  apply();
  document.body.setAttribute('data-ready', '1');
}

export function renderRunIndexHtml(storeDir: string, runs: readonly RunListing[]): string {
  const withLinks = runs.map((run) => ({ ...run, href: runReportPath(run) }));
  const escapedStore = storeDir.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Runs · ${escapedStore}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 20px; color: #222; }
h1 { font-size: 18px; margin: 0 0 4px; } .muted { color: #666; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin-top: 10px; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #eee; font-size: 13px; }
th { background: #fafafa; } tr.run:hover { background: #e3f2fd; }
input { width: 360px; padding: 4px 8px; } select { padding: 3px; }
.badge { padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12px; background: #9e9e9e; }
.badge.valid { background: #2e7d32; } .badge.invalid { background: #c62828; } .badge.unknown { background: #ef6c00; }
</style></head>
<body>
<h1>Runs</h1><div class="muted">store: ${escapedStore} · newest first</div>
<p><input id="filter" type="search" placeholder="filter: test, target, runtime, nemesis, seed…" autofocus>
<select id="verdict-filter"><option value="">any verdict</option><option>invalid</option><option>unknown</option><option>valid</option><option>not checked</option></select>
<span id="shown" class="muted"></span></p>
<table><thead><tr><th>started</th><th>test</th><th>target</th><th>runtime</th><th>workload</th><th>nemesis</th><th>verdict</th><th>ok / fail / info</th><th>duration</th><th>seed</th></tr></thead>
<tbody id="runs"></tbody></table>
${runs.length === 0 ? '<p>No runs in this store yet: run <code>harness test</code>.</p>' : ''}
<script id="runs-data" type="application/json">${scriptSafeJson(withLinks)}</script>
<script>(${indexClient.toString()})(JSON.parse(document.getElementById('runs-data').textContent));</script>
</body></html>
`;
}
