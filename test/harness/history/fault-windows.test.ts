import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../../harness/event.js';
import { faultEventOf, faultWindows, FaultWindowTracker } from '../../../harness/history/fault-windows.js';

const ev = (index: number, process: number | string, f: string, value: unknown = null): HistoryEvent => ({ index, timeNs: index * 10, process, type: 'info', f, value });

describe('fault windows (harness/history/fault-windows.ts)', () => {
  it('reads fault starts and stops from nemesis f names', () => {
    assert.deepEqual(faultEventOf('start-partition'), { kind: 'partition', starts: true });
    assert.deepEqual(faultEventOf('stop-crash'), { kind: 'crash', starts: false });
    assert.deepEqual(faultEventOf('start-partition-primary'), { kind: 'partition-primary', starts: true });
    assert.deepEqual(faultEventOf('start'), { kind: 'fault', starts: true }, "Jepsen's bare start");
    assert.deepEqual(faultEventOf('stop'), { kind: 'fault', starts: false });
    assert.deepEqual(faultEventOf('begin_pause'), { kind: 'pause', starts: true });
    assert.deepEqual(faultEventOf('heal:partition'), { kind: 'partition', starts: false });
    assert.deepEqual(faultEventOf('heal'), { kind: null, starts: false }, 'a bare heal stops everything');
    for (const f of ['read', 'starting', 'kill', 'restart-n1']) assert.equal(faultEventOf(f), undefined, f);
  });

  it('turns start / stop events into windows: a repeated start opens none, a stray stop is ignored, an unstopped one stays open', () => {
    const windows = faultWindows([
      ev(0, 'nemesis', 'start-partition', { n1: ['n2'] }),
      ev(1, 0, 'start-partition'), // a client's f is not a fault
      ev(2, 'nemesis', 'start-partition', { n1: ['n2'] }), // Jepsen's invoke + info of one step
      ev(3, 'nemesis', 'stop-crash'),
      ev(4, 'nemesis', 'start-crash', 'n1'),
      ev(5, 'nemesis', 'stop-partition'),
      ev(6, 'nemesis', 'start-pause', 'n2'),
    ]);
    assert.deepEqual(
      windows.map((w) => [w.kind, w.startAt, w.stopAt, w.startNs, w.stopNs, w.value]),
      [
        ['partition', 0, 5, 0, 50, { n1: ['n2'] }],
        ['crash', 4, -1, 40, undefined, 'n1'],
        ['pause', 6, -1, 60, undefined, 'n2'],
      ],
    );
  });

  it('a bare heal closes every open window; the tracker says what is active as it goes', () => {
    const tracker = new FaultWindowTracker();
    tracker.add(ev(0, 'nemesis', 'start-partition'));
    tracker.add(ev(1, 'nemesis', 'start-crash'));
    assert.deepEqual(tracker.activeKinds(), ['partition', 'crash']);
    assert.deepEqual(tracker.openWindows().map((w) => w.kind), ['partition', 'crash']);
    tracker.add(ev(2, 'nemesis', 'heal'));
    assert.deepEqual(tracker.activeKinds(), []);
    assert.deepEqual(tracker.windows.map((w) => [w.kind, w.stopAt]), [['partition', 2], ['crash', 2]]);
  });
});
