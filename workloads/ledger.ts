import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/** Accounts the ledger workload moves money between; every account starts at 0. */
export const ledgerAccounts = ['a', 'b', 'c', 'd'] as const;
/** Amounts are 1..maxAmount. */
export const ledgerMaxAmount = 20;

/**
 * The exactly-once workload: unique deposits, withdrawals and transfers, each carrying its
 * own request id "<processId>:<opIndex>" so the checker can count how often each one was
 * applied. Deposits dominate so that withdrawals and transfers usually have funds; the
 * rest fail with insufficient-funds, which exercises `fail` completions.
 * The final read returns the balances and the list of applied request ids.
 */
export const ledgerWorkload: Workload = {
  name: 'ledger',
  description: 'unique deposit / withdraw / transfer between a few accounts; final read of balances and applied request ids',
  ops: ['deposit', 'withdraw', 'transfer', 'read'],
  nextOp(_spec: TestSpec, rng: () => number, processId: number, opIndex: number): Op {
    const id = `${processId}:${opIndex}`;
    const pick = () => ledgerAccounts[Math.floor(rng() * ledgerAccounts.length)]!;
    const amount = 1 + Math.floor(rng() * ledgerMaxAmount);
    const kind = rng();
    if (kind < 0.45) return { f: 'deposit', value: { id, account: pick(), amount } };
    if (kind < 0.7) return { f: 'withdraw', value: { id, account: pick(), amount } };
    const from = pick();
    let to = pick();
    while (to === from) to = pick();
    return { f: 'transfer', value: { id, from, to, amount } };
  },
  finalOps(): Op[] {
    return [{ f: 'read', value: null }];
  },
  checkers: ['exactly-once', 'perf'],
};
