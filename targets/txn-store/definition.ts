/**
 * The txn-store target (docs/txn-store.md): a sharded transactional store, one shard and
 * coordinator a node process, two-phase commit over strict two-phase locking, for the
 * list-append, rw-register and bank workloads. Nodes are started, killed and paused like the
 * replicated targets' (targets/replicated/cluster-target.ts), but a crash comes at a commit point
 * (txn-store-target.ts); it has no primary.
 */
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../harness/exit-codes.js';
import type { TargetDefinition } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import { TxnStoreTarget } from './txn-store-target.js';
import { txnStoreModes, type TxnStoreMode } from './modes.js';
import { TxnStoreClient } from './txn-client.js';

const startTimeoutMs = 10_000;

function modeOf(spec: TestSpec): TxnStoreMode {
  const mode = spec.targetOptions.mode ?? 'correct';
  if (typeof mode !== 'string' || !(mode in txnStoreModes)) throw new UsageError(`txn-store target: --mode must be one of ${Object.keys(txnStoreModes).join(', ')}, got ${JSON.stringify(mode)}`);
  return mode as TxnStoreMode;
}

export const txnStoreTargetDefinition: TargetDefinition = {
  name: 'txn-store',
  description: 'sharded transactional store: a shard and a coordinator per node process, two-phase commit with fsync\'ed prepare and decision records, strict two-phase locking; txn (list-append, rw-register), bank transfer and read',
  defaultNodes: ['n1', 'n2', 'n3'],
  workloads: ['list-append', 'rw-register', 'bank'],
  ops: ['txn', 'transfer', 'read'],
  options: {
    mode: {
      description: Object.entries(txnStoreModes).map(([mode, what]) => `${mode}: ${what}`).join('; '),
      values: Object.keys(txnStoreModes),
      default: 'correct',
    },
  },
  transport: 'udp',
  // Every node coordinates its own clients' transactions: there is no primary to aim at.
  lacks: ['primary'],
  createTarget(spec) {
    return new TxnStoreTarget({ program: fileURLToPath(new URL('./txn-store-node.js', import.meta.url)), mode: modeOf(spec), startTimeoutMs, hasPrimary: false });
  },
  createClient(spec, _target, processId) {
    modeOf(spec);
    return new TxnStoreClient(spec, processId);
  },
};
