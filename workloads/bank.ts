/**
 * Jepsen's bank workload: transfers of money between a few accounts and reads of every balance.
 * Transfers conserve the total, so every read must see the initial total; a target serving it
 * refuses (fail, 'insufficient-funds') a transfer that would make a balance negative, so no read
 * may see one (checkers/bank.ts). Accounts start at bankInitialBalance each; a target serves a
 * never-written account as holding it.
 */
import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/** Account ids (Jepsen's integer accounts). */
export const bankAccounts: readonly number[] = [0, 1, 2, 3, 4];
export const bankInitialBalance = 20;
export const bankTotal = bankInitialBalance * bankAccounts.length;
/** Transfers move 1..this. */
export const bankTransferMax = 5;
/** The error of a transfer refused because its source lacks the amount. */
export const insufficientFunds = 'insufficient-funds';

/** transfer value; a read's ok value is { [account]: balance } for every account. */
export interface BankTransfer {
  from: number;
  to: number;
  amount: number;
}

export const bankWorkload: Workload = {
  name: 'bank',
  description: `transfers of 1-${bankTransferMax} between ${bankAccounts.length} accounts of ${bankInitialBalance} each, and reads of every balance; checked for a conserved total and no negative balance`,
  ops: ['transfer', 'read'],
  checkers: ['bank'],
  nextOp(_spec: TestSpec, rng: () => number): Op {
    if (rng() < 0.5) return { f: 'read', value: null };
    const fromIndex = Math.floor(rng() * bankAccounts.length);
    let toIndex = Math.floor(rng() * (bankAccounts.length - 1));
    if (toIndex >= fromIndex) toIndex++; // any account but the source
    const transfer: BankTransfer = { from: bankAccounts[fromIndex]!, to: bankAccounts[toIndex]!, amount: 1 + Math.floor(rng() * bankTransferMax) };
    return { f: 'transfer', value: transfer };
  },
  finalOps(): Op[] {
    return [{ f: 'read', value: null }];
  },
};
