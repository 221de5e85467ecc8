/** Targets by name (CLI --target). Each target adds one import and one entry here. */
import { UsageError } from '../harness/exit-codes.js';
import { etcdTargetDefinition } from './etcd/definition.js';
import { noopTargetDefinition } from './noop-target.js';
import { rpcTargetDefinition } from './rpc/definition.js';
import type { TargetDefinition } from './target-definition.js';

export const targets: Readonly<Record<string, TargetDefinition>> = {
  [noopTargetDefinition.name]: noopTargetDefinition,
  [etcdTargetDefinition.name]: etcdTargetDefinition,
  [rpcTargetDefinition.name]: rpcTargetDefinition,
};

export function targetDefinition(name: string): TargetDefinition {
  const definition = targets[name];
  if (definition === undefined) throw new UsageError(`unknown target '${name}' (known: ${Object.keys(targets).sort().join(', ')})`);
  return definition;
}
