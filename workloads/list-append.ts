/**
 * Elle's list-append workload: transactions of appends of unique values and reads of whole
 * lists ([['append', 3, 17], ['r', 5, null]]), over Zipf-distributed active keys that retire
 * after max-writes-per-key appends, and final reads of every key (workloads/txn-keys.ts). The
 * order in which reads see the elements gives the checker the version order of every key, so
 * it infers write-write, write-read and read-write dependencies (checkers/transactions/).
 */
import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import { txnKeysOf, type TxnKeys } from './txn-keys.js';

const runs = new WeakMap<TestSpec, TxnKeys>();

export const listAppendWorkload: Workload = {
  name: 'list-append',
  description: 'transactions of 1-4 appends of unique values and list reads over Zipf-distributed keys retiring after 32 writes; final reads of every key; checked by Elle\'s list-append inference',
  ops: ['txn'],
  checkers: ['list-append'],
  nextOp(spec: TestSpec, rng: () => number, processId: number): Op {
    return txnKeysOf(runs, spec).nextTxn(spec, rng, processId, { writeF: 'append' });
  },
  finalOps(spec: TestSpec): Op[] {
    return txnKeysOf(runs, spec).finalTxns();
  },
};
