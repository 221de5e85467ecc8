import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkTransactions } from '../../../checkers/transactions/check.js';
import { bruteForceSerializable } from './brute-force.js';
import { historyPlan, planToHistory } from './random-txn-history.js';

const models = [
  { consistency: 'serializable', strict: false },
  { consistency: 'strict-serializable', strict: true },
] as const;

describe('transactional checker vs brute force', () => {
  for (const { consistency, strict } of models) {
    it(`list-append, ${consistency}: with a final read of every key, the same verdict as the brute force (both verdicts occur)`, () => {
      const verdicts = new Set<boolean>();
      fc.assert(
        fc.property(historyPlan, (plan) => {
          const events = planToHistory(plan, 'list-append', true);
          const expected = bruteForceSerializable(events, 'list-append', strict);
          const result = checkTransactions(events, { model: 'list-append', consistencyModels: [consistency] });
          verdicts.add(expected);
          assert.equal(result.valid, expected, `${JSON.stringify(events.map((e) => [e.process, e.type, e.value]))}\n${result.summary}`);
        }),
        { numRuns: 400 },
      );
      assert.deepEqual([...verdicts].sort(), [false, true]);
    });

    for (const model of ['list-append', 'rw-register'] as const) {
      it(`${model}, ${consistency}: never an anomaly where the brute force finds a serial order`, () => {
        let invalid = 0;
        fc.assert(
          fc.property(historyPlan, fc.boolean(), (plan, finalReads) => {
            const events = planToHistory(plan, model, finalReads);
            const result = checkTransactions(events, { model, consistencyModels: [consistency] });
            if (result.valid === false) {
              invalid++;
              assert.equal(bruteForceSerializable(events, model, strict), false, `${JSON.stringify(events.map((e) => [e.process, e.type, e.value]))}\n${result.summary}`);
            } else assert.equal(result.valid, true);
          }),
          { numRuns: 400 },
        );
        assert.ok(invalid > 0, 'some histories are found invalid');
      });
    }
  }
});
