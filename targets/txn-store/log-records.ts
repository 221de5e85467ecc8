/**
 * The records of a txn-store node's log (txn-store.jsonl in its data dir, appended with
 * fdatasync before anyone is told: targets/rpc/execution-log.ts). A shard's committed data and
 * its prepared transactions, and a coordinator's decisions, are what replaying it yields: a
 * node killed and restarted finds every prepared transaction again (in doubt until its
 * coordinator answers) and, as a coordinator, every decision it made.
 */
import type { Key } from './protocol.js';

/** A prepared transaction's write at this shard, applied at commit. */
export interface Effect {
  key: Key;
  k: 'append' | 'w';
  v: unknown;
}

export type TxnLogRecord =
  /** Shard: this transaction's effects here are durable, its vote is yes. */
  | { type: 'prepare'; txn: string; coordinator: string; effects: Effect[] }
  | { type: 'commit'; txn: string }
  | { type: 'abort'; txn: string }
  /** Coordinator: the transaction commits; `reply` is what its client is told (also on a resend after a restart). */
  | { type: 'decision'; txn: string; participants: string[]; reply: unknown }
  /** Coordinator: every participant acknowledged the commit. */
  | { type: 'end'; txn: string };

/** File name of the log inside the node's data dir. */
export const txnLogFileName = 'txn-store.jsonl';
