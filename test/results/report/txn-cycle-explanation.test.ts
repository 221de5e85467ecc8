import assert from 'node:assert/strict';
import { checkTransactions } from '../../../checkers/transactions/check.js';
import { isClientEvent, type HistoryEvent } from '../../../harness/event.js';
import { historyColumns } from '../../../results/report/history-columns.js';
import { isTxnCheckerResult, txnAnomaliesOf, txnCyclesCarriedMax } from '../../../results/report/txn-cycle-explanation.js';
import { txnEvents, type TxnSpec } from '../../checkers/transactions/txn-history.js';

const t = (process: number, ...ops: TxnSpec['ops']): TxnSpec => ({ process, ops });

/** Read skew: T1 reads x before T2's append and y after it (G-single). */
const readSkew = (): HistoryEvent[] => txnEvents([t(0, ['r', 'x', []], ['r', 'y', [1]]), t(1, ['append', 'x', 1], ['append', 'y', 1])], true);
/** Write skew: each reads what the other then appends to; a third reads both (G2-item). */
const writeSkew = (): HistoryEvent[] =>
  txnEvents([t(0, ['r', 'x', []], ['append', 'y', 1]), t(1, ['r', 'y', []], ['append', 'x', 1]), t(2, ['r', 'x', [1]], ['r', 'y', [1]])], true);

/** The same history with nemesis events in between, renumbered, as a run records it. */
function withNemesisEvents(events: readonly HistoryEvent[]): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  events.forEach((event, k) => {
    if (k % 2 === 0) out.push({ index: out.length, timeNs: out.length, process: 'nemesis', type: 'info', f: 'start-partition', value: null });
    out.push({ ...event, index: out.length, timeNs: out.length });
  });
  return out;
}

function anomaliesOf(events: readonly HistoryEvent[], checkedEvents: readonly HistoryEvent[], consistencyModels = ['strict-serializable']) {
  const result = checkTransactions(checkedEvents, { model: 'list-append', consistencyModels });
  const columns = historyColumns(events);
  return { result, columns, found: txnAnomaliesOf([result as unknown as Record<string, unknown>], events, columns.ops, columns.processes, columns.fs) };
}

