import type { Op } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/**
 * A workload: what the clients do. The generator is pure and seeded: given the same seed it
 * yields the same sequence of operations (Jepsen's generators are values).
 */
export interface Workload {
  name: string;
  description: string;
  /**
   * Operation names (f) it may send. Before a run (harness/op-compatibility.ts) the target's
   * clients must serve each of them but `optionalOps`, and every checker that names the
   * operations it judges must judge them all: a mismatch is a usage error (64), never a run of
   * info operations or a bogus verdict.
   */
  ops: readonly string[];
  /** Of `ops`, those it does without where the target's clients do not serve them (nextOp's `served`). */
  optionalOps?: readonly string[];
  /**
   * Next operation for a client; `rng` is a seeded generator owned by the run loop (pure-rand).
   * `served`: the operations the target's clients serve (TargetDefinition.ops); absent: all of `ops`.
   */
  nextOp(spec: TestSpec, rng: () => number, processId: number, opIndex: number, served?: ReadonlySet<string>): Op;
  /** Operations run once, after faults are healed and in-flight requests settled (final reads). */
  finalOps?(spec: TestSpec): Op[];
  /** How long after the heal the final operations wait, ms (time for the system to recover: Maelstrom waits too). */
  finalOpsDelayMs?(spec: TestSpec): number;
  /** Checker names this workload is checked with by default. */
  checkers: string[];
}
