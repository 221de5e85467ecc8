import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Op, Workload } from '../../harness/interfaces.js';
import { seededRng } from '../../harness/seeded-rng.js';
import type { TestSpec } from '../../harness/spec.js';
import { listAppendWorkload } from '../../workloads/list-append.js';
import { rwRegisterWorkload } from '../../workloads/rw-register.js';
import { txnKeysDefaults, type MicroOpValue } from '../../workloads/txn-keys.js';

const specOf = (concurrency: number) => ({ concurrency }) as TestSpec;

/** `perSlot` ops for each of `concurrency` slots, drawn in the interleaving `order` gives (slot indices), on one fresh spec. */
function draw(workload: Workload, seed: number, concurrency: number, order: readonly number[], txnKeys?: TestSpec['txnKeys']): { spec: TestSpec; bySlot: Op[][] } {
  const spec = { ...specOf(concurrency), ...(txnKeys === undefined ? {} : { txnKeys }) };
  const rngs = Array.from({ length: concurrency }, (_, slot) => seededRng(seed, `client-slot-${slot}`));
  const bySlot: Op[][] = rngs.map(() => []);
  for (const slot of order) {
    // A replaced process keeps its slot: process = slot + k * concurrency.
    const process = slot + concurrency * (bySlot[slot]!.length % 3);
    bySlot[slot]!.push(workload.nextOp(spec, rngs[slot]!, process, bySlot[slot]!.length));
  }
  return { spec, bySlot };
}

const roundRobin = (concurrency: number, perSlot: number) => Array.from({ length: concurrency * perSlot }, (_, i) => i % concurrency);

for (const [workload, writeF] of [
  [listAppendWorkload, 'append'],
  [rwRegisterWorkload, 'w'],
] as const) {
  describe(`${workload.name} workload`, () => {
    it('gives each slot the same transactions for a seed, whatever the interleaving of the slots (property)', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 40, maxLength: 200 }), (seed, order) => {
          const a = draw(workload, seed, 4, order).bySlot;
          const b = draw(workload, seed, 4, [...order].reverse()).bySlot;
          assert.deepEqual(a, b);
          const other = draw(workload, seed + 1, 4, order).bySlot;
          if (order.length >= 100) assert.notDeepEqual(a, other, 'another seed, other transactions');
        }),
      );
    });

    it(`sends txns of 1-${txnKeysDefaults.microOpsMax} micro-ops, reads of nil and ${writeF}s of values unique per key`, () => {
      const { bySlot } = draw(workload, 7, 5, roundRobin(5, 400));
      const written = new Map<number, Set<unknown>>();
      for (const op of bySlot.flat()) {
        assert.equal(op.f, 'txn');
        const micro = op.value as MicroOpValue[];
        assert.ok(micro.length >= 1 && micro.length <= txnKeysDefaults.microOpsMax);
        for (const [f, key, value] of micro) {
          assert.ok(Number.isInteger(key));
          if (f === 'r') assert.equal(value, null);
          else {
            assert.equal(f, writeF);
            const values = written.get(key) ?? new Set();
            assert.ok(!values.has(value), `value ${String(value)} written twice to key ${key}`);
            written.set(key, values.add(value));
          }
        }
      }
      assert.deepEqual(new Set(bySlot.flat().flatMap((op) => (op.value as MicroOpValue[]).map(([f]) => f))), new Set(['r', writeF]));
    });

    it(`retires a key after at most ${txnKeysDefaults.maxWritesPerKey} writes over all slots, and moves on to new keys, hot ones first`, () => {
      for (const concurrency of [1, 5, 10]) {
        const { bySlot } = draw(workload, 3, concurrency, roundRobin(concurrency, 2000 / concurrency));
        const writes = new Map<number, number>();
        const uses = new Map<number, number>();
        for (const [f, key] of bySlot.flat().flatMap((op) => op.value as MicroOpValue[])) {
          uses.set(key, (uses.get(key) ?? 0) + 1);
          if (f !== 'r') writes.set(key, (writes.get(key) ?? 0) + 1);
        }
        const most = Math.max(...writes.values());
        assert.ok(most <= txnKeysDefaults.maxWritesPerKey, `concurrency ${concurrency}: a key got ${most} writes`);
        assert.ok(uses.size > 4 * txnKeysDefaults.activeKeyCount, `concurrency ${concurrency}: ${uses.size} keys used, retirement brings new ones`);
        // Zipf: the hottest position (keys 0, A, 2A, ...) retires its keys fastest.
        const generations = (position: number) => Math.max(...[...uses.keys()].filter((k) => k % txnKeysDefaults.activeKeyCount === position).map((k) => Math.floor(k / txnKeysDefaults.activeKeyCount)));
        assert.ok(generations(0) > generations(txnKeysDefaults.activeKeyCount - 1));
      }
    });

    it('reads every key any slot used in its final transactions, and only reads', () => {
      const { spec, bySlot } = draw(workload, 11, 5, roundRobin(5, 300));
      const used = new Set(bySlot.flat().flatMap((op) => (op.value as MicroOpValue[]).map(([, key]) => key)));
      const finals = workload.finalOps!(spec);
      const read = finals.flatMap((op) => {
        assert.equal(op.f, 'txn');
        const micro = op.value as MicroOpValue[];
        assert.ok(micro.length <= txnKeysDefaults.finalReadKeysPerTxn);
        assert.ok(micro.every(([f, , value]) => f === 'r' && value === null));
        return micro.map(([, key]) => key);
      });
      assert.equal(new Set(read).size, read.length, 'each key once');
      for (const key of used) assert.ok(read.includes(key), `key ${key} has a final read`);
      assert.deepEqual(workload.finalOps!(specOf(5)).length > 0, true, 'a run without drawn operations (a replay) still reads the first keys');
    });

    it('takes its shape from --key-count, --max-txn-length and --max-writes-per-key (spec.txnKeys)', () => {
      const concurrency = 2;
      const { bySlot } = draw(workload, 3, concurrency, roundRobin(concurrency, 300), { keyCount: 2, maxTxnLength: 1, maxWritesPerKey: 4 });
      const ops = bySlot.flat();
      assert.ok(ops.every((op) => (op.value as MicroOpValue[]).length === 1), 'one micro-op a transaction');
      const writes = new Map<number, number>();
      for (const [f, key] of ops.flatMap((op) => op.value as MicroOpValue[])) if (f === writeF) writes.set(key, (writes.get(key) ?? 0) + 1);
      assert.ok(Math.max(...writes.values()) <= 4, 'at most 4 writes a key');
      const keys = [...new Set(ops.flatMap((op) => (op.value as MicroOpValue[]).map(([, key]) => key)))];
      assert.ok(keys.length > 2, 'keys retire and new ones come');
      const { bySlot: wide } = draw(workload, 3, concurrency, roundRobin(concurrency, 300));
      assert.ok(wide.flat().some((op) => (op.value as MicroOpValue[]).length > 1), 'the default shape has longer transactions');
    });
  });
}
