/**
 * Pairs a history's client invokes with their completions: the operations the
 * linearizability checker works on (Porcupine's Operation, with Jepsen's outcomes).
 */
import type { HistoryEvent } from '../../harness/event.js';
import { BadInputError } from '../../harness/exit-codes.js';

/** ok: it happened; fail: it surely did not; info: unknown (it may happen at any time after its call, or never). */
export type Outcome = 'ok' | 'fail' | 'info';

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
  callLine?: number | undefined;
  returnLine?: number | undefined;
}

function where(event: HistoryEvent): string {
  return event.line === undefined ? `event ${event.index}` : `line ${event.line}`;
}

/**
 * Pairs each client invoke with the next completion of the same process. An invoke with no
 * completion by the end is treated like info. Non-client events (nemesis) are skipped.
 * Throws BadInputError for a completion without an invoke, or a second invoke of a busy process.
 */
export function pairOperations(events: readonly HistoryEvent[]): ClientOperation[] {
  const operations: ClientOperation[] = [];
  const pendingByProcess = new Map<number, ClientOperation>();
  for (let position = 0; position < events.length; position++) {
    const event = events[position]!;
    if (typeof event.process !== 'number') continue;
    if (event.type === 'invoke') {
      const busy = pendingByProcess.get(event.process);
      if (busy !== undefined) {
        throw new BadInputError(
          `${where(event)}: process ${event.process} invokes ${event.f} while its ${busy.f} (line ${busy.callLine ?? '?'}) has not completed`,
        );
      }
      const operation: ClientOperation = {
        id: operations.length,
        process: event.process,
        f: event.f,
        invokeValue: event.value,
        outcome: 'info',
        completionValue: undefined,
        callIndex: position,
        returnIndex: Infinity,
        callTimeNs: event.timeNs,
        returnTimeNs: Infinity,
        // Every field set up front: one object shape for all operations keeps property access fast.
        error: undefined,
        callLine: event.line,
        returnLine: undefined,
      };
      operations.push(operation);
      pendingByProcess.set(event.process, operation);
      continue;
    }
    const operation = pendingByProcess.get(event.process);
    if (operation === undefined) {
      throw new BadInputError(`${where(event)}: process ${event.process} completes ${event.f} (${event.type}) without a pending invoke`);
    }
    if (operation.f !== event.f) {
      throw new BadInputError(`${where(event)}: process ${event.process} completes ${event.f} but invoked ${operation.f}`);
    }
    pendingByProcess.delete(event.process);
    operation.outcome = event.type;
    operation.completionValue = event.value;
    operation.error = event.error;
    operation.returnLine = event.line;
    if (event.type !== 'info') {
      operation.returnIndex = position;
      operation.returnTimeNs = event.timeNs;
    }
  }
  return operations;
}
