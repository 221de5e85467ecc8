/**
 * Elle's rw-register workload: transactions of writes of unique values and reads of registers
 * ([['w', 3, 17], ['r', 5, null]]), over Zipf-distributed active keys that retire after
 * max-writes-per-key writes, and final reads of every key (workloads/txn-keys.ts). Unique
 * writes let the checker name the writer of every value read (checkers/transactions/).
 */
import type { Op, Workload } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import { txnKeysOf, type TxnKeys } from './txn-keys.js';

const runs = new WeakMap<TestSpec, TxnKeys>();

export const rwRegisterWorkload: Workload = {
  name: 'rw-register',
  description: 'transactions of 1-4 unique register writes and reads over Zipf-distributed keys retiring after 32 writes; final reads of every key; checked by Elle\'s rw-register inference',
  ops: ['txn'],
  checkers: ['rw-register'],
  nextOp(spec: TestSpec, rng: () => number, processId: number): Op {
    return txnKeysOf(runs, spec).nextTxn(spec, rng, processId, { writeF: 'w' });
  },
  finalOps(spec: TestSpec): Op[] {
    return txnKeysOf(runs, spec).finalTxns();
  },
};
