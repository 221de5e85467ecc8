/**
 * Maelstrom's `broadcast`: `topology` to every node after init, then a mix of
 * `broadcast {message}` (unique integers) and `read` -> `read_ok {messages}`; after the heal
 * and a recovery wait, one final read on every node. Checked with set-full.
 */
import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import { topology, topologyNames, type TopologyName } from './topology.js';
import { completion, finalReadNode, finalReadsOnEveryNode, recoveryMs, slotOf, type MaelstromWorkload } from './maelstrom-workload.js';

export function topologyOption(spec: TestSpec): TopologyName {
  const name = spec.targetOptions.topology ?? 'grid';
  if (!topologyNames.includes(name as TopologyName)) throw new UsageError(`--topology must be one of ${topologyNames.join(', ')}, got ${JSON.stringify(name)}`);
  return name as TopologyName;
}

export const broadcastWorkload: MaelstromWorkload = {
  name: 'broadcast',
  description: 'Maelstrom broadcast: every acknowledged message is read by every node after the heal (set-full: lost, stale, never-read, latency)',
  ops: ['broadcast', 'read', 'final-read'],
  checkers: ['set-full', 'maelstrom-protocol'],
  // Unique and small: slot k's n-th operation broadcasts n * concurrency + k.
  nextOp: (spec, rng, processId, opIndex) => (rng() < 0.5 ? { f: 'broadcast', value: opIndex * spec.concurrency + slotOf(spec, processId) } : { f: 'read', value: null }),
  finalOps: finalReadsOnEveryNode,
  finalOpsDelayMs: recoveryMs,
  afterInit: (spec, node) => ({ type: 'topology', topology: topology(topologyOption(spec), spec.nodes) }),
  createOpRunner: () => async (op, caller) => {
    if (op.f === 'broadcast') return completion(op, await caller.call({ type: 'broadcast', message: op.value }, 'broadcast_ok'), () => op.value);
    return completion(op, await caller.call({ type: 'read' }, 'read_ok', finalReadNode(op)), (body) => body.messages);
  },
};
