import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seededRng } from '../../harness/seeded-rng.js';
import type { TestSpec } from '../../harness/spec.js';
import { isLedgerOp } from '../../targets/rpc/protocol.js';
import { ledgerWorkload } from '../../workloads/ledger.js';

const spec = { nodes: ['n1'] } as unknown as TestSpec;

function ops(seed: number, processes: number, perProcess: number) {
  const rng = seededRng(seed, 'ledger-test');
  const out = [];
  for (let i = 0; i < perProcess; i++) for (let p = 0; p < processes; p++) out.push(ledgerWorkload.nextOp(spec, rng, p, i));
  return out;
}

describe('workloads/ledger', () => {
  it('property: the same seed gives the same operations; every op is a valid ledger op with a unique id', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }), (seed, processes, perProcess) => {
        const first = ops(seed, processes, perProcess);
        assert.deepEqual(ops(seed, processes, perProcess), first);
        const ids = new Set<string>();
        for (const op of first) {
          const { id, ...rest } = op.value as { id: string };
          assert.ok(isLedgerOp({ f: op.f, ...rest }), JSON.stringify(op));
          assert.ok(!ids.has(id), `duplicate id ${id}`);
          ids.add(id);
        }
      }),
      { verbose: 1 },
    );
  });

  it('mixes deposits, withdrawals and transfers, and ends with one read', () => {
    const fs = new Map<string, number>();
    for (const op of ops(7, 5, 200)) fs.set(op.f, (fs.get(op.f) ?? 0) + 1);
    for (const f of ['deposit', 'withdraw', 'transfer']) assert.ok((fs.get(f) ?? 0) > 100, `${f}: ${fs.get(f)}`);
    assert.deepEqual(ledgerWorkload.finalOps?.(spec), [{ f: 'read', value: null }]);
    assert.ok(ledgerWorkload.checkers.includes('exactly-once'));
  });

  it("carries the request id '<processId>:<opIndex>' the rpc client sends as (clientId, seq)", () => {
    const op = ledgerWorkload.nextOp(spec, seededRng(1), 12, 34);
    assert.equal((op.value as { id: string }).id, '12:34');
  });
});
