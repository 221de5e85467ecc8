import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../harness/event.js';
import { ClientScript, replayRecordOf } from '../../../harness/replay/replay-record.js';

const event = (timeMs: number, process: number | string, type: HistoryEvent['type'], f: string, value: unknown): HistoryEvent => ({ index: 0, timeNs: timeMs * 1e6, process, type, f, value });

describe('replay record', () => {
  const history = [
    event(5, 0, 'invoke', 'read', ['k', null]), // before the main phase: due at once
    event(12, 1, 'invoke', 'write', ['k', 1]),
    event(13, 0, 'ok', 'read', ['k', null]),
    event(15, 'nemesis', 'info', 'start-crash-primary', { nodes: ['n2'], primary: 'n2', chosenBy: 'target' }),
    event(20, 1, 'info', 'write', ['k', 1]),
    event(21, 3, 'invoke', 'cas', ['k', [1, 2]]), // slot 1's next process (1 + concurrency 2)
    event(40, 'nemesis', 'info', 'stop-crash-primary', { nodes: ['n2'], primary: 'n2', chosenBy: 'target' }),
    event(61, 'nemesis', 'info', 'stop-pause', { nodes: ['n1'] }), // the heal after the main phase
    event(62, 4, 'invoke', 'read', ['k', null]), // a final read
  ];

  it('keeps what each slot sent in the main phase and the faults with the nodes they hit, in ms from its start', () => {
    const record = replayRecordOf(history, 2, 10e6, 60e6);
    assert.equal(record.mainPhaseMs, 50);
    assert.deepEqual(record.ops, [
      { slot: 0, atMs: 0, f: 'read', value: ['k', null] },
      { slot: 1, atMs: 2, f: 'write', value: ['k', 1] },
      { slot: 1, atMs: 11, f: 'cas', value: ['k', [1, 2]] },
    ]);
    assert.deepEqual(record.faults.map((fault) => [fault.atMs, fault.f, (fault.value as { primary: string }).primary]), [[5, 'start-crash-primary', 'n2'], [30, 'stop-crash-primary', 'n2']]);
  });

  it('hands each slot its operations in order, then nothing', () => {
    const script = new ClientScript(replayRecordOf(history, 2, 10e6, 60e6));
    assert.deepEqual(script.next(1), { atMs: 2, op: { f: 'write', value: ['k', 1] } });
    assert.deepEqual(script.next(0)?.op.f, 'read');
    assert.deepEqual(script.next(1)?.op.f, 'cas');
    assert.equal(script.next(1), undefined);
    assert.equal(script.next(0), undefined);
  });
});
