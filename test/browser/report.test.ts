/**
 * The reports in a real browser (Debian's chromium via playwright-core): a failing run's
 * report opens without console errors, its charts are drawn, clicking an operation shows
 * its details, and the results browser lists the runs. Screenshots go to .tmp/screenshots.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { startStoreServer, type StoreServer } from '../../results/report/store-server.js';
import { writeRunReport } from '../../results/report/write-report.js';
import { writeSyntheticRun, type SyntheticRun } from '../results/report/fixtures/synthetic-run.js';
import { chromiumInstalled, chromiumPath, launchChromium, type LaunchedChromium } from './chromium.js';

const screenshotDir = join(process.cwd(), '.tmp', 'screenshots');

/** Opens a page and records every console error and uncaught exception. */
async function openPage(chromium: LaunchedChromium, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await chromium.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
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
    exactlyOnceRun = writeSyntheticRun({ storeDir, kind: 'ledger', opCount: 3000, seed: 22, startedAt: new Date(Date.UTC(2026, 10, 21, 9)) });
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

  it('the results browser lists the runs newest first, filters them and links each report', async () => {
    server = await startStoreServer({ storeDir, port: 0 });
    const { page, errors } = await openPage(chromium!, server.url);
    await page.screenshot({ path: join(screenshotDir, 'serve-index.png'), fullPage: true });
    const rows = page.locator('tr.run');
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
