import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HistoryEvent } from '../../../harness/event.js';
import { countOutcomes, outcomeOf, pairHistory } from '../../../harness/history/pairing.js';
import { badInputOf } from './parse-error.js';

type Row = [process: number | string, type: HistoryEvent['type'], f: string];
const history = (rows: Row[], withLines = false): HistoryEvent[] =>
  rows.map(([process, type, f], index) => ({ index, timeNs: index, process, type, f, value: null, ...(withLines ? { line: index + 1 } : {}) }));

describe('pairing (harness/history/pairing.ts)', () => {
  it('pairs each invoke with the next completion of its process; never-completed invokes are pending; nemesis events are not paired', () => {
    const events = history([
      [0, 'invoke', 'write'],
      [1, 'invoke', 'read'],
      ['nemesis', 'info', 'start-partition'],
      [1, 'ok', 'read'],
      [0, 'info', 'write'],
      [2, 'invoke', 'cas'],
      [1, 'invoke', 'read'],
      [1, 'fail', 'read'],
    ]);
    const pairing = pairHistory(events);
    assert.equal(pairing.count, 4);
    assert.deepEqual([...pairing.invokeAt], [0, 1, 5, 6]);
    assert.deepEqual([...pairing.completeAt], [4, 3, -1, 7]);
    assert.deepEqual([0, 1, 2, 3].map((op) => outcomeOf(events, pairing, op)), ['info', 'ok', 'info', 'fail']);
    assert.deepEqual(countOutcomes(events), { operations: 4, ok: 1, fail: 1, info: 1, pending: 1 });
    assert.deepEqual(countOutcomes([]), { operations: 0, ok: 0, fail: 0, info: 0, pending: 0 });
  });

  it('rejects a completion without invoke, one of another f and a second invoke of a busy process, saying where', () => {
    assert.equal(badInputOf(() => pairHistory(history([[0, 'ok', 'read']], true), 'h.jsonl')).message, 'h.jsonl:1: ok read of process 0 has no matching invoke');
    assert.equal(badInputOf(() => pairHistory(history([[0, 'ok', 'read']], true))).message, 'line 1: ok read of process 0 has no matching invoke');
    assert.equal(
      badInputOf(() => pairHistory(history([[0, 'invoke', 'read'], [0, 'invoke', 'write']]))).message,
      'event 1: process 0 invokes write while its read (event 0) has not completed (one operation at a time per process)',
    );
    assert.equal(badInputOf(() => pairHistory(history([[0, 'invoke', 'read'], [0, 'ok', 'write']], true), 'h')).message, 'h:2: ok write of process 0 completes an invoke of read (line 1)');
  });

  it('property: every client event is in exactly one pair, a completion follows its invoke with the same process and f, and nothing of its process comes between', () => {
    // Per process a sequence of operations, each completed or not (only the last may stay open); interleaved at random.
    const operation = fc.record({ f: fc.constantFrom('read', 'write', 'cas'), end: fc.constantFrom<HistoryEvent['type'] | 'none'>('ok', 'fail', 'info', 'none') });
    const perProcess = fc.array(fc.array(operation, { maxLength: 6 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(perProcess, fc.array(fc.nat(), { maxLength: 80 }), fc.nat(10), (processes, picks, nemesisEvery) => {
        const queues: Row[][] = processes.map((ops, p) => {
          const rows: Row[] = [];
          ops.forEach(({ f, end }, k) => {
            rows.push([p, 'invoke', f]);
            if (end !== 'none' || k < ops.length - 1) rows.push([p, end === 'none' ? 'ok' : end, f]);
          });
          return rows;
        });
        const rows: Row[] = [];
        let pick = 0;
        while (queues.some((q) => q.length > 0)) {
          const nonEmpty = queues.filter((q) => q.length > 0);
          rows.push(nonEmpty[(picks[pick++] ?? 0) % nonEmpty.length]!.shift()!);
          if (nemesisEvery > 0 && rows.length % nemesisEvery === 0) rows.push(['nemesis', 'info', 'start-crash']);
        }
        const events = history(rows);
        const { count, invokeAt, completeAt } = pairHistory(events);
        const used = new Set<number>();
        for (let op = 0; op < count; op++) {
          const invoke = events[invokeAt[op]!]!;
          assert.equal(invoke.type, 'invoke');
          if (op > 0) assert.ok(invokeAt[op]! > invokeAt[op - 1]!, 'in order of invocation');
          used.add(invokeAt[op]!);
          if (completeAt[op]! < 0) continue;
          const completion = events[completeAt[op]!]!;
          assert.ok(completeAt[op]! > invokeAt[op]! && completion.process === invoke.process && completion.f === invoke.f);
          for (let between = invokeAt[op]! + 1; between < completeAt[op]!; between++) assert.notEqual(events[between]!.process, invoke.process);
          used.add(completeAt[op]!);
        }
        const clientEvents = events.filter((e) => typeof e.process === 'number').length;
        assert.equal(used.size, clientEvents);
        const counts = countOutcomes(events);
        assert.equal(counts.ok + counts.fail + counts.info + counts.pending, count);
        assert.equal(counts.pending, processes.filter((ops) => ops.at(-1)?.end === 'none').length);
      }),
      { numRuns: 200 },
    );
  });
});
