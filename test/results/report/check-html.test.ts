import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLinearizability } from '../../../checkers/linearizability/check.js';
import { makeModel } from '../../../checkers/models/registry.js';
import type { HistoryEvent } from '../../../harness/event.js';
import { main } from '../../../harness/cli.js';
import { ExitCode } from '../../../harness/exit-codes.js';
import { buildReportData } from '../../../results/report/build-report-data.js';
import type { ReportData } from '../../../results/report/report-data.js';
import { prefixStatesByReplay } from '../../../results/report/prefix-states.js';

/** Porcupine-style clockless history (timeNs = index): p1 reads 2, which nobody wrote. */
function clocklessHistory(): HistoryEvent[] {
  const steps: [number, HistoryEvent['type'], string, unknown][] = [
    [0, 'invoke', 'write', 1], [0, 'ok', 'write', 1],
    [0, 'invoke', 'read', null], [0, 'ok', 'read', 1],
    [0, 'invoke', 'read', null], [0, 'ok', 'read', 1],
    [1, 'invoke', 'read', null], [1, 'ok', 'read', 2],
  ];
  return steps.map(([process, type, f, value], index) => ({ index, timeNs: index, process, type, f, value }));
}

const dataOf = (html: string): ReportData => JSON.parse(/<script id="report-data" type="application\/json">([\s\S]*?)<\/script>/.exec(html)![1]) as ReportData;

describe('linearizability view of a checked history file', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'check-html-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('matches each op of the real checker\'s explanation to its own history op, also without clocks', () => {
    const events = clocklessHistory();
    const result = checkLinearizability(events, makeModel('register'));
    assert.equal(result.valid, false);
    const data = buildReportData({ title: 't', source: 'h', results: [result], events });
    assert.equal(data.timeUnit, 'event');
    const [part] = data.linearizability;
    const explained = result.counterexample![0];
    assert.deepEqual(part.prefix.map((s) => data.ops.invokeIndex[s.op]), explained.linearizedPrefix.map((o) => o.callIndex));
    assert.deepEqual(part.stuck.map((s) => data.ops.invokeIndex[s.op]), explained.nextCandidates.map((o) => o.callIndex));
    assert.equal(new Set(part.prefix.map((s) => s.op)).size, part.prefix.length, 'two identical reads are two different ops');
    assert.equal(part.stateBefore, explained.state);
    // The checker reports only the final state; the report replays the prefix for the others.
    assert.deepEqual(part.prefix.map((s) => s.stateAfter), ['1', '1', '1']);
  });

  it('a replay that does not end in the checker\'s state is not shown', () => {
    const events = clocklessHistory();
    const result = checkLinearizability(events, makeModel('register'));
    const prefix = result.counterexample![0].linearizedPrefix;
    assert.deepEqual(prefixStatesByReplay('register', prefix, result.counterexample![0].state), ['1', '1', '1']);
    assert.equal(prefixStatesByReplay('register', prefix, '7'), null, 'e.g. checked with another --init');
    assert.equal(prefixStatesByReplay('no-such-model', prefix, '1'), null);
  });

  it('harness check FILE --html OUT writes the page; --html with two files is a usage error', async () => {
    const file = join(dir, 'history.jsonl');
    writeFileSync(file, clocklessHistory().map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = join(dir, 'check.html');
    assert.equal(await main(['check', file, '--model', 'register', '--html', out]), ExitCode.invalid);
    const data = dataOf(readFileSync(out, 'utf8'));
    assert.equal(data.verdicts[0].valid, false);
    assert.equal(data.linearizability.length, 1);
    assert.equal(data.linearizability[0].stuck.length, 1);
    assert.equal(await main(['check', file, file, '--html', out]), ExitCode.usage);
  });
});
