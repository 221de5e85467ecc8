import assert from 'node:assert/strict';
import { availabilityChecker } from '../../checkers/availability.js';
import type { HistoryEvent } from '../../harness/event.js';
import type { TestSpec } from '../../harness/spec.js';

/** Client ops of the given outcomes (one process each), and a nemesis event that must not count. */
function history(outcomes: Array<'ok' | 'fail' | 'info' | 'pending'>): HistoryEvent[] {
  const events: HistoryEvent[] = [{ index: 0, timeNs: 0, process: 'nemesis', type: 'info', f: 'start-partition', value: null }];
  outcomes.forEach((outcome, process) => {
    events.push({ index: events.length, timeNs: events.length, process, type: 'invoke', f: 'echo', value: process });
    if (outcome !== 'pending') events.push({ index: events.length, timeNs: events.length, process, type: outcome, f: 'echo', value: process });
  });
  return events;
}

const spec = (availability: TestSpec['availability']) => ({ availability }) as TestSpec;

describe('availability checker (Maelstrom --availability)', () => {
  it("'total' accepts only a history in which every operation completed ok", () => {
    assert.equal(availabilityChecker(spec('total'), history(['ok', 'ok', 'ok']), {}).valid, true);
    for (const bad of ['fail', 'info', 'pending'] as const) {
      const result = availabilityChecker(spec('total'), history(['ok', bad, 'ok']), {});
      assert.equal(result.valid, false, bad);
      assert.match(result.summary, /2 of 3 operations ok/);
    }
  });

  it('a fraction is the least share of ok operations over invocations', () => {
    const fourOfFive = history(['ok', 'ok', 'fail', 'ok', 'ok']);
    assert.equal(availabilityChecker(spec(0.8), fourOfFive, {}).valid, true);
    assert.equal(availabilityChecker(spec(0.81), fourOfFive, {}).valid, false);
    assert.equal((availabilityChecker(spec(0.8), fourOfFive, {}) as unknown as { okFraction: number }).okFraction, 0.8);
  });

  it('asks nothing without --availability', () => {
    assert.equal(availabilityChecker(spec(undefined), history(['fail']), {}).valid, true);
  });
});
