/**
 * Benchmark: how long a 100,000-operation run's report.html takes to open in headless
 * Chromium, from navigation until the page has drawn every chart (body[data-ready]).
 * Goal: under 3 s. And a 1,000,000-op report: under 10 s, or the page says what it sampled
 * (benchMillionOpReport). Not timed tests: both are sections of `npm run bench`;
 * `node dist/bench/report-load.js [ops]` runs them alone.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';
import { buildReportData } from '../results/report/build-report-data.js';
import { renderReportHtml } from '../results/report/render-report-html.js';
import { writeRunReport } from '../results/report/write-report.js';
import { chromiumInstalled, chromiumPath, launchChromium } from '../test/browser/chromium.js';
import { denseHistory } from '../test/results/report/fixtures/dense-history.js';
import { writeSyntheticRun } from '../test/results/report/fixtures/synthetic-run.js';

export interface ReportLoadFigures {
  opCount: number;
  reportBytes: number;
  /** Time to build and write report.html from the run folder. */
  writeMs: number;
  /** Each load: navigation start until every chart is drawn. */
  loadMs: number[];
}

export async function benchReportLoad(opCount = 100_000, loads = 5): Promise<ReportLoadFigures | null> {
  if (!chromiumInstalled()) {
    console.log(`report-load\tskipped: no chromium at ${chromiumPath}`);
    return null;
  }
  const storeDir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount, seed: 100, concurrency: 10 });
    const writeStart = performance.now();
    const file = writeRunReport(run.dir);
    const writeMs = performance.now() - writeStart;
    const chromium = await launchChromium();
    const loadMs: number[] = [];
    try {
      for (let k = 0; k < loads; k++) {
        const page = await chromium.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        const start = performance.now();
        await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
        await page.waitForSelector('body[data-ready="1"]', { timeout: 60_000 });
        loadMs.push(performance.now() - start);
        if (errors.length > 0) throw new Error(`report-load: the page threw: ${errors.join('; ')}`);
        await page.close();
      }
    } finally {
      await chromium.close();
    }
    const figures = { opCount, reportBytes: statSync(file).size, writeMs, loadMs };
    console.log(`report-load\tops\t${opCount}\treport_MB\t${(figures.reportBytes / 1e6).toFixed(1)}\twrite_ms\t${writeMs.toFixed(0)}`);
    const medianMs = [...loadMs].sort((a, b) => a - b)[Math.floor(loadMs.length / 2)];
    console.log(`report-load\topen_ms each (first is a fresh browser)\t${loadMs.map((ms) => ms.toFixed(0)).join('\t')}`);
    console.log(`report-load\topen_ms median\t${medianMs.toFixed(0)}\tgoal < 3000\t${medianMs < 3000 ? 'met' : 'NOT met'}`);
    return figures;
  } finally {
    rmSync(storeDir, { recursive: true, force: true });
  }
}

/**
 * A 1,000,000-op history (built in memory: writing and re-reading a million-op run folder
 * measures the history reader, not the page) as report.html, opened once in a fresh
 * browser: how long until drawn, and whether the page says what it sampled.
 */
export async function benchMillionOpReport(opCount = 1_000_000): Promise<void> {
  if (!chromiumInstalled()) {
    console.log(`report-load-1m\tskipped: no chromium at ${chromiumPath}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-1m-'));
  try {
    const history = denseHistory(opCount);
    const file = join(dir, 'report.html');
    const writeStart = performance.now();
    writeFileSync(file, renderReportHtml(buildReportData({ title: 'million ops', source: 'bench', spec: { concurrency: history.concurrency }, events: history.events })));
    const writeMs = performance.now() - writeStart;
    history.events.length = 0;
    const chromium = await launchChromium();
    try {
      const page = await chromium.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const start = performance.now();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'commit' });
      await page.waitForSelector('body[data-ready="1"]', { timeout: 600_000 });
      const openMs = performance.now() - start;
      if (errors.length > 0) throw new Error(`report-load-1m: the page threw: ${errors.join('; ')}`);
      const note = (await page.textContent('#sampled-note').catch(() => null)) ?? '';
      console.log(`report-load-1m\tops\t${opCount}\treport_MB\t${(statSync(file).size / 1e6).toFixed(1)}\twrite_ms\t${writeMs.toFixed(0)}\topen_ms\t${openMs.toFixed(0)}`);
      console.log(`report-load-1m\tgoal < 10000 ms or the page says what it sampled\t${openMs < 10_000 ? 'met (opened in time)' : note !== '' ? 'met (says what it sampled)' : 'NOT met'}\tpage: ${note || '(no sampling note)'}`);
    } finally {
      await chromium.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchReportLoad(Number(process.argv[2] ?? 100_000));
  await benchMillionOpReport();
}
