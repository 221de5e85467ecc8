import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../../../harness/exit-codes.js';
import { readRun } from '../../../results/report/read-run.js';
import { renderReportHtml, scriptSafeJson } from '../../../results/report/render-report-html.js';
import { buildReportData } from '../../../results/report/build-report-data.js';
import { reportViews } from '../../../results/report/client/views.js';
import { writeLinearizabilityHtml, writeRunReport } from '../../../results/report/write-report.js';
import { writeSyntheticRun } from './fixtures/synthetic-run.js';

describe('report.html', () => {
  let storeDir = '';
  before(() => { storeDir = mkdtempSync(join(tmpdir(), 'report-html-')); });
  after(() => rmSync(storeDir, { recursive: true, force: true }));

  it('is one self-contained file: no external scripts, styles or fetches, data inline', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 300, seed: 11 });
    const file = writeRunReport(run.dir);
    assert.equal(file, join(run.dir, 'report.html'));
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<script[^>]+src=/i);
    assert.doesNotMatch(html, /<link[^>]+href=/i);
    assert.doesNotMatch(html, /https?:\/\/(?!www\.w3\.org)/);
    assert.doesNotMatch(html, /fetch\(|XMLHttpRequest|import\(/);
    const data = JSON.parse(/<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]);
    assert.equal(data.ops.row.length, 300);
    assert.equal(data.valid, false);
  });

  it('each view is one registered file whose page code is an expression (inlined as source text); ids are unique', () => {
    assert.equal(new Set(reportViews.map((view) => view.id)).size, reportViews.length);
    for (const view of reportViews) {
      // A method shorthand (mount(kit) {...}) would not be an expression once inlined.
      assert.doesNotThrow(() => new Function(`return (${view.mount.toString()});`), `view ${view.id}`);
    }
  });

  it('links and draws only the sections that have something to show', () => {
    const register = writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 13 });
    const linearizable = renderReportHtml(buildReportData({ title: 't', source: '', events: register.events, results: register.results }));
    assert.match(linearizable, /<a href="#linearizability">/);
    assert.doesNotMatch(linearizable, /<a href="#exactly-once">|<section id="exactly-once"/);
    const bare = renderReportHtml(buildReportData({ title: 't', source: '', events: register.events }));
    assert.doesNotMatch(bare, /href="#linearizability"|href="#exactly-once"|id="problems-box"/);
    assert.match(bare, /<a href="#timeline">Timeline<\/a>/);
  });

  it('embeds values that contain </script> without breaking out of the data element', () => {
    const text = scriptSafeJson({ v: '</script><script>alert(1)</script>', w: '\u2028' });
    assert.doesNotMatch(text, /<\/script/i);
    assert.deepEqual(JSON.parse(text), { v: '</script><script>alert(1)</script>', w: '\u2028' });
  });

  it('writeLinearizabilityHtml draws a checked history file', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 300, seed: 12 });
    const linearizability = (run.results.results as unknown[])[0];
    const out = join(storeDir, 'check.html');
    writeLinearizabilityHtml(out, 'history.jsonl', run.events, linearizability);
    const html = readFileSync(out, 'utf8');
    const data = JSON.parse(/<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]);
    assert.equal(data.linearizability.length, 1);
    assert.equal(data.verdicts[0].valid, false);
  });

  it('reads a run whose history has a cut-off last line (a run killed mid-write): the rest, and which line was left out', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 13 });
    const historyFile = join(run.dir, 'history.jsonl');
    const whole = readRun(run.dir);
    assert.equal(whole.tornLastLine, undefined);
    appendFileSync(historyFile, '{"index":999,"timeNs":7,"pro');
    const torn = readRun(run.dir);
    assert.deepEqual(torn.events, whole.events);
    assert.equal(torn.tornLastLine, whole.events.length + 1);
  });

  it('a malformed history line is an error naming file and line', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 200, seed: 14 });
    const file = join(run.dir, 'history.jsonl');
    writeFileSync(file, '{"index":0,"timeNs":0,"process":0,"type":"invoke","f":"read","value":null}\n{"index":1,"timeNs":5,"process":0,"type":"done"}\n{}\n');
    assert.throws(() => readRun(run.dir), (error: unknown) => error instanceof BadInputError && error.message.startsWith(`${realpathSync(file)}:2: `));
  });
});
