import assert from 'node:assert/strict';
import type { HistoryEvent } from '../../harness/event.js';
import { StatusLine } from '../../harness/status-line.js';

function event(process: number | string, type: HistoryEvent['type'], f: string): HistoryEvent {
  return { index: 0, timeNs: 0, process, type, f, value: null };
}

describe('status line', () => {
  it('shows time left, operations by outcome and the faults active', () => {
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s), columns: 200 } as unknown as NodeJS.WriteStream;
    const status = new StatusLine(stream, true);
    status.setPhase('running', 10_000);
    for (const e of [event(0, 'invoke', 'read'), event(0, 'ok', 'read'), event(1, 'fail', 'write'), event(2, 'info', 'cas')]) status.observe(e);
    status.observe(event('nemesis', 'info', 'start-partition'));
    status.observe(event('nemesis', 'info', 'start-drop'));
    status.observe(event('nemesis', 'info', 'stop-partition'));
    assert.equal(status.text(2_500), 'harness: 7.5 s left | ops 3 (ok 1, fail 1, info 1) | faults: drop');
    assert.ok(written.length > 0 && written.every((w) => w.startsWith('\r\x1b[K')));
    status.stop();
  });

  it('writes nothing when stderr is not a TTY', () => {
    const written: string[] = [];
    const status = new StatusLine({ write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream, false);
    status.start();
    status.setPhase('running', 1000);
    status.stop();
    assert.deepEqual(written, []);
  });
});
