/**
 * The checker against a brute-force checker (every order consistent with real time) on random
 * small histories of every model, linearizable and not. fast-check prints the seed and the
 * shrunk counterexample on failure; rerun one with FC_SEED=<seed>.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizability } from '../../../checkers/linearizability/check.js';
import type { HistoryEvent } from '../../../harness/event.js';
import type { PruningCounts } from '../../../checkers/linearizability/search.js';
import { makeModel, modelNames } from '../../../checkers/models/registry.js';
import { bruteForceLinearizable } from './brute-force.js';
import { optionalHeavyFates, randomHistory, unknownHeavyFates } from './random-history.js';

const seedFromEnvironment = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

describe('checkLinearizability vs brute force', function () {
  this.timeout(120_000);

  for (const name of modelNames) {
    const model = makeModel(name);

    it(`${name}: histories of a real object are linearizable, and both checkers say so`, () => {
      fc.assert(
        fc.property(randomHistory(name, 8, 0), (history) => {
          assert.equal(bruteForceLinearizable(history, model), true, 'brute force rejects a simulated history: generator bug');
          assert.equal(checkLinearizability(history, model).valid, true);
        }),
        { numRuns: 300, ...seedFromEnvironment },
      );
    });

    it(`${name}: with corrupted outputs, the verdict is the brute force's (both verdicts occur)`, () => {
      const seen = { true: 0, false: 0 };
      fc.assert(
        fc.property(randomHistory(name, 7, 0.2), (history) => {
          const expected = bruteForceLinearizable(history, model);
          seen[expected ? 'true' : 'false']++;
          assert.equal(checkLinearizability(history, model).valid, expected);
        }),
        { numRuns: 600, ...seedFromEnvironment },
      );
      assert.ok(seen.true > 50 && seen.false > 50, `too one-sided to test anything: ${JSON.stringify(seen)}`);
    });

    it(`${name}: optional operations (effect before the completion or never) get the brute force's verdict, never stricter than plain info`, () => {
      const seen = { true: 0, false: 0 };
      const asPlainInfo = (history: readonly HistoryEvent[]): HistoryEvent[] => history.map(({ optional: _optional, ...event }) => event);
      fc.assert(
        fc.property(randomHistory(name, 7, 0.2, optionalHeavyFates), (history) => {
          const expected = bruteForceLinearizable(history, model);
          seen[expected ? 'true' : 'false']++;
          assert.equal(checkLinearizability(history, model).valid, expected);
          if (expected) assert.equal(checkLinearizability(asPlainInfo(history), model).valid, true, 'an optional history linearizable, its plain-info one not');
        }),
        { numRuns: 600, ...seedFromEnvironment },
      );
      assert.ok(seen.true > 50 && seen.false > 50, `too one-sided to test anything: ${JSON.stringify(seen)}`);
    });
  }
});

/**
 * Each pruning rule of search.ts, on histories where it fires: the verdicts still equal the
 * brute force's, and the rule demonstrably fired (so the equality says something about it).
 */
describe('every pruning rule keeps the verdict of the brute force', function () {
  this.timeout(120_000);
  const rules: {
    rule: keyof PruningCounts;
    model: 'cas-register' | 'register' | 'kv' | 'mutex' | 'multi-register';
    what: string;
    /** For rules that fire rarely: more runs, more operations with unknown outcome. */
    rare?: true;
  }[] = [
    { rule: 'readOnlyForced', model: 'cas-register', what: 'read-only operations are linearized at once' },
    { rule: 'readOnlyForced', model: 'multi-register', what: 'read-only transactions are linearized at once' },
    { rule: 'twinSkipped', model: 'register', what: 'identical unknown-outcome operations are tried in call order' },
    { rule: 'noEffectSkipped', model: 'cas-register', what: 'unknown-outcome operations without effect are not tried' },
    { rule: 'blindWriteSkipped', model: 'register', what: 'no blind write right after an unknown-outcome operation' },
    { rule: 'blindWriteSkipped', model: 'kv', what: 'no put right after an unknown-outcome append' },
    { rule: 'unreachableRead', model: 'kv', what: 'a read that appends alone cannot reach before it returns is a dead end' },
    { rule: 'dominated', model: 'cas-register', what: 'configurations dominated by a dead one are dead', rare: true },
  ];
  for (const { rule, model: name, what, rare } of rules) {
    it(`${rule} (${name}): ${what}`, () => {
      const model = makeModel(name);
      let fired = 0;
      fc.assert(
        fc.property(rare ? randomHistory(name, 9, 0.3, unknownHeavyFates) : randomHistory(name, 8, 0.15), (history) => {
          const result = checkLinearizability(history, model);
          fired += result.pruning[rule];
          assert.equal(result.valid, bruteForceLinearizable(history, model));
        }),
        { numRuns: rare ? 4000 : 500, ...seedFromEnvironment },
      );
      assert.ok(fired > 0, `rule ${rule} never fired: the test does not exercise it`);
    });
  }
});
