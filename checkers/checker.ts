import type { HistoryEvent } from '../harness/event.js';
import type { TestSpec } from '../harness/spec.js';
import type { CheckerResult } from './result.js';

/** What a checker may read besides the history: records the target kept of itself. */
export interface CheckContext {
  /** The server's own execution log (Target.executionLog), when the target keeps one. */
  executionLog?: unknown[];
}

/**
 * A checker is a pure function from the history to a result that explains itself.
 * One that throws is reported as 'unknown' by the run loop, never as valid (Jepsen check-safe).
 */
export type Checker = (spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext) => CheckerResult;
