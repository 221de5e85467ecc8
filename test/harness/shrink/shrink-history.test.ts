import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizability } from '../../../checkers/linearizability/check.js';
import { makeModel, type ModelName } from '../../../checkers/models/registry.js';
import type { HistoryEvent } from '../../../harness/event.js';
import { shrinkHistory } from '../../../harness/shrink/shrink-history.js';
import { randomHistory } from '../../checkers/linearizability/random-history.js';

const operationsOf = (events: readonly HistoryEvent[]) => events.filter((e) => typeof e.process === 'number' && e.type === 'invoke').length;

describe('shrinkHistory', () => {
  for (const name of ['register', 'cas-register', 'kv'] as ModelName[]) {
    it(`property (${name}): a rejected history shrinks to a rejected one no larger; an accepted one is returned as it is`, () => {
      const model = makeModel(name, undefined);
      const rejects = (events: readonly HistoryEvent[]) => checkLinearizability(events, model).valid === false;
      fc.assert(
        fc.property(randomHistory(name, 10, 0.3), (history) => {
          const result = shrinkHistory(history, rejects, { timeBudgetMs: 10_000 });
          if (rejects(history)) {
            assert.equal(rejects(result.events), true, 'the shrunk history must still be rejected');
            assert.ok(result.operationsAfter <= result.operationsBefore);
            assert.equal(operationsOf(result.events), result.operationsAfter);
            assert.deepEqual(result.events.map((e) => e.index), result.events.map((_, i) => i));
          } else {
            assert.equal(result.operationsAfter, result.operationsBefore);
            assert.deepEqual(result.events, history);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it('drops a write only when, within its own time or never, it still leaves the history rejected', () => {
    // write 1, then write 2, then a read of 1: stale. Removed, write 1 still took effect within its
    // own call or not at all, so before write 2 either way: the read of 1 after write 2 stays
    // impossible, and the two of them are the minimal history. Operations on key "b" are noise.
    const stale: HistoryEvent[] = [
      ['invoke', 'put', ['b', 'x']], ['ok', 'put', ['b', 'x']],
      ['invoke', 'put', ['a', '1']], ['ok', 'put', ['a', '1']],
      ['invoke', 'get', ['b', null]], ['ok', 'get', ['b', 'x']],
      ['invoke', 'put', ['a', '2']], ['ok', 'put', ['a', '2']],
      ['invoke', 'append', ['b', 'y']], ['ok', 'append', ['b', 'y']],
      ['invoke', 'get', ['a', null]], ['ok', 'get', ['a', '1']],
      ['invoke', 'get', ['b', null]], ['ok', 'get', ['b', 'xy']],
    ].map(([type, f, value], index) => ({ index, timeNs: index, process: Math.floor(index / 2), type: type as HistoryEvent['type'], f: f as string, value }));
    const model = makeModel('kv', undefined);
    const rejects = (h: readonly HistoryEvent[]): boolean => checkLinearizability(h, model).valid === false;
    const result = shrinkHistory(stale, rejects, { timeBudgetMs: 10_000 });
    const kept = (events: readonly HistoryEvent[]): string[] => events.filter((e) => e.type !== 'invoke').map((e) => `${e.f} ${JSON.stringify(e.value)}`);
    assert.deepEqual(kept(result.events), ['put ["a","2"]', 'get ["a","1"]']);
    assert.equal(result.minimal, true);
    // But a write whose effect the violation needs is kept: without it (it may never have
    // happened) an empty read after it is fine, so it cannot go.
    const lost: HistoryEvent[] = [
      ['invoke', 'put', ['a', '1']], ['ok', 'put', ['a', '1']],
      ['invoke', 'put', ['b', 'x']], ['ok', 'put', ['b', 'x']],
      ['invoke', 'get', ['a', null]], ['ok', 'get', ['a', '']],
    ].map(([type, f, value], index) => ({ index, timeNs: index, process: Math.floor(index / 2), type: type as HistoryEvent['type'], f: f as string, value }));
    assert.deepEqual(kept(shrinkHistory(lost, rejects, { timeBudgetMs: 10_000 }).events), ['put ["a","1"]', 'get ["a",""]']);
  });
});
