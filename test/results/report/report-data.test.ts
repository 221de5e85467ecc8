import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../harness/event.js';
import { buildReportData } from '../../../results/report/build-report-data.js';
import { historyColumns, outcomeText, sameAsInvoke } from '../../../results/report/history-columns.js';
import { OutcomeCode } from '../../../results/report/report-data.js';
import { readRun } from '../../../results/report/read-run.js';
import { runReportData } from '../../../results/report/write-report.js';
import { writeSyntheticRun } from './fixtures/synthetic-run.js';
import { checkTransactions } from '../../../checkers/transactions/check.js';
import { isClientEvent } from '../../../harness/event.js';
import { txnEvents } from '../../checkers/transactions/txn-history.js';

const ev = (index: number, timeMs: number, process: number | string, type: HistoryEvent['type'], f: string, value: unknown, error?: string): HistoryEvent =>
  ({ index, timeNs: timeMs * 1e6, process, type, f, value, ...(error === undefined ? {} : { error }) });

describe('report data', () => {
  let storeDir = '';
  before(() => { storeDir = mkdtempSync(join(tmpdir(), 'report-data-')); });
  after(() => rmSync(storeDir, { recursive: true, force: true }));

  it('pairs invokes with the next completion of the same process, and keeps unanswered ones as never completed', () => {
    const columns = historyColumns([
      ev(0, 0, 3, 'invoke', 'write', 1),
      ev(1, 1, 4, 'invoke', 'read', null),
      ev(2, 2, 'nemesis', 'info', 'start-partition', { n1: ['n2'] }),
      ev(3, 3, 4, 'ok', 'read', 1),
      ev(4, 5, 3, 'info', 'write', null, 'timed-out'),
      ev(5, 6, 8, 'invoke', 'cas', [1, 2]),
      ev(6, 9, 'nemesis', 'info', 'stop-partition', null),
      ev(7, 10, 4, 'invoke', 'read', null),
    ]);
    assert.deepEqual(columns.processes, ['3', '4', '8']);
    assert.deepEqual(columns.fs, ['write', 'read', 'cas']);
    assert.deepEqual(columns.ops.type, [OutcomeCode.info, OutcomeCode.ok, OutcomeCode.pending, OutcomeCode.pending]);
    assert.deepEqual(columns.ops.startMs, [0, 1, 6, 10]);
    assert.deepEqual(columns.ops.endMs, [5, 3, 10, 10], 'never-completed ops run to the end of the history');
    assert.deepEqual(columns.ops.completeIndex, [4, 3, -1, -1]);
    assert.match(columns.ops.outcomeValue[0], /timed-out/);
    assert.equal(outcomeText(columns.ops, 1), '1');
    const same = historyColumns([ev(0, 0, 1, 'invoke', 'write', ['k', 2]), ev(1, 1, 1, 'fail', 'write', ['k', 2], 'precondition-failed')]);
    assert.ok(same.ops.outcomeValue[0].startsWith(sameAsInvoke), 'a repeated value is stored as a one-character reference');
    assert.equal(outcomeText(same.ops, 0), '["k",2]  (error: precondition-failed)');
    assert.deepEqual(columns.counts, { ok: 1, fail: 0, info: 1, pending: 2 });
    assert.deepEqual(columns.faults.map((f) => [f.name, f.startMs, f.endMs]), [['partition', 2, 9]]);
  });

  it('with the concurrency known, rows are threads: a process replaced after info continues its row', () => {
    const columns = historyColumns([
      ev(0, 0, 0, 'invoke', 'read', null), ev(1, 1, 1, 'invoke', 'read', null),
      ev(2, 2, 0, 'info', 'read', null), ev(3, 3, 2, 'invoke', 'read', null),
      ev(4, 4, 1, 'ok', 'read', 5), ev(5, 5, 2, 'ok', 'read', 5),
    ], 2);
    assert.deepEqual(columns.processes, ['0', '1', '2']);
    assert.deepEqual(columns.rowLabels, ['t0', 't1']);
    assert.deepEqual(columns.ops.proc, [0, 1, 2]);
    assert.deepEqual(columns.ops.row, [0, 1, 0]);
    assert.deepEqual(historyColumns([ev(0, 0, 0, 'invoke', 'read', null)], 2).rowLabels, ['p0'], 'no more processes than threads: rows are processes');
  });

  it('a fault that never stopped lasts to the end; a repeated start does not open a second window', () => {
    const columns = historyColumns([
      ev(0, 1, 'nemesis', 'invoke', 'start-crash', 'n1'),
      ev(1, 2, 'nemesis', 'info', 'start-crash', 'n1'),
      ev(2, 7, 0, 'invoke', 'read', null),
    ]);
    assert.deepEqual(columns.faults.map((f) => [f.name, f.startMs, f.endMs]), [['crash', 1, 7]]);
  });

  it('reads a linearizability counterexample: prefix in order, the stuck ops and the state, matched to history ops', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 400, seed: 3 });
    const saved = readRun(run.dir);
    const data = buildReportData({ title: 't', source: run.dir, spec: saved.spec, results: saved.results, events: saved.events });
    assert.equal(data.valid, false);
    assert.deepEqual(data.verdicts.map((v) => [v.checker, v.valid]), [['linearizable', false], ['perf', true]]);
    assert.equal(data.linearizability.length, 1);
    const [part] = data.linearizability;
    const counterexample = (run.results.results as { counterexample: { key: string; state: string; linearizedPrefix: { callIndex: number }[] }[] }[])[0].counterexample[0];
    assert.equal(part.part, counterexample.key);
    assert.equal(part.stateBefore, counterexample.state);
    assert.deepEqual(part.prefix.map((s) => data.ops.invokeIndex[s.op]), counterexample.linearizedPrefix.map((o) => o.callIndex));
    assert.deepEqual(part.stuck.map((s) => data.ops.invokeIndex[s.op]), run.blamedInvokeIndexes);
    assert.equal(part.stuck[0].note, 'not allowed from this state');
    assert.ok(part.ops.every((i) => data.ops.invokeValue[i].startsWith(`["${part.part}",`)), 'the part holds only its key');
    assert.equal(data.seed, 3);
    assert.match(data.command, /--seed 3/);
  });

  it('reads the exactly-once checker result: each anomaly with its client ops and server executions', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'ledger', opCount: 500, seed: 5 });
    const saved = readRun(run.dir);
    const data = buildReportData({ title: 't', source: run.dir, spec: saved.spec, results: saved.results, events: saved.events });
    const once = data.exactlyOnce;
    assert.ok(once !== null);
    assert.deepEqual([once.counts.duplicated, once.counts.lost, once.counts.phantom], [3, 2, 1]);
    assert.equal(once.anomalies.length, 6);
    const blamed = new Set(run.blamedInvokeIndexes);
    for (const anomaly of once.anomalies) {
      assert.deepEqual(anomaly.ops.map((i) => data.ops.invokeIndex[i]).filter((i) => blamed.has(i)).length, 1, `${anomaly.kind} ${anomaly.requestId}: its client op`);
      assert.ok(anomaly.ops.every((i) => data.ops.invokeValue[i].includes(`"${anomaly.requestId}"`)), 'only ops carrying the request id');
      assert.equal(anomaly.executions.length, anomaly.kind === 'duplicated' ? 2 : anomaly.kind === 'lost' ? 0 : 1);
    }
  });

  it('says when the run was aborted', () => {
    const data = buildReportData({ title: 't', source: 'x', results: { valid: 'unknown', results: [], aborted: { reason: 'interrupted', message: 'SIGINT' } }, events: [] });
    assert.equal(data.aborted, 'interrupted (SIGINT)');
    assert.equal(buildReportData({ title: 't', source: 'x', results: { valid: true, results: [] }, events: [] }).aborted, '');
  });

  it('without results.json the report still has the timeline and says nothing was checked', () => {
    const data = buildReportData({ title: 't', source: 'x', events: [ev(0, 0, 0, 'invoke', 'read', null), ev(1, 1, 0, 'ok', 'read', 1)] });
    assert.equal(data.valid, null);
    assert.equal(data.verdicts.length, 0);
    assert.equal(data.ops.row.length, 1);
  });

  it('a run folder with a minimal history carries it: its ops found in the run, the heading counted and worded from the real data', () => {
    const run = writeSyntheticRun({ storeDir, kind: 'register', opCount: 300, seed: 31, name: 'minimal-history' });
    assert.equal(runReportData(run.dir).minimalHistory, null, 'no minimal-history.jsonl: no section');
    // Three of the run's ops, the blamed one first, written as harness shrink writes them: renumbered.
    const { ops } = historyColumns(run.events);
    const blamed = ops.invokeIndex.indexOf(run.blamedInvokeIndexes[0]);
    const kept = [blamed, blamed + 1, blamed + 2];
    const keptIndexes = new Set(kept.flatMap((op) => [ops.invokeIndex[op], ops.completeIndex[op]]));
    const minimal = run.events.filter((event) => keptIndexes.has(event.index)).map((event, index) => ({ ...event, index }));
    writeFileSync(join(run.dir, 'minimal-history.jsonl'), minimal.map((event) => `${JSON.stringify(event)}\n`).join(''));
    const data = runReportData(join(storeDir, 'latest'));
    assert.ok(data.minimalHistory !== null);
    assert.equal(data.minimalHistory.heading, 'The 3 operations that cannot be linearized together');
    assert.deepEqual(data.minimalHistory.checkers, ['linearizable']);
    assert.equal(data.minimalHistory.operationsBefore, 300);
    assert.equal(data.minimalHistory.file, join(run.dir, 'minimal-history.jsonl'));
    assert.deepEqual(data.minimalHistory.ops.map((op) => op.op).sort((a, b) => a - b), kept);
    assert.deepEqual(data.minimalHistory.ops.map((op) => op.startMs), [...data.minimalHistory.ops.map((op) => op.startMs)].sort((a, b) => a - b), 'in time order');
    for (const op of data.minimalHistory.ops) assert.deepEqual([op.invokeValue, op.startMs, op.endMs], [data.ops.invokeValue[op.op], data.ops.startMs[op.op], data.ops.endMs[op.op]]);
    assert.equal(data.minimalHistory.note, '');
    // A file that does not read: a note, and the rest of the report as before.
    writeFileSync(join(run.dir, 'minimal-history.jsonl'), '{"index":0,');
    const broken = runReportData(run.dir);
    assert.match(broken.minimalHistory?.note ?? '', /minimal-history\.jsonl:1: not valid JSON/);
    assert.equal(broken.ops.row.length, 300);
  });

  it('a failing transactional run carries its cycle (not read as linearizability); a valid one carries none', () => {
    const failing = [
      { index: 0, timeNs: 0, process: 'nemesis', type: 'info', f: 'start-partition', value: null } as HistoryEvent,
      ...txnEvents([{ process: 0, ops: [['r', 'x', []], ['r', 'y', [1]]] }, { process: 1, ops: [['append', 'x', 1], ['append', 'y', 1]] }], true).map((event) => ({ ...event, index: event.index + 1, timeNs: (event.index + 1) * 1e6 })),
    ];
    // As a run checks: client events only, and results.json around the checker's result.
    const result = checkTransactions(failing.filter(isClientEvent), { model: 'list-append', consistencyModels: ['serializable'] });
    const data = buildReportData({ title: 't', source: 'dir', spec: { concurrency: 2 }, results: { valid: false, results: [result] }, events: failing });
    assert.equal(data.linearizability.length, 0);
    assert.ok(data.txnAnomalies !== null);
    const [cycle] = data.txnAnomalies.cycles;
    assert.equal(cycle.anomaly, 'G-single');
    assert.deepEqual(cycle.txns.map((txn) => data.processes[data.ops.proc[txn.op]]).sort(), ['0', '1']);
    assert.deepEqual(cycle.edges.map((edge) => edge.kind).sort(), ['rw', 'wr']);
    assert.deepEqual(data.txnAnomalies.notModels, result.notModels);
    assert.equal(data.verdicts[0].checker, 'list-append');

    const valid = txnEvents([{ process: 0, ops: [['append', 'x', 1]] }, { process: 1, ops: [['r', 'x', [1]]] }]);
    const validResult = checkTransactions(valid, { model: 'list-append' });
    assert.equal(validResult.valid, true);
    const validData = buildReportData({ title: 't', source: 'dir', results: { valid: true, results: [validResult] }, events: valid });
    assert.equal(validData.txnAnomalies, null);
    assert.equal(validData.linearizability.length, 0);
  });
});