describe('txn cycle explanation (the report\'s cycle view)', () => {
  it('a G-single from the real checker: its transactions found in the history with their micro-ops, its edges by kind', () => {
    const events = readSkew();
    const { result, columns, found } = anomaliesOf(events, events, ['serializable']);
    assert.deepEqual(result.anomalyTypes, ['G-single']);
    assert.ok(isTxnCheckerResult(result as unknown as Record<string, unknown>));
    assert.ok(found !== null);
    assert.equal(found.cycles.length, 1);
    const [cycle] = found.cycles;
    assert.equal(cycle.anomaly, 'G-single');
    assert.equal(cycle.checker, 'list-append');
    assert.match(cycle.explanation, /a contradiction \(G-single\)/);
    const reader = cycle.txns.find((txn) => txn.microOps.includes('r x []'))!;
    const writer = cycle.txns.find((txn) => txn.microOps.includes('append x 1'))!;
    assert.deepEqual(reader.microOps, ['r x []', 'r y [1]']);
    assert.deepEqual(writer.microOps, ['append x 1', 'append y 1']);
    assert.equal(columns.processes[columns.ops.proc[reader.op]], '0');
    assert.equal(columns.processes[columns.ops.proc[writer.op]], '1');
    assert.equal(reader.process, '0');
    assert.match(reader.description, /:process 0/);
    // One rw (reader missed x's append) and one wr (reader saw y's): from box to box.
    const kinds = cycle.edges.map((edge) => `${cycle.txns[edge.from].name}-${edge.kind}->${cycle.txns[edge.to].name}`).sort();
    assert.deepEqual(kinds, [`${reader.name}-rw->${writer.name}`, `${writer.name}-wr->${reader.name}`]);
    assert.ok(cycle.edges.every((edge) => edge.explanation.length > 0));
    assert.deepEqual(found.counts, { 'G-single': 1 });
    assert.equal(found.cyclesOmitted, 0);
  });

  it('a G2-item (write skew); with nemesis events in the run\'s history, the positions are among the client events', () => {
    const events = withNemesisEvents(writeSkew());
    // A run's checker sees the client events only (checkers/transactions/txn-checker.ts).
    const { result, columns, found } = anomaliesOf(events, events.filter(isClientEvent), ['serializable']);
    assert.deepEqual(result.anomalyTypes, ['G2-item']);
    const [cycle] = found!.cycles;
    assert.equal(cycle.anomaly, 'G2-item');
    assert.equal(cycle.txns.length, 2);
    for (const txn of cycle.txns) {
      assert.ok(txn.op >= 0, `${txn.name} found`);
      assert.equal(columns.processes[columns.ops.proc[txn.op]], txn.process);
    }
    assert.deepEqual(cycle.edges.map((edge) => edge.kind), ['rw', 'rw']);
    assert.deepEqual(cycle.txns.map((txn) => txn.microOps[0]).sort(), ['r x []', 'r y []']);
    // `harness check FILE` gives the checker the whole file: positions among all events.
    const whole = anomaliesOf(events, events, ['serializable']).found!;
    assert.deepEqual(whole.cycles[0].txns.map((txn) => txn.op), cycle.txns.map((txn) => txn.op));
  });

  it('anomalies without a cycle keep their transactions; a valid history has none', () => {
    const aborted = txnEvents([{ process: 0, ops: [['append', 'x', 1]], outcome: 'fail' }, t(1, ['r', 'x', [1]])]);
    const { found, columns } = anomaliesOf(aborted, aborted);
    assert.equal(found!.cycles.length, 0);
    const [g1a] = found!.observed;
    assert.equal(g1a.anomaly, 'G1a');
    // The reader and the aborted writer it read from.
    assert.deepEqual(g1a.ops.map((op) => columns.processes[columns.ops.proc[op]]), ['1', '0']);
    const valid = txnEvents([t(0, ['append', 'x', 1]), t(1, ['r', 'x', [1]])]);
    assert.equal(anomaliesOf(valid, valid).found, null);
  });

  it('tolerates missing fields and caps the cycles it carries', () => {
    const events = readSkew();
    const { columns } = anomaliesOf(events, events);
    const cycle = { type: 'G-single', txns: [{ name: 'T1' }, { index: 999, process: 7 }], steps: [{ from: 'T1', to: 'T2' }, {}] };
    const writeCycle = { ...cycle, type: 'G0' };
    const result = { checker: 'list-append', anomalies: { 'G-single': Array.from({ length: txnCyclesCarriedMax + 5 }, () => cycle), G0: [writeCycle] }, anomalyCounts: { 'G-single': 40 } };
    const found = txnAnomaliesOf([result], events, columns.ops, columns.processes, columns.fs)!;
    assert.equal(found.cycles.length, txnCyclesCarriedMax);
    assert.equal(found.cyclesOmitted, 40 + 1 - txnCyclesCarriedMax);
    // Every class is carried, the most severe first.
    assert.deepEqual([found.cycles[0].anomaly, found.cycles[1].anomaly, found.cycles.filter((c) => c.anomaly === 'G-single').length], ['G0', 'G-single', txnCyclesCarriedMax - 1]);
    assert.deepEqual(Object.keys(found.counts), ['G0', 'G-single']);
    assert.deepEqual(found.cycles[0].txns.map((txn) => [txn.name, txn.op]), [['T1', -1], ['T2', -1]]);
    assert.deepEqual(found.cycles[0].edges.map((edge) => [edge.from, edge.to, edge.kind]), [[0, 1, '?'], [1, 0, '?']]);
    assert.equal(txnAnomaliesOf([{ checker: 'list-append', anomalies: 'none' }], events, columns.ops, columns.processes, columns.fs), null);
    // A cycle that passes a transaction twice draws it once, by the name the steps use (the last).
    const readerAt = events.findIndex((event) => event.type === 'invoke' && event.process === 0);
    const writerAt = events.findIndex((event) => event.type === 'invoke' && event.process === 1);
    const twice = { type: 'G-single', txns: [{ name: 'T1', index: readerAt, process: 0 }, { name: 'T2', index: writerAt, process: 1 }, { name: 'T3', index: readerAt, process: 0 }], steps: [{ from: 'T3', to: 'T2', type: 'rw' }, { from: 'T2', to: 'T3', type: 'wr' }] };
    const [merged] = txnAnomaliesOf([{ checker: 'list-append', anomalies: { 'G-single': [twice] } }], events, columns.ops, columns.processes, columns.fs)!.cycles;
    assert.deepEqual(merged.txns.map((txn) => txn.name), ['T3', 'T2']);
    assert.deepEqual(merged.edges.map((edge) => [edge.from, edge.to]), [[0, 1], [1, 0]]);
  });
});
