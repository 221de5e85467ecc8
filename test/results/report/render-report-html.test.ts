import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadInputError } from '../../../harness/exit-codes.js';
import { parseHistoryJsonl } from '../../../results/report/read-run.js';
import { buildReportData } from '../../../results/report/build-report-data.js';
import { reportViews } from '../../../results/report/client/views.js';
import { renderReportHtml, scriptSafeJson } from '../../../results/report/render-report-html.js';
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

  it('parses a history in one go or line by line to the same events, with 1-based source lines', () => {
    const lines = [
      '{"index":0,"timeNs":0,"process":0,"type":"invoke","f":"read","value":null}',
      '',
      '{"index":1,"timeNs":5,"process":0,"type":"ok","f":"read","value":3}',
      '{"index":2,"timeNs":6,"process":"nemesis","type":"info","f":"start-partition","value":{"n1":["n2"]}}',
    ];
    const events = parseHistoryJsonl(lines.join('\n') + '\n', 'h.jsonl');
    assert.deepEqual(events.map((e) => [e.index, e.line, e.type]), [[0, 1, 'invoke'], [1, 3, 'ok'], [2, 4, 'info']]);
    // A run killed mid-write leaves a cut-off last line: the rest still reads (the slow path).
    const cut = parseHistoryJsonl(lines.join('\n') + '\n{"index":3,"timeNs":7,"pro', 'h.jsonl');
    assert.deepEqual(cut, events);
  });

  it('a malformed history line is an error naming file and line', () => {
    const file = join(storeDir, 'bad.jsonl');
    writeFileSync(file, '{"index":0,"timeNs":0,"process":0,"type":"invoke","f":"read","value":null}\n{"index":1,"timeNs":5,"process":0,"type":"done"}\n{}\n');
    assert.throws(() => parseHistoryJsonl(readFileSync(file, 'utf8'), file), (error: unknown) => error instanceof BadInputError && error.message.startsWith(`${file}:2: `));
  });
});
