import assert from 'node:assert/strict';
import { bankChecker } from '../../checkers/bank.js';
import type { HistoryEvent } from '../../harness/event.js';
import type { TestSpec } from '../../harness/spec.js';
import { bankAccounts, bankInitialBalance, bankWorkload } from '../../workloads/bank.js';
import { seededRng } from '../../harness/seeded-rng.js';

const spec = {} as TestSpec;
const even = () => Object.fromEntries(bankAccounts.map((a) => [String(a), bankInitialBalance]));

function historyOf(reads: unknown[]): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const add = (process: number | string, type: HistoryEvent['type'], f: string, value: unknown) => events.push({ index: events.length, timeNs: events.length, process, type, f, value });
  add(0, 'invoke', 'transfer', { from: 0, to: 1, amount: 3 });
  add(0, 'ok', 'transfer', { from: 0, to: 1, amount: 3 });
  add('nemesis', 'info', 'start-partition', {});
  for (const value of reads) {
    add(1, 'invoke', 'read', null);
    add(1, 'ok', 'read', value);
  }
  add(2, 'invoke', 'read', null);
  add(2, 'fail', 'read', null); // a failed read shows nothing
  return events;
}

describe('bank checker', () => {
  it('is valid when every ok read of every account adds up to the total', () => {
    const moved = { ...even(), '0': bankInitialBalance - 3, '1': bankInitialBalance + 3 };
    const result = bankChecker(spec, historyOf([even(), moved]));
    assert.equal(result.valid, true, result.summary);
    assert.equal(result.reads, 2);
  });

  it('names a read whose total no serial order of transfers explains', () => {
    const lost = { ...even(), '0': bankInitialBalance - 3 }; // the debit without the credit
    const result = bankChecker(spec, historyOf([even(), lost]));
    assert.equal(result.valid, false);
    assert.deepEqual(result.problemCounts, { 'wrong-total': 1, 'negative-balance': 0, 'wrong-accounts': 0 });
    assert.match(result.summary, /total 97, but transfers conserve 100/);
  });

  it('names a negative balance, and a read missing an account or of another shape', () => {
    const overdrawn = { ...even(), '0': -1, '1': 2 * bankInitialBalance + 1 };
    const result = bankChecker(spec, historyOf([overdrawn, { '0': 100 }, [1, 2]]));
    assert.equal(result.valid, false);
    assert.deepEqual(result.problemCounts, { 'wrong-total': 0, 'negative-balance': 1, 'wrong-accounts': 2 });
  });

  it('the workload sends transfers between two different accounts and reads, the same for a seed', () => {
    const ops = (seed: number) => {
      const rng = seededRng(seed, 'slot');
      return Array.from({ length: 200 }, (_, i) => bankWorkload.nextOp(spec, rng, 0, i));
    };
    assert.deepEqual(ops(5), ops(5));
    for (const op of ops(5)) {
      if (op.f === 'read') continue;
      const { from, to, amount } = op.value as { from: number; to: number; amount: number };
      assert.notEqual(from, to);
      assert.ok(bankAccounts.includes(from) && bankAccounts.includes(to) && amount >= 1);
    }
    assert.deepEqual(new Set(ops(5).map((op) => op.f)), new Set(['read', 'transfer']));
  });
});
