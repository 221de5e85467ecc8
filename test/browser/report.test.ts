/**
 * The reports in a real browser (Debian's chromium via playwright-core): a failing run's
 * report opens without console errors, its charts are drawn, clicking an operation shows
 * its details, and the results browser lists the runs. Screenshots go to .tmp/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { HistoryEvent } from '../../harness/event.js';
import { buildReportData } from '../../results/report/build-report-data.js';
import { historyColumns } from '../../results/report/history-columns.js';
import { renderReportHtml } from '../../results/report/render-report-html.js';
import type { ReportData } from '../../results/report/report-data.js';
import { startStoreServer, type StoreServer } from '../../results/report/store-server.js';
import { writeRunReport, writeTransactionsHtml } from '../../results/report/write-report.js';
import type { MessageRecord } from '../../targets/maelstrom/message-record.js';
import { checkTransactions } from '../../checkers/transactions/check.js';
import { txnEvents } from '../checkers/transactions/txn-history.js';
import { denseHistory, overlappingFaultsHistory, type MadeHistory } from '../results/report/fixtures/dense-history.js';
import { writeSyntheticRun, type SyntheticRun } from '../results/report/fixtures/synthetic-run.js';
import { chromiumInstalled, chromiumPath, launchChromium, type LaunchedChromium } from './chromium.js';

const screenshotDir = join(process.cwd(), '.tmp', 'screenshots');

/** Opens a page and records every console error and uncaught exception. */
async function openPage(chromium: LaunchedChromium, url: string, timeoutMs = 30_000): Promise<{ page: Page; errors: string[] }> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
  await page.waitForSelector('body[data-ready="1"]', { timeout: timeoutMs });
  return { page, errors };
}

/** Canvas pixels that are not transparent: a chart that drew nothing has almost none. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let count = 0;
    for (let k = 3; k < pixels.length; k += 4) if (pixels[k] > 0) count++;
    return count;
  });
}

/** Where on the page a canvas has a pixel of this colour (CSS px), or null. */
async function findColour(page: Page, selector: string, rgb: [number, number, number]): Promise<{ x: number; y: number } | null> {
  return page.$eval(selector, (canvas, colour) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const ratio = c.width / c.getBoundingClientRect().width;
    for (let k = 0; k < pixels.length; k += 4) {
      if (pixels[k] === colour[0] && pixels[k + 1] === colour[1] && pixels[k + 2] === colour[2] && pixels[k + 3] === 255) {
        const box = c.getBoundingClientRect();
        const p = k / 4;
        // aim 2px into the bar, away from its outline
        return { x: box.left + (p % c.width) / ratio + 2, y: box.top + Math.floor(p / c.width) / ratio + 3 };
      }
    }
    return null;
  }, rgb);
}

/** A report of an in-memory history, written as report.html into its own folder. */
function writeHistoryReport(dir: string, name: string, events: HistoryEvent[], concurrency: number): string {
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderReportHtml(buildReportData({ title: name, source: name, spec: { concurrency }, events })));
  return file;
}

interface LabelBox { text?: string; name?: string; x0: number; x1: number; y?: number; y0?: number; y1?: number }
const dataOf = async (page: Page, selector: string, attribute: string): Promise<LabelBox[]> => JSON.parse((await page.getAttribute(selector, attribute)) ?? '[]') as LabelBox[];
const overlaps = (a: LabelBox, b: LabelBox): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0! < b.y1! && b.y0! < a.y1!;

/** Pixels of the column at css x from y0 for height rows, classified by the nearest outcome colour. */
async function columnColours(page: Page, selector: string, x: number, y0: number, height: number): Promise<Record<string, number>> {
  return page.$eval(selector, (canvas, at) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')!.getImageData(at.x, at.y0, 1, at.height).data;
    const palette: Record<string, number[]> = { ok: [0x4c, 0xaf, 0x50], fail: [0xe5, 0x39, 0x35], info: [0xfb, 0x8c, 0x00] };
    const counts: Record<string, number> = { ok: 0, fail: 0, info: 0, other: 0 };
    for (let k = 0; k < pixels.length; k += 4) {
      const name = Object.keys(palette).find((n) => palette[n].every((v, j) => Math.abs(v - pixels[k + j]) <= 3) && pixels[k + 3] === 255);
      counts[name ?? 'other']++;
    }
    return counts;
  }, { x, y0, height });
}

