import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../harness/event.js';
import { historyColumns } from '../../../results/report/history-columns.js';
import { minimalHistoryHeading, minimalHistoryView, readMinimalHistory } from '../../../results/report/minimal-history.js';

const ev = (index: number, timeMs: number, process: number | string, type: HistoryEvent['type'], f: string, value: unknown, extra: Partial<HistoryEvent> = {}): HistoryEvent =>
  ({ index, timeNs: timeMs * 1e6, process, type, f, value, ...extra });
const lines = (events: HistoryEvent[]): string => events.map((event) => `${JSON.stringify(event)}\n`).join('');

/** A run of five ops; its minimal history keeps the write of 2 and the read of 1 after it, renumbered. */
const runEvents: HistoryEvent[] = [
  ev(0, 0, 0, 'invoke', 'write', 1), ev(1, 1, 0, 'ok', 'write', 1),
  ev(2, 2, 1, 'invoke', 'write', 2, { node: 'n2' }), ev(3, 3, 1, 'ok', 'write', 2, { node: 'n2' }),
  ev(4, 4, 'nemesis', 'info', 'start-partition', null),
  ev(5, 5, 2, 'invoke', 'read', null), ev(6, 6, 0, 'invoke', 'read', null), ev(7, 7, 2, 'ok', 'read', 1), ev(8, 8, 0, 'ok', 'read', 2),
  ev(9, 9, 3, 'invoke', 'cas', [2, 3]), ev(10, 10, 3, 'info', 'cas', [2, 3], { error: 'timed-out' }),
];
const minimalEvents: HistoryEvent[] = [runEvents[2], runEvents[3], runEvents[4], runEvents[5], runEvents[7]].map((event, index) => ({ ...event, index }));

describe('the minimal history in the report', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'minimal-history-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a run folder without minimal-history.jsonl has none', () => {
    assert.equal(readMinimalHistory(dir), undefined);
  });

  it('reads minimal-history.jsonl with the history reader', () => {
    writeFileSync(join(dir, 'minimal-history.jsonl'), lines(minimalEvents));
    const read = readMinimalHistory(dir);
    assert.ok(read !== undefined && 'events' in read);
    assert.equal(read.file, join(dir, 'minimal-history.jsonl'));
    assert.deepEqual(read.events.map((e) => [e.process, e.type, e.f]), [[1, 'invoke', 'write'], [1, 'ok', 'write'], ['nemesis', 'info', 'start-partition'], [2, 'invoke', 'read'], [2, 'ok', 'read']]);
  });

  it('a malformed file is a note on the page (file:line and why), not an error', () => {
    writeFileSync(join(dir, 'minimal-history.jsonl'), `${JSON.stringify(minimalEvents[0])}\n{"index": 1, oops\n`);
    const read = readMinimalHistory(dir);
    assert.ok(read !== undefined && 'unreadable' in read);
    assert.match(read.unreadable, /minimal-history\.jsonl:2: not valid JSON/);
    const view = minimalHistoryView(read, runEvents, historyColumns(runEvents).ops, ['linearizable'], false);
    assert.deepEqual(view.ops, []);
    assert.equal(view.heading, 'The minimal history could not be read');
    assert.match(view.note, /did not read: .*not valid JSON/);
    // A completion with no invoke is malformed too (the reader pairs the history).
    writeFileSync(join(dir, 'minimal-history.jsonl'), lines([minimalEvents[1]]));
    const unpaired = readMinimalHistory(dir);
    assert.ok(unpaired !== undefined && 'unreadable' in unpaired);
  });

  it('finds each kept operation among the run\'s (by process, operation and invoke time), with its texts, time and node', () => {
    const columns = historyColumns(runEvents);
    const view = minimalHistoryView({ file: 'DIR/minimal-history.jsonl', events: minimalEvents }, runEvents, columns.ops, ['linearizable'], false);
    assert.equal(view.heading, 'The 2 operations that cannot be linearized together');
    assert.equal(view.operationsBefore, 5);
    assert.deepEqual(view.ops.map((op) => [op.op, op.process, op.f, op.invokeValue, op.outcome, op.outcomeValue, op.startMs, op.endMs, op.node]), [
      [1, '1', 'write', '2', 'ok', '2', 2, 3, 'n2'],
      [2, '2', 'read', 'null', 'ok', '1', 5, 7, ''],
    ]);
    assert.equal(view.note, '');
  });

  it('an operation the run lacks is listed from the file itself, not drawn, and the page says so', () => {
    const foreign = [ev(0, 50, 7, 'invoke', 'write', 9), ev(1, 51, 7, 'info', 'write', 9, { error: 'timed-out' }), ev(2, 52, 8, 'invoke', 'read', null)];
    const view = minimalHistoryView({ file: 'f', events: foreign }, runEvents, historyColumns(runEvents).ops, [], false);
    assert.deepEqual(view.ops.map((op) => [op.op, op.outcome, op.outcomeValue, op.startMs, op.endMs]), [[-1, 'info', '9  (error: timed-out)', 50, 51], [-1, 'pending', '', 52, 52]]);
    assert.match(view.note, /2 of these operations are not in this run's history/);
  });

  it('words the heading by the checkers that rejected the run', () => {
    assert.equal(minimalHistoryHeading(6, ['linearizable']), 'The 6 operations that cannot be linearized together');
    assert.equal(minimalHistoryHeading(1, ['linearizable']), 'The 1 operation that cannot be linearized');
    assert.equal(minimalHistoryHeading(1, ['exactly-once']), 'The 1 operation that was not applied exactly once');
    assert.equal(minimalHistoryHeading(3, ['exactly-once']), 'The 3 operations that were not applied exactly once');
    assert.equal(minimalHistoryHeading(4, ['list-append']), 'The 4 operations that cannot be serialized together');
    assert.equal(minimalHistoryHeading(4, ['rw-register']), 'The 4 operations that cannot be serialized together');
    assert.equal(minimalHistoryHeading(3, ['counter']), 'The 3 operations still rejected by counter');
    assert.equal(minimalHistoryHeading(3, ['linearizable', 'exactly-once']), 'The 3 operations still rejected by linearizable, exactly-once');
    assert.equal(minimalHistoryHeading(3, []), "The 3 operations the run's checkers still reject");
  });
});
