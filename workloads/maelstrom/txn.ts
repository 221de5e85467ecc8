/**
 * Maelstrom's `txn-list-append` and `txn-rw-register` (doc/workloads.md): a transaction is one
 * `txn` request whose `txn` field holds micro-ops [["r", k, null], ["append", k, v]] (or ["w",
 * k, v]); the node answers `txn_ok` with the same micro-ops, reads filled in. The transactions
 * are the harness's own list-append and rw-register workloads' (workloads/txn-keys.ts: Zipf
 * keys retiring after max-writes-per-key), and so is the checker: Elle's inference against the
 * run's --consistency-models (default strict-serializable), as Maelstrom checks them.
 */
import type { Workload } from '../../harness/interfaces.js';
import { listAppendWorkload } from '../list-append.js';
import { rwRegisterWorkload } from '../rw-register.js';
import { completion, type MaelstromWorkload } from './maelstrom-workload.js';

function maelstromTxnWorkload(name: string, base: Workload): MaelstromWorkload {
  return {
    ...base,
    name,
    description: `Maelstrom ${name}: ${base.description}`,
    checkers: [...base.checkers, 'maelstrom-protocol'],
    createOpRunner: () => async (op, caller) => completion(op, await caller.call({ type: 'txn', txn: op.value }, 'txn_ok'), (body) => body.txn),
  };
}

export const txnListAppendWorkload = maelstromTxnWorkload('txn-list-append', listAppendWorkload);
export const txnRwRegisterWorkload = maelstromTxnWorkload('txn-rw-register', rwRegisterWorkload);
