/** Builds ClientOperations for model unit tests. */
import type { ClientOperation, Outcome } from '../../../checkers/linearizability/operations.js';

export function operation(f: string, invokeValue: unknown, outcome: Outcome, completionValue?: unknown): ClientOperation {
  return {
    id: 0,
    process: 0,
    f,
    invokeValue,
    outcome,
    completionValue,
    callIndex: 0,
    returnIndex: outcome === 'info' ? Infinity : 1,
    callTimeNs: 0,
    returnTimeNs: outcome === 'info' ? Infinity : 1,
    effectDeadlineIndex: Infinity,
    callLine: 7,
  };
}
