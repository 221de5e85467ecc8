/** Builds the TargetDefinition of a replicated kv target (primary-backup, chain, quorum). */
import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import type { TargetDefinition } from '../../harness/interfaces.js';
import { ClusterTarget } from './cluster-target.js';
import { ReplicatedKvClient, type Routing } from './kv-client.js';
import { kvOpNames, type KvOpName } from './kv-op.js';

export interface ReplicatedTargetDescription {
  name: string;
  description: string;
  /** Compiled node program. */
  program: string;
  /** 'correct' first, then the bugs, each with what it does wrong. */
  modes: Record<string, string>;
  routing: Routing;
  /** Modes whose clients read from their own node (chain's read-from-any). */
  readFromAnyModes?: string[];
  /** Operations its nodes serve (TargetDefinition.ops); default: every one of kv-op.ts. */
  ops?: readonly KvOpName[];
}

const startTimeoutMs = 10_000;

export function targetMode(spec: TestSpec, description: ReplicatedTargetDescription): string {
  const mode = spec.targetOptions.mode ?? 'correct';
  if (typeof mode !== 'string' || !(mode in description.modes)) {
    throw new UsageError(`${description.name} target: --mode must be one of ${Object.keys(description.modes).join(', ')}, got ${JSON.stringify(mode)}`);
  }
  return mode;
}

export function replicatedTargetDefinition(description: ReplicatedTargetDescription): TargetDefinition {
  return {
    name: description.name,
    description: description.description,
    defaultNodes: ['n1', 'n2', 'n3'],
    workloads: ['register', 'kv'],
    ops: description.ops ?? kvOpNames,
    options: {
      mode: {
        description: Object.entries(description.modes).map(([mode, what]) => `${mode}: ${what}`).join('; '),
        values: Object.keys(description.modes),
        default: 'correct',
      },
    },
    transport: 'udp',
    // A quorum store's nodes all coordinate: no primary for the faults aimed at one.
    ...(description.routing === 'coordinator' ? { lacks: ['primary'] as const } : {}),
    createTarget(spec) {
      if (spec.nodes.length < 2) throw new UsageError(`${description.name} target: needs at least 2 nodes, got ${spec.nodes.join(',')}`);
      return new ClusterTarget({
        program: description.program,
        mode: targetMode(spec, description),
        startTimeoutMs,
        hasPrimary: description.routing !== 'coordinator',
      });
    },
    createClient(spec, _target, processId) {
      const mode = targetMode(spec, description);
      return new ReplicatedKvClient(spec, processId, {
        routing: description.routing,
        readFromAny: description.readFromAnyModes?.includes(mode) ?? false,
        opTimeoutMs: spec.opTimeoutMs,
      });
    },
  };
}
