import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import type { TargetDefinition } from '../../harness/interfaces.js';
import { LedgerClient } from './ledger-client.js';
import { isSemantics, semanticsNames, type Semantics } from './protocol.js';
import { RpcTarget } from './rpc-target.js';

const defaults = { semantics: 'exactly-once' as Semantics, processingMs: 10, retryIntervalMs: 50, startTimeoutMs: 10_000 };

function numberOption(spec: TestSpec, name: string, fallback: number, min: number): number {
  const value = spec.targetOptions[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new UsageError(`rpc target: --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a number >= ${min}, got ${JSON.stringify(value)}`);
  return value;
}

export function rpcSemantics(spec: TestSpec): Semantics {
  const value = spec.targetOptions.semantics ?? defaults.semantics;
  if (!isSemantics(value)) throw new UsageError(`rpc target: --semantics must be one of ${semanticsNames.join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

/** The RPC ledger service of issue 3: one server process, four call semantics. */
export const rpcTargetDefinition: TargetDefinition = {
  name: 'rpc',
  description: 'bank/ledger RPC server over UDP with maybe / at-least-once / at-most-once / exactly-once call semantics',
  defaultNodes: ['n1'],
  workloads: ['ledger'],
  ops: ['deposit', 'withdraw', 'transfer', 'read'],
  options: {
    semantics: { description: 'call semantics', values: [...semanticsNames], default: defaults.semantics },
    processingMs: { description: 'simulated server time per call, ms', default: defaults.processingMs },
    retryIntervalMs: { description: 'client resends an unanswered request this often, ms (not for maybe)', default: defaults.retryIntervalMs },
  },
  transport: 'udp',
  // The local proxies draw message loss from the seed, so a replay loses the same messages.
  defaultRuntime: 'local',
  createTarget(spec: TestSpec) {
    if (spec.nodes.length !== 1) throw new UsageError(`rpc target: runs exactly one server node, got nodes ${spec.nodes.join(',')}`);
    return new RpcTarget({
      semantics: rpcSemantics(spec),
      processingMs: numberOption(spec, 'processingMs', defaults.processingMs, 0),
      startTimeoutMs: defaults.startTimeoutMs,
    });
  },
  createClient(spec: TestSpec, _target, processId: number) {
    return new LedgerClient(
      { semantics: rpcSemantics(spec), opTimeoutMs: spec.opTimeoutMs, retryIntervalMs: numberOption(spec, 'retryIntervalMs', defaults.retryIntervalMs, 1) },
      processId,
    );
  },
};
