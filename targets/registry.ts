/** Targets by name (CLI --target). Each target adds one import and one entry here. */
import { UsageError } from '../harness/exit-codes.js';
import { commandTargetDefinition } from './command/definition.js';
import { etcdTargetDefinition } from './etcd/definition.js';
import { maelstromTargetDefinition } from './maelstrom/definition.js';
import { noopTargetDefinition } from './noop-target.js';
import { chainTargetDefinition } from './chain/definition.js';
import { primaryBackupTargetDefinition } from './primary-backup/definition.js';
import { quorumTargetDefinition } from './quorum/definition.js';
import { redisTargetDefinition } from './redis/definition.js';
import { rpcTargetDefinition } from './rpc/definition.js';
import { txnStoreTargetDefinition } from './txn-store/definition.js';
import type { TargetDefinition } from '../harness/interfaces.js';

export const targets: Readonly<Record<string, TargetDefinition>> = {
  [noopTargetDefinition.name]: noopTargetDefinition,
  [etcdTargetDefinition.name]: etcdTargetDefinition,
  [redisTargetDefinition.name]: redisTargetDefinition,
  [rpcTargetDefinition.name]: rpcTargetDefinition,
  [primaryBackupTargetDefinition.name]: primaryBackupTargetDefinition,
  [chainTargetDefinition.name]: chainTargetDefinition,
  [quorumTargetDefinition.name]: quorumTargetDefinition,
  [maelstromTargetDefinition.name]: maelstromTargetDefinition,
  [commandTargetDefinition.name]: commandTargetDefinition,
  [txnStoreTargetDefinition.name]: txnStoreTargetDefinition,
};

export function targetDefinition(name: string): TargetDefinition {
  const definition = targets[name];
  if (definition === undefined) throw new UsageError(`unknown target '${name}' (known: ${Object.keys(targets).sort().join(', ')})`);
  return definition;
}