describe('reports in chromium', function () {
  this.timeout(120_000);
  let chromium: LaunchedChromium | undefined;
  let storeDir = '';
  let linearizabilityRun: SyntheticRun;
  let exactlyOnceRun: SyntheticRun;
  let server: StoreServer | undefined;

  before(async function () {
    if (!chromiumInstalled()) {
      console.log(`      skipped: no chromium at ${chromiumPath} (apt-get install chromium; CI installs it)`);
      this.skip();
    }
    mkdirSync(screenshotDir, { recursive: true });
    storeDir = mkdtempSync(join(tmpdir(), 'browser-report-'));
    linearizabilityRun = writeSyntheticRun({ storeDir, kind: 'register', opCount: 3000, seed: 21, startedAt: new Date(Date.UTC(2026, 10, 20, 9)) });
    exactlyOnceRun = writeSyntheticRun({ storeDir, kind: 'ledger', opCount: 3000, seed: 22, startedAt: new Date(Date.UTC(2026, 10, 21, 9)), runtime: 'netns' });
    // The failing register run recorded what to replay; the ledger run did not (a run killed before its end).
    writeFileSync(join(linearizabilityRun.dir, 'replay.json'), '{"version":1,"concurrency":5,"mainPhaseMs":0,"ops":[],"faults":[]}\n');
    writeRunReport(linearizabilityRun.dir);
    writeRunReport(exactlyOnceRun.dir);
    chromium = await launchChromium();
  });
  after(async () => {
    await server?.close();
    await chromium?.close();
    if (storeDir !== '') rmSync(storeDir, { recursive: true, force: true });
  });

  it('a failing linearizability run: no console errors, charts drawn, the op that could not go next is found and clicked', async () => {
    const { page, errors } = await openPage(chromium!, pathToFileURL(join(linearizabilityRun.dir, 'report.html')).href);
    await page.screenshot({ path: join(screenshotDir, 'report-linearizability.png'), fullPage: true });
    assert.deepEqual(errors, []);
    for (const chart of await page.$$eval('canvas[data-chart]', (list) => list.map((c) => c.getAttribute('data-chart')!))) {
      assert.ok((await inkedPixels(page, `canvas[data-chart="${chart}"]`)) > 2000, `chart ${chart} is drawn`);
    }
    assert.match(await page.textContent('#problems') ?? '', /not linearizable \(key k\d\)/);

    // Porcupine's view: the op that could not go next is drawn in its own colour; click it.
    const stuckColour: [number, number, number] = [0xd8, 0x1b, 0x60];
    await page.locator('canvas[data-chart="linearizability-0"]').scrollIntoViewIfNeeded();
    const at = await findColour(page, 'canvas[data-chart="linearizability-0"]', stuckColour);
    assert.ok(at !== null, 'the stuck op is drawn');
    await page.mouse.move(at.x, at.y);
    assert.match(await page.textContent('#tooltip') ?? '', /could NOT be linearized next; state before/);
    await page.mouse.down();
    await page.mouse.up();
    const details = page.locator('#op-details');
    assert.ok(await details.isVisible(), 'clicking an op pins its details');
    const stuckIndex = linearizabilityRun.blamedInvokeIndexes[0];
    assert.match(await details.textContent() ?? '', new RegExp(`history index${stuckIndex} →`));
    assert.match(await details.textContent() ?? '', /could not be linearized next/);
    await page.locator('#linearizability').screenshot({ path: join(screenshotDir, 'report-linearizability-view.png') });

    // The summary's "show" button zooms the timeline onto it; clicking there selects it again.
    await details.locator('button.close').click();
    await page.click('#problems button');
    assert.ok(await details.isVisible());
    const selectedAt = await findColour(page, 'canvas[data-chart="timeline"]', [0, 0, 0]);
    assert.ok(selectedAt !== null, 'the selected op is outlined on the timeline');
    await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'report-linearizability-timeline.png') });
    await page.close();
  });

  it('the summary shows harness replay first, then the seed command and what it does not give (timing); the replay only when recorded', async () => {
    const { page, errors } = await openPage(chromium!, pathToFileURL(join(linearizabilityRun.dir, 'report.html')).href);
    assert.deepEqual(errors, []);
    const box = page.locator('#replay-box');
    assert.match(await box.locator('h3').textContent() ?? '', /^Replay this run$/);
    assert.equal(await page.textContent('#replay'), `harness replay ${linearizabilityRun.dir} --times 5`);
    assert.match(await page.textContent('#replay-line') ?? '', /same schedule, five times; it ends with reproduced K\/5/);
    assert.match(await page.textContent('#seed-command') ?? '', /^harness test .*--seed 21\b/);
    assert.match(await page.textContent('#seed-line') ?? '', /From its seed: the same operations and faults, but not the same timing/);
    assert.ok(await page.isVisible('#shrink-line'), 'a failing run says how to shrink it');
    await box.screenshot({ path: join(screenshotDir, 'report-replay-box.png') });
    await page.close();
    const unrecorded = await openPage(chromium!, pathToFileURL(join(exactlyOnceRun.dir, 'report.html')).href);
    assert.equal(await unrecorded.page.isVisible('#replay-line'), false, 'no replay record: no replay command');
    assert.ok(await unrecorded.page.isVisible('#seed-line'));
    await unrecorded.page.close();
  });

  it('a run with a minimal history shows it first: its heading, its ops in a table; "show on the timeline" zooms onto them', async () => {
    const minimalStore = mkdtempSync(join(tmpdir(), 'browser-minimal-'));
    try {
      const run = writeSyntheticRun({ storeDir: minimalStore, kind: 'register', opCount: 3000, seed: 23 });
      // Three of the run's ops, the blamed one first, renumbered as harness shrink writes them.
      const { ops } = historyColumns(run.events);
      const blamed = ops.invokeIndex.indexOf(run.blamedInvokeIndexes[0]);
      const kept = [blamed, blamed + 1, blamed + 2];
      const keptIndexes = new Set(kept.flatMap((op) => [ops.invokeIndex[op], ops.completeIndex[op]]));
      writeFileSync(join(run.dir, 'minimal-history.jsonl'), run.events.filter((event) => keptIndexes.has(event.index)).map((event, index) => `${JSON.stringify({ ...event, index })}\n`).join(''));
      writeRunReport(run.dir);
      const { page, errors } = await openPage(chromium!, pathToFileURL(join(run.dir, 'report.html')).href);
      await page.screenshot({ path: join(screenshotDir, 'report-minimal-history.png') });
      assert.deepEqual(errors, []);
      assert.deepEqual(await page.$$eval('main > section', (list) => list.slice(0, 3).map((section) => section.id)), ['minimal-history', 'problems-box', 'summary'], 'first under the page header');
      assert.equal(await page.textContent('#minimal-history h2'), 'The 3 operations that cannot be linearized together');
      assert.match(await page.textContent('#minimal-history') ?? '', /Shrunk by harness shrink from the run's 3000 operations: the other 2997 were removed, and linearizable still rejects these whatever each removed one did within its own call/);
      assert.ok((await page.textContent('#minimal-history code'))?.endsWith(`harness check ${join(run.dir, 'minimal-history.jsonl')}`));
      const data = await page.evaluate(() => JSON.parse(document.getElementById('report-data')!.textContent!) as unknown) as ReportData;
      const rows = await page.$$eval('#minimal-history table tr', (list) => list.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
      const inTimeOrder = [...kept].sort((a, b) => data.ops.startMs[a] - data.ops.startMs[b]);
      assert.deepEqual(rows.map((cells) => cells.slice(0, 3)), inTimeOrder.map((op) => [data.processes[data.ops.proc[op]], data.fs[data.ops.f[op]], data.ops.invokeValue[op]]));
      assert.match(await page.textContent('#shrink-line') ?? '', /already shrunk to 3 operations, the minimal history at the top of this page; re-check it with harness check/);

      await page.click('#minimal-history-show');
      const fromMs = Number(await page.getAttribute('body', 'data-view-from-ms'));
      const toMs = Number(await page.getAttribute('body', 'data-view-to-ms'));
      for (const op of kept) assert.ok(data.ops.startMs[op] >= fromMs && data.ops.endMs[op] <= toMs, `op ${op} [${data.ops.startMs[op]}, ${data.ops.endMs[op]}] in view [${fromMs}, ${toMs}]`);
      assert.ok(toMs - fromMs < data.durationMs / 5, 'it zooms in');
      assert.match(await page.locator('#op-details').textContent() ?? '', /in the minimal history \(1 of 3\)/);
      assert.ok((await findColour(page, 'canvas[data-chart="timeline"]', [0x8e, 0x24, 0xaa])) !== null, 'the ops are outlined as blamed');
      // Each is one the kit outlines and tags; clicking its row pins it.
      await page.click('#minimal-history table tr:nth-child(3)');
      assert.match(await page.locator('#op-details').textContent() ?? '', /in the minimal history \(2 of 3\): the 3 operations that cannot be linearized together/);
      await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'report-minimal-history-timeline.png') });
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      rmSync(minimalStore, { recursive: true, force: true });
    }
  });

  it('a failing exactly-once run: every offending request listed with its ops and executions; clicking one shows it', async () => {
    const { page, errors } = await openPage(chromium!, pathToFileURL(join(exactlyOnceRun.dir, 'report.html')).href);
    await page.screenshot({ path: join(screenshotDir, 'report-exactly-once.png'), fullPage: true });
    assert.deepEqual(errors, []);
    assert.ok((await inkedPixels(page, 'canvas[data-chart="timeline"]')) > 2000);
    const cards = page.locator('#exactly-once .card');
    assert.equal(await cards.count(), 6);
    const kinds = (await page.locator('#exactly-once .card .badge').allTextContents()).sort();
    assert.deepEqual(kinds, ['duplicated', 'duplicated', 'duplicated', 'lost', 'lost', 'phantom']);
    await page.fill('#exactly-once-filter', 'phantom');
    assert.equal(await page.locator('#exactly-once .card:visible').count(), 1);
    const phantom = page.locator('#exactly-once .card:visible');
    const requestId = (await phantom.locator('h3').textContent())!.replace(/.*request /, '').trim();
    assert.match(await phantom.textContent() ?? '', /Server executions \(1\)/);
    await phantom.locator('tr.clickable').first().click();
    const details = page.locator('#op-details');
    assert.ok(await details.isVisible());
    assert.match(await details.textContent() ?? '', new RegExp(`"id":"${requestId}"`));
    assert.match(await details.textContent() ?? '', /phantom request/);
    await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'report-exactly-once-timeline.png') });
    await page.close();
  });

  it('latency axis labels are whole (1000 ms) and three overlapping fault windows are each named, none over another', async () => {
    const history = overlappingFaultsHistory();
    const file = writeHistoryReport(storeDir, 'overlapping-faults', history.events, history.concurrency);
    const { page, errors } = await openPage(chromium!, pathToFileURL(file).href);
    assert.deepEqual(errors, []);
    const latency = 'canvas[data-chart="latency-read"]';
    const yLabels = await dataOf(page, latency, 'data-y-labels');
    assert.ok(yLabels.some((label) => label.text === '1000 ms'), `y labels: ${yLabels.map((l) => l.text).join(', ')}`);
    for (const label of yLabels) {
      assert.ok(label.x0 >= 0, `label ${label.text} starts inside the canvas (x0 ${label.x0})`);
      // and something is drawn there: the text itself
      const ink = await page.$eval(latency, (canvas, box) => {
        const data = (canvas as HTMLCanvasElement).getContext('2d')!.getImageData(box.x0, box.y - 5, box.x1 - box.x0, 10).data;
        let count = 0;
        for (let k = 3; k < data.length; k += 4) if (data[k] > 0) count++;
        return count;
      }, { x0: label.x0, x1: label.x1, y: label.y! });
      assert.ok(ink > 15, `label ${label.text} is drawn (${ink} px)`);
    }
    await page.locator('#latency figure').first().screenshot({ path: join(screenshotDir, 'latency-axis-labels.png') });

    for (const chart of ['timeline', 'latency-read', 'throughput']) {
      const labels = await dataOf(page, `canvas[data-chart="${chart}"]`, 'data-fault-labels');
      assert.deepEqual(labels.map((l) => l.name).sort(), ['crash', 'partition', 'pause'], chart);
      for (const [k, a] of labels.entries()) for (const b of labels.slice(k + 1)) assert.ok(!overlaps(a, b), `${chart}: ${a.name} and ${b.name} labels overlap`);
    }
    await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'timeline-overlapping-faults.png') });
    await page.close();
  });

  it('a Maelstrom run: message counts per sender with totals per pair, and a Lamport diagram with the lost ones crossed', async () => {
    const history = overlappingFaultsHistory();
    // Gossip n1 -> n2 and n1 -> n3 every 40 ms; while "partitioned" (1000-1600 ms) n3 receives nothing.
    const records: MessageRecord[] = [];
    let lost = 0;
    for (let t = 10, id = 0; t < 2500; t += 40, id++) {
      for (const dest of ['n2', 'n3']) {
        records.push({ t, k: 'send', src: 'n1', dest, type: 'gossip', id });
        if (dest === 'n3' && t >= 1000 && t < 1600) lost++;
        else records.push({ t: t + 3, k: 'recv', src: 'n1', dest, type: 'gossip', id });
      }
    }
    const file = join(storeDir, 'maelstrom-messages.html');
    writeFileSync(file, renderReportHtml(buildReportData({ title: 'messages', source: 'messages', spec: { concurrency: history.concurrency }, events: history.events, messages: { records, nodes: ['n1', 'n2', 'n3'] } })));
    const { page, errors } = await openPage(chromium!, pathToFileURL(file).href);
    assert.deepEqual(errors, []);
    const sent = records.filter((r) => r.k === 'send').length;
    assert.equal(await page.textContent('#messages-note'), `${sent} messages in all; ${sent} between nodes (${lost} never arrived); ${(sent / history.events.filter((e) => e.type !== 'invoke' && typeof e.process === 'number').length).toFixed(1)} node-to-node messages per client operation.`);
    const rows = await page.$$eval('#messages-pairs tr', (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.deepEqual(rows, [['n1', 'n2', String(sent / 2), String(sent / 2), '0'], ['n1', 'n3', String(sent / 2), String(sent / 2 - lost), String(lost)]]);
    assert.ok((await inkedPixels(page, 'canvas[data-chart="messages"]')) > 2000);
    assert.equal(await page.getAttribute('canvas[data-chart="lamport"]', 'data-arrows-in-view'), String(sent));
    assert.equal(await page.getAttribute('canvas[data-chart="lamport"]', 'data-lost-in-view'), String(lost));
    assert.ok((await findColour(page, 'canvas[data-chart="lamport"]', [0xe5, 0x39, 0x35])) !== null, 'lost messages are drawn red');
    await page.locator('#messages').screenshot({ path: join(screenshotDir, 'maelstrom-messages.png') });
    await page.locator('#lamport').screenshot({ path: join(screenshotDir, 'maelstrom-lamport.png') });
    await page.close();
  });

  it('"show" zooms onto the op that could not go next, the ops it conflicts with and the faults around it', async () => {
    const { page, errors } = await openPage(chromium!, pathToFileURL(join(linearizabilityRun.dir, 'report.html')).href);
    const data = await page.evaluate(() => JSON.parse(document.getElementById('report-data')!.textContent!) as unknown) as ReportData;
    await page.click('#problems button');
    const fromMs = Number(await page.getAttribute('body', 'data-view-from-ms'));
    const toMs = Number(await page.getAttribute('body', 'data-view-to-ms'));
    const part = data.linearizability[0];
    const ops = data.ops;
    const stuck = part.stuck.map((s) => s.op);
    const conflicting = [...stuck, ...part.prefix.slice(-4).map((s) => s.op)].filter((i) => i >= 0);
    for (const i of conflicting) assert.ok(ops.startMs[i] >= fromMs && ops.endMs[i] <= toMs, `op ${i} [${ops.startMs[i]}, ${ops.endMs[i]}] in view [${fromMs}, ${toMs}]`);
    assert.ok(toMs - fromMs < data.durationMs / 5, 'it zooms in');
    // Every fault window near the ops (within their span, three times over) is named on the zoomed timeline.
    const from = Math.min(...conflicting.map((i) => ops.startMs[i]));
    const to = Math.max(...conflicting.map((i) => ops.endMs[i]));
    const near = data.faults.filter((f) => f.endMs >= from - 3 * (to - from) && f.startMs <= to + 3 * (to - from));
    const labels = await dataOf(page, 'canvas[data-chart="timeline"]', 'data-fault-labels');
    for (const fault of near) assert.ok(labels.some((l) => l.name === fault.name), `fault ${fault.name} near the ops is named; labelled: ${labels.map((l) => l.name).join(', ')}`);
    // The fault window nearest the ops is in view, whole when it is short next to the view.
    const distance = (f: ReportData['faults'][number]) => Math.max(0, f.startMs - to, from - f.endMs);
    const nearest = [...data.faults].sort((a, b) => distance(a) - distance(b))[0];
    if (distance(nearest) < 5 * (toMs - fromMs)) assert.ok(nearest.endMs >= fromMs && nearest.startMs <= toMs, `nearest fault ${nearest.name} [${nearest.startMs}, ${nearest.endMs}] in view [${fromMs}, ${toMs}]`);
    assert.ok(await page.locator('#op-details').isVisible(), 'the op is selected');
    await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'show-zoom.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a million-op timeline colours each pixel column by the share of each outcome, and the page says what it sampled', async function () {
    this.timeout(600_000);
    const history: MadeHistory = denseHistory(1_000_000);
    const file = writeHistoryReport(storeDir, 'million-ops', history.events, history.concurrency);
    history.events.length = 0;
    const { page, errors } = await openPage(chromium!, pathToFileURL(file).href, 300_000);
    assert.deepEqual(errors, []);
    assert.match(await page.textContent('#sampled-note') ?? '', /all 1000000 operations are drawn/);
    const timeline = 'canvas[data-chart="timeline"]';
    const plot = JSON.parse((await page.getAttribute(timeline, 'data-plot'))!) as { left: number; top: number; width: number; rowHeight: number; barOffset: number; barHeight: number; fromMs: number; toMs: number; rows: number[] };
    const msPerPx = (plot.toMs - plot.fromMs) / plot.width;
    const thread = 0;
    const r = plot.rows.indexOf(thread);
    const ops = history.ops.filter((op) => op.thread === thread);
    // Columns inside the partition window (mostly fail / info) and outside it (mostly ok).
    const partition = history.faults.find((f) => f.name === 'partition')!;
    const columns = [Math.floor(((partition.startNs + partition.endNs) / 2e6 - plot.fromMs) / msPerPx), Math.floor(plot.width * 0.1), Math.floor(plot.width * 0.45)];
    for (const c of columns) {
      const t0 = plot.fromMs + c * msPerPx;
      const t1 = t0 + msPerPx;
      const inColumn = ops.filter((op) => op.startNs / 1e6 < t1 && op.endNs / 1e6 > t0);
      const expected = (type: string) => inColumn.filter((op) => op.type === type).length / inColumn.length;
      const seen = await columnColours(page, timeline, plot.left + c, Math.round(plot.top + r * plot.rowHeight + plot.barOffset), plot.barHeight);
      for (const type of ['ok', 'fail', 'info']) {
        const share = seen[type] / plot.barHeight;
        assert.ok(Math.abs(share - expected(type)) <= 1 / plot.barHeight + 0.04, `column ${c} (${inColumn.length} ops): ${type} ${share.toFixed(2)} drawn, ${expected(type).toFixed(2)} in the history`);
      }
    }
    // The whole picture: about the run's ok share is green (it used to look all red).
    const okShare = history.ops.filter((op) => op.type === 'ok').length / history.ops.length;
    let green = 0;
    let bar = 0;
    for (let c = 0; c < plot.width; c += 7) {
      const seen = await columnColours(page, timeline, plot.left + c, Math.round(plot.top + r * plot.rowHeight + plot.barOffset), plot.barHeight);
      green += seen.ok;
      bar += seen.ok + seen.fail + seen.info;
    }
    assert.ok(Math.abs(green / bar - okShare) < 0.05, `green ${(green / bar).toFixed(2)} of the bars, ok ${okShare.toFixed(2)} of the ops`);
    await page.locator('#timeline').screenshot({ path: join(screenshotDir, 'timeline-1m-ops.png') });
    await page.close();
  });

  it('a failing transactional history: each cycle\'s transactions as boxes on their processes\' rows, its edges labelled by kind', async () => {
    // Write skew on x, y (G2-item) and read skew on a, b (G-single), all concurrent, 2 ms apart.
    const events = txnEvents([
      { process: 0, ops: [['r', 'x', []], ['append', 'y', 1]] }, { process: 1, ops: [['r', 'y', []], ['append', 'x', 1]] },
      { process: 2, ops: [['r', 'x', [1]], ['r', 'y', [1]]] }, { process: 3, ops: [['r', 'a', []], ['r', 'b', [1]]] },
      { process: 4, ops: [['append', 'a', 1], ['append', 'b', 1]] },
    ], true).map((event) => ({ ...event, timeNs: (event.index + 1) * 2e6 }));
    const result = checkTransactions(events, { model: 'list-append', consistencyModels: ['serializable'] });
    assert.deepEqual(result.anomalyTypes, ['G-single', 'G2-item']);
    // As `harness check FILE --model list-append --html OUT` writes it.
    const file = join(storeDir, 'txn-cycles.html');
    writeTransactionsHtml(file, 'txn.jsonl', events, result);
    const { page, errors } = await openPage(chromium!, pathToFileURL(file).href);
    assert.deepEqual(errors, []);
    const canvas = 'canvas[data-chart="txn-cycle"]';
    await page.locator('#txn-cycles').scrollIntoViewIfNeeded();
    assert.ok((await inkedPixels(page, canvas)) > 2000, 'the cycle is drawn');
    // The most severe class first: the G-single, between processes 3 and 4.
    assert.match(await page.textContent('#txn-cycles h3') ?? '', /^G-single: T1 → T2 → T1$/);
    const boxes = JSON.parse((await page.getAttribute(canvas, 'data-boxes'))!) as { name: string; row: string; text: string; x0: number; x1: number; y0: number; y1: number }[];
    assert.deepEqual(boxes.map((b) => `${b.name} ${b.row}`).sort(), ['T1 p3', 'T2 p4']);
    assert.ok(boxes.some((b) => b.text === 'r a []; r b [1]'), JSON.stringify(boxes));
    assert.notEqual(boxes[0].y0, boxes[1].y0, 'one row a process');
    const labels = JSON.parse((await page.getAttribute(canvas, 'data-edge-labels'))!) as { text: string; x: number; y: number }[];
    assert.deepEqual(labels.map((l) => l.text).sort(), ['rw', 'wr']);
    assert.match(await page.textContent('#txn-cycles .cycle-words pre') ?? '', /a contradiction \(G-single\)/);
    assert.match(await page.textContent('#problems') ?? '', /G-single \(1\): a dependency cycle of transactions/);

    // Hovering a label explains the edge; hovering a box shows the transaction; clicking pins it.
    const box = await page.locator(canvas).boundingBox();
    const rw = labels.find((l) => l.text === 'rw')!;
    await page.mouse.move(box!.x + rw.x, box!.y + rw.y);
    assert.match(await page.textContent('#tooltip') ?? '', /rw: read before it wrote[\s\S]*does not include/);
    const first = boxes[0];
    await page.mouse.move(box!.x + (first.x0 + first.x1) / 2, box!.y + (first.y0 + first.y1) / 2);
    assert.match(await page.textContent('#tooltip') ?? '', new RegExp(`^${first.name} · process ${first.row.slice(1)} · txn · ok`));
    await page.mouse.down();
    await page.mouse.up();
    assert.match(await page.locator('#op-details').textContent() ?? '', new RegExp(`${first.name} of a G-single cycle`));
    await page.locator('#txn-cycles').screenshot({ path: join(screenshotDir, 'report-txn-cycle.png') });

    // The other cycle, picked in the selector: write skew, two rw edges.
    await page.locator('#op-details button.close').click();
    await page.mouse.move(0, 0);
    await page.selectOption('#txn-cycles select', '1');
    assert.match(await page.textContent('#txn-cycles h3') ?? '', /^G2-item: /);
    const skewLabels = JSON.parse((await page.getAttribute(canvas, 'data-edge-labels'))!) as { text: string }[];
    assert.deepEqual(skewLabels.map((l) => l.text), ['rw', 'rw']);
    await page.locator('#txn-cycles').screenshot({ path: join(screenshotDir, 'report-txn-cycle-g2.png') });
    await page.close();
  });

  it('the results browser lists the runs newest first, filters them and links each report', async () => {
    server = await startStoreServer({ storeDir, port: 0 });
    const { page, errors } = await openPage(chromium!, server.url);
    await page.screenshot({ path: join(screenshotDir, 'serve-index.png'), fullPage: true });
    const headers = await page.locator('thead th').allTextContents();
    assert.ok(headers.includes('runtime'), `columns: ${headers.join(', ')}`);
    const rows = page.locator('tr.run');
    const runtimeColumn = headers.indexOf('runtime');
    assert.deepEqual(await page.locator(`tr.run td:nth-child(${runtimeColumn + 1})`).allTextContents(), ['netns', 'local']);
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent())!, /ledger-at-least-once/);
    assert.match((await rows.nth(1).textContent())!, /register-partition/);
    // The ok / fail / info split beside the verdict.
    const { ok, fail, info } = exactlyOnceRun.results.counts as { ok: number; fail: number; info: number };
    assert.ok((await rows.nth(0).textContent())!.includes(`${ok} ok · ${fail} fail · ${info} info`));
    await page.fill('#filter', 'partition');
    assert.equal(await page.locator('tr.run:visible').count(), 1);
    await page.selectOption('#verdict-filter', 'valid');
    assert.equal(await page.locator('tr.run:visible').count(), 0);
    await page.selectOption('#verdict-filter', '');
    await page.click('tr.run:visible a');
    await page.waitForSelector('body[data-ready="1"]');
    assert.match(await page.textContent('#title') ?? '', /register-partition/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
