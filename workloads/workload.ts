import type { Op } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

/**
 * A workload: what the clients do. The generator is pure and seeded: given the same seed it
 * yields the same sequence of operations (Jepsen's generators are values).
 */
export interface Workload {
  name: string;
  description: string;
  /** Next operation for a client; `rng` is a seeded generator owned by the run loop (pure-rand). */
  nextOp(spec: TestSpec, rng: () => number, processId: number, opIndex: number): Op;
  /** Operations run once, after faults are healed and in-flight requests settled (final reads). */
  finalOps?(spec: TestSpec): Op[];
  /** How long after the heal the final operations wait, ms (time for the system to recover: Maelstrom waits too). */
  finalOpsDelayMs?(spec: TestSpec): number;
  /** Checker names this workload is checked with by default. */
  checkers: string[];
}
