/** The same random history written as jsonl, jepsen-edn (vector or one map a line) reads back as the same events. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { HistoryEvent } from '../../../harness/event.js';
import { parseHistory } from '../../../harness/history/read-history.js';

type Json = null | boolean | number | string | Json[];

/** EDN text of a JSON value (strings as EDN strings, arrays as vectors). */
function edn(value: Json): string {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return `[${value.map(edn).join(' ')}]`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const value: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', ' ', '"', '\\', ';', ',', ']') }),
  fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('x', 'y')), { maxLength: 3 }),
);

/** Well-paired client histories (plus nemesis events): each process invokes, then completes. */
const history: fc.Arbitrary<HistoryEvent[]> = fc
  .array(
    fc.record({
      process: fc.integer({ min: 0, max: 3 }),
      f: fc.constantFrom('write', 'cas', 'put', 'acquire', 'txn'), // no reads: jepsen-edn rewrites ok reads of nil
      value,
      completion: fc.constantFrom('ok', 'fail', 'info', 'none'),
      nemesis: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .map((steps) => {
    const events: HistoryEvent[] = [];
    const open = new Map<number, HistoryEvent>();
    const push = (event: Omit<HistoryEvent, 'index' | 'timeNs'>) => events.push({ index: events.length, timeNs: events.length * 1000, ...event });
    for (const step of steps) {
      const pending = open.get(step.process);
      if (pending === undefined) {
        push({ process: step.process, type: 'invoke', f: step.f, value: step.value });
        open.set(step.process, events[events.length - 1]!);
      } else if (step.completion !== 'none') {
        push({ process: step.process, type: step.completion as 'ok' | 'fail' | 'info', f: pending.f, value: step.value });
        open.delete(step.process);
      }
      if (step.nemesis) push({ process: 'nemesis', type: 'info', f: 'start', value: step.value });
    }
    return events;
  });

function asJsonl(events: HistoryEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join('\n');
}

function ednMap(event: HistoryEvent): string {
  const process = typeof event.process === 'number' ? String(event.process) : `:${event.process}`;
  return `{:type :${event.type}, :f :${event.f}, :time ${event.timeNs}, :process ${process}, :value ${edn(event.value as Json)}}`;
}

describe('history formats agree', () => {
  it('jsonl, an EDN vector and EDN maps a line give the same events', () => {
    fc.assert(
      fc.property(history, (events) => {
        const fromJsonl = parseHistory(asJsonl(events), 'jsonl').events;
        const fromVector = parseHistory(`[${events.map(ednMap).join('\n ')}]`, 'jepsen-edn').events;
        const fromLines = parseHistory(events.map(ednMap).join('\n'), undefined, 'h.edn');
        const withoutLines = (list: HistoryEvent[]) => list.map(({ line: _line, ...event }) => event);
        assert.deepEqual(withoutLines(fromJsonl), events);
        assert.deepEqual(withoutLines(fromVector), events);
        assert.deepEqual(withoutLines(fromLines.events), events);
        assert.deepEqual(
          fromLines.events.map((event) => event.line),
          events.map((_, position) => position + 1),
        );
        if (events.length > 0) assert.equal(fromLines.format, 'jepsen-edn');
      }),
      { numRuns: 300, verbose: true },
    );
  });
});
