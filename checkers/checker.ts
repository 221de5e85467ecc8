import type { HistoryEvent } from '../harness/event.js';
import type { TestSpec } from '../harness/spec.js';
import type { CheckerResult } from './result.js';

/** What a checker may read besides the history: records the target kept of itself. */
export interface CheckContext {
  /** The server's own execution log (Target.executionLog), when the target keeps one. */
  executionLog?: unknown[];
  /**
   * The history is part of a run's history (a shrunk one, harness/shrink/): what the run's other
   * records say about operations it does not contain (executions of requests it leaves out, a
   * balance that sums them) is not judged. Set by whoever cut the history, never guessed.
   */
  subHistory?: boolean;
  /**
   * A limit on a searching checker's time (linearizability), ms: past it the checker says
   * unknown. Set by the shrinker, which judges many candidate histories and takes an unknown as
   * not rejected; absent, the checker's own limit.
   */
  searchTimeoutMs?: number;
}

/**
 * A checker is a pure function from the history to a result that explains itself.
 * One that throws is reported as 'unknown' by the run loop, never as valid (Jepsen check-safe).
 */
export interface Checker {
  (spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext): CheckerResult;
  /**
   * Operation names (f) it judges; absent: every client operation (perf). A workload that sends
   * others is refused before the run (64); a run in which none of these completed ok is
   * 'unknown' whatever the checker says (no valid without evidence; harness/run.ts).
   */
  readonly ops?: readonly string[];
}

/** `check` with the operations it judges attached (Checker.ops). */
export function judging(ops: readonly string[], check: Checker): Checker {
  return Object.assign((spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext) => check(spec, history, context), { ops });
}
