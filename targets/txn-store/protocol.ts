/**
 * Messages of the txn-store: client -> coordinator (a transaction to run), coordinator ->
 * shards (execute micro-ops under locks, prepare, commit, abort), shard -> coordinator (what
 * was decided about a transaction it prepared). All of them travel over targets/replicated's
 * udp-rpc, so the runtime's faults reach every one.
 */

/** A key of the store: the workloads' integer keys and accounts. */
export type Key = number | string;

/** One operation at a shard. rx: a read for update (an exclusive lock, as SELECT ... FOR UPDATE). */
export type ShardOp = { k: 'r' | 'rx'; key: Key } | { k: 'append' | 'w'; key: Key; v: unknown };

/** What a client asks its coordinator to run. */
export type TxnBody =
  /** list-append / rw-register: micro-ops [f, key, value] in order. */
  | { kind: 'txn'; ops: [string, Key, unknown][] }
  /** bank: move `amount` unless the source holds less. */
  | { kind: 'transfer'; from: Key; to: Key; amount: number }
  /** bank: every account's balance. */
  | { kind: 'balances'; accounts: Key[] };

export interface TxnRequest {
  t: 'txn-request';
  /** "<clientId>:<seq>": the transaction's id, the same across resends. */
  id: string;
  /** Transmission number of this request (1 = first): see Coordinator on resends after a restart. */
  attempt: number;
  body: TxnBody;
}

export type TxnReply = { t: 'ok'; value: unknown } | { t: 'fail'; error: string };

export type ShardRequest =
  /** Run these ops (step `step` of the transaction, 1-based) under its locks; resends of a step get the same answer. */
  | { t: 'exec'; txn: string; coordinator: string; step: number; ops: ShardOp[] }
  /** Make the effects of the `steps` steps durable and vote. */
  | { t: 'prepare'; txn: string; coordinator: string; steps: number }
  | { t: 'commit'; txn: string }
  | { t: 'abort'; txn: string };

export type ShardReply =
  | { t: 'exec-ok'; results: unknown[] }
  | { t: 'exec-abort'; reason: string }
  | { t: 'vote'; yes: boolean; reason?: string }
  | { t: 'ack' };

/** Shard -> coordinator: the decision on a transaction the shard prepared (in doubt). */
export interface DecisionQuery {
  t: 'decision?';
  txn: string;
}
export type DecisionReply = { t: 'decision'; commit: boolean } | { t: 'pending' };

/**
 * Harness -> node, from the target's kill(): crash at the next commit point, i.e. right after the
 * first participant of a transaction that writes on several shards acknowledged its commit,
 * before the others are told (the window two-phase commit's decision record exists for).
 */
export interface CrashAtCommitPoint {
  t: 'crash-at-commit-point';
}
