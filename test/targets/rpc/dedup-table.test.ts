import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DedupTable } from '../../../targets/rpc/dedup-table.js';
import { applyEffect, LedgerState } from '../../../targets/rpc/ledger-state.js';
import type { LedgerOp } from '../../../targets/rpc/protocol.js';

describe('targets/rpc/dedup-table', () => {
  it('pending holds duplicates and hands every waiter the one reply', () => {
    const table = new DedupTable<string>();
    assert.equal(table.lookup('c', 0), undefined);
    table.begin('c', 0, 'first');
    const entry = table.lookup('c', 0);
    assert.equal(entry !== 'stale' && entry?.state, 'pending');
    table.hold('c', 0, 'second');
    table.hold('c', 0, 'second');
    assert.deepEqual(table.complete('c', 0, { ok: true }), ['first', 'second']);
    assert.deepEqual(table.lookup('c', 0), { state: 'done', result: { ok: true } });
  });

  it('an ack drops finished entries at or below it, and later copies of them are stale', () => {
    const table = new DedupTable<string>();
    for (const seq of [0, 1, 2]) {
      table.begin('c', seq, 'w');
      table.complete('c', seq, { ok: true });
    }
    table.begin('d', 0, 'w');
    table.acknowledge('c', 1);
    assert.equal(table.size(), 2);
    assert.equal(table.lookup('c', 0), 'stale');
    assert.equal(table.lookup('c', 1), 'stale');
    assert.deepEqual(table.lookup('c', 2), { state: 'done', result: { ok: true } });
    table.acknowledge('c', 0); // an older ack changes nothing
    assert.equal(table.lookup('c', 1), 'stale');
    assert.throws(() => table.hold('c', 2, 'x'), /not pending/);
  });
});

describe('targets/rpc/ledger-state', () => {
  const opArb: fc.Arbitrary<LedgerOp> = fc.oneof(
    fc.record({ f: fc.constant('deposit' as const), account: fc.constantFrom('a', 'b', 'c'), amount: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ f: fc.constant('withdraw' as const), account: fc.constantFrom('a', 'b', 'c'), amount: fc.integer({ min: 1, max: 30 }) }),
    fc.record({ f: fc.constant('transfer' as const), from: fc.constantFrom('a', 'b', 'c'), to: fc.constantFrom('a', 'b', 'c'), amount: fc.integer({ min: 1, max: 30 }) }),
  );

  it('property: balances never go negative, equal the sum of applied effects, and replay rebuilds the same state', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const ledger = new LedgerState();
        const replayed = new LedgerState();
        const expected = new Map<string, number>();
        ops.forEach((op, i) => {
          const result = ledger.execute(`c:${i}`, op);
          replayed.replay(`c:${i}`, op, result);
          if (result.ok) applyEffect(expected, op, 1);
          for (const balance of ledger.balances.values()) assert.ok(balance >= 0);
        });
        assert.deepEqual(new Map([...ledger.balances].filter(([, v]) => v !== 0)), new Map([...expected].filter(([, v]) => v !== 0)));
        assert.deepEqual(replayed.balancesObject(), ledger.balancesObject());
        assert.deepEqual(replayed.applied, ledger.applied);
      }),
      { verbose: 1 },
    );
  });
});
