/**
 * What a Maelstrom workload adds to a plain workload: how a client process turns one operation
 * into RPCs to a node (message shapes of doc/workloads.md) and what it records as completion.
 * The maelstrom target's client (targets/maelstrom/client.ts) does the sending.
 */
import type { Completion, Op, Workload } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import type { Body } from './message-body.js';

/** A reply (`ok`, whatever its type), a definite error (`fail`) or an indefinite one / a timeout (`info`). */
export type CallResult = { type: 'ok'; body: Body } | { type: 'fail' | 'info'; error: string };

export interface NodeCaller {
  /** The node this client talks to. */
  readonly node: string;
  /** One RPC to `node` (default: this client's node); `expect` is the reply type that means success. */
  call(body: Body, expect: string, node?: string): Promise<CallResult>;
}

export type OpRunner = (op: Op, caller: NodeCaller) => Promise<Completion>;

export interface MaelstromWorkload extends Workload {
  /** One per client process (kafka keeps its offsets there). */
  createOpRunner(spec: TestSpec): OpRunner;
  /** A request sent to every node after init_ok (broadcast: topology), answered by `<type>_ok`. */
  afterInit?(spec: TestSpec, node: string): Body | undefined;
}

/** Final reads are addressed to one node each: their invoke value names it. */
export interface FinalReadValue {
  node: string;
}

/** Maelstrom's `each-thread {:f :read, :final? true}`: one final read on every node. */
export function finalReadsOnEveryNode(spec: TestSpec): Op[] {
  return spec.nodes.map((node) => ({ f: 'final-read', value: { node } satisfies FinalReadValue }));
}

export function finalReadNode(op: Op): string | undefined {
  const node = (op.value as Partial<FinalReadValue> | null)?.node;
  return typeof node === 'string' ? node : undefined;
}

/** Turns a CallResult into a completion: ok gets `value(body)`, errors keep the invoke value. */
export function completion(op: Op, result: CallResult, value: (body: Body) => unknown): Completion {
  if (result.type !== 'ok') return { type: result.type, value: op.value, error: result.error };
  return { type: 'ok', value: value(result.body) };
}

/** How long after the heal the final reads wait (Maelstrom waits for recovery too), ms: --recovery seconds. */
export function recoveryMs(spec: TestSpec): number {
  const seconds = spec.targetOptions.recovery;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : 10_000;
}

/** Which client slot a process belongs to (the pool gives slot + k * concurrency). */
export function slotOf(spec: TestSpec, processId: number): number {
  return processId % spec.concurrency;
}
