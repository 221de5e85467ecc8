/**
 * The txn-store's modes, parsed once into what each changes (never compared as strings
 * elsewhere): `correct`, and the bugs, each named after what it does wrong.
 */
export const txnStoreModes = {
  correct: 'strict two-phase locking at the shards (locks held to commit or abort), two-phase commit with fsync\'ed prepare and decision records: strict serializable',
  'no-read-locks': 'reads take no locks (writes do): write skew, G2',
  'read-committed': 'reads take a lock only while reading (short read locks): they see committed data, not a snapshot: G-single, and bank reads of a transfer half done',
  'no-durable-decision': 'the coordinator keeps its decision in memory only: one that crashes after telling some shards to commit forgets it, and the shards it had not told presume an abort: a partial commit',
  'early-lock-release': 'shards release a transaction\'s locks when they vote yes, before the decision: others read and overwrite around its prepared writes',
} as const;

export type TxnStoreMode = keyof typeof txnStoreModes;

export interface ModeFlags {
  /** Locks taken by reads: held to the end, held while reading, or none. */
  readLocks: 'to-end' | 'while-reading' | 'none';
  /** The coordinator writes its decision to its log (fsync) before telling anyone. */
  durableDecision: boolean;
  /** Shards release locks at their yes vote instead of at commit / abort. */
  releaseLocksAtPrepare: boolean;
}

export function modeFlags(mode: string): ModeFlags {
  const correct: ModeFlags = { readLocks: 'to-end', durableDecision: true, releaseLocksAtPrepare: false };
  switch (mode as TxnStoreMode) {
    case 'correct':
      return correct;
    case 'no-read-locks':
      return { ...correct, readLocks: 'none' };
    case 'read-committed':
      return { ...correct, readLocks: 'while-reading' };
    case 'no-durable-decision':
      return { ...correct, durableDecision: false };
    case 'early-lock-release':
      return { ...correct, releaseLocksAtPrepare: true };
    default:
      throw new Error(`txn-store: unknown mode '${mode}' (${Object.keys(txnStoreModes).join(', ')})`);
  }
}
