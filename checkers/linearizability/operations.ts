/**
 * A history's client operations as the linearizability checker and its models see them
 * (Porcupine's Operation, with Jepsen's outcomes), built on the one pairing of invokes with
 * their completions.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { pairHistory, type Outcome } from '../../harness/history/pairing.js';

export type { Outcome } from '../../harness/history/pairing.js';

export interface ClientOperation {
  /** 0-based, in order of invocation. */
  id: number;
  process: number;
  f: string;
  /** The invoke's value (the operation's argument). */
  invokeValue: unknown;
  outcome: Outcome;
  /** The completion's value; undefined when there is no completion. */
  completionValue: unknown;
  error?: string | undefined;
  /** Position of the invoke in the history (the history's order is real time). */
  callIndex: number;
  /** Position of the completion; +Infinity when the outcome is unknown (info or never completed). */
  returnIndex: number;
  callTimeNs: number;
  /** +Infinity when the outcome is unknown. */
  returnTimeNs: number;
  /**
   * For an unknown outcome: the position by which the operation took effect if it did at all:
   * its info completion's when that is marked optional (HistoryEvent.optional), else +Infinity.
   */
  effectDeadlineIndex: number;
  callLine?: number | undefined;
  returnLine?: number | undefined;
}

/**
 * The history's client operations, in order of invocation, from the one pairing
 * (harness/history/pairing.ts). An invoke with no completion by the end is treated like info.
 * Throws BadInputError for a completion without an invoke, or a second invoke of a busy process.
 */
export function pairOperations(events: readonly HistoryEvent[]): ClientOperation[] {
  const { count, invokeAt, completeAt } = pairHistory(events);
  const operations = new Array<ClientOperation>(count);
  for (let id = 0; id < count; id++) {
    const callIndex = invokeAt[id]!;
    const returnPosition = completeAt[id]!;
    const invoke = events[callIndex]!;
    const completion = returnPosition < 0 ? undefined : events[returnPosition]!;
    const outcome: Outcome = completion === undefined ? 'info' : (completion.type as Outcome);
    const known = completion !== undefined && outcome !== 'info';
    operations[id] = {
      id,
      process: invoke.process as number,
      f: invoke.f,
      invokeValue: invoke.value,
      outcome,
      completionValue: completion?.value,
      // Every field set, in the same order, for every operation: one object shape keeps property access fast.
      error: completion?.error,
      callIndex,
      returnIndex: known ? returnPosition : Infinity,
      callTimeNs: invoke.timeNs,
      returnTimeNs: known ? completion.timeNs : Infinity,
      effectDeadlineIndex: completion?.optional === true && outcome === 'info' ? returnPosition : Infinity,
      callLine: invoke.line,
      returnLine: completion?.line,
    };
  }
  return operations;
}
