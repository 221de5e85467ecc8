/**
 * The one pairing of client invocations with their completions, used by every checker, the
 * report, the run's counts and the readers (docs/history-format.md, "invoke, ok, fail, info"):
 * each client process has at most one operation open; a completion (ok / fail / info) closes
 * the open invoke of its process, which must have the same f. An invoke never completed is
 * pending (its outcome unknown, like info). Nemesis and other non-client events are not paired.
 *
 * Parallel typed arrays, no object per operation: the linearizability checker pairs
 * million-operation histories with it, so the pairing itself allocates two Int32Arrays.
 */
import type { HistoryEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';

export interface Pairing {
  /** Client operations, numbered 0.. in order of invocation. */
  readonly count: number;
  /** Per operation: position of its invoke in the history. */
  readonly invokeAt: Int32Array;
  /** Per operation: position of its completion in the history, or -1 when it never completed (pending). */
  readonly completeAt: Int32Array;
}

/** ok: it happened; fail: it surely did not; info: unknown (it may happen at any time after its call, or never). */
export type Outcome = 'ok' | 'fail' | 'info';

/**
 * Pairs the history's client events. Throws BadInputError naming file:line (or the event's
 * position, for a history with no source lines) for a completion without an open invoke, a
 * completion of another f, or a second invoke of a busy process.
 */
export function pairHistory(events: readonly HistoryEvent[], fileName?: string): Pairing {
  let count = 0;
  for (let position = 0; position < events.length; position++) {
    const event = events[position]!;
    if (event.type === 'invoke' && typeof event.process === 'number') count++;
  }
  const invokeAt = new Int32Array(count);
  const completeAt = new Int32Array(count).fill(-1);
  /** Client process -> its open operation. */
  const openByProcess = new Map<number, number>();
  let op = 0;
  for (let position = 0; position < events.length; position++) {
    const event = events[position]!;
    if (typeof event.process !== 'number') continue;
    const open = openByProcess.get(event.process);
    if (event.type === 'invoke') {
      if (open !== undefined) {
        const busy = events[invokeAt[open]!]!;
        throw badPairing(`process ${event.process} invokes ${event.f} while its ${busy.f}${where(busy, invokeAt[open]!)} has not completed (one operation at a time per process)`, fileName, event, position);
      }
      invokeAt[op] = position;
      openByProcess.set(event.process, op++);
      continue;
    }
    if (open === undefined) throw badPairing(`${event.type} ${event.f} of process ${event.process} has no matching invoke`, fileName, event, position);
    const invoke = events[invokeAt[open]!]!;
    if (invoke.f !== event.f) {
      throw badPairing(`${event.type} ${event.f} of process ${event.process} completes an invoke of ${invoke.f}${where(invoke, invokeAt[open]!)}`, fileName, event, position);
    }
    completeAt[open] = position;
    openByProcess.delete(event.process);
  }
  return { count, invokeAt, completeAt };
}

/** The operation's outcome; a pending one (never completed) is info. */
export function outcomeOf(events: readonly HistoryEvent[], pairing: Pairing, op: number): Outcome {
  const completion = pairing.completeAt[op]!;
  return completion < 0 ? 'info' : (events[completion]!.type as Outcome);
}

/** Client operations by outcome. `info` counts info completions only; `pending` the invokes never completed. */
export interface OutcomeCounts {
  operations: number;
  ok: number;
  fail: number;
  info: number;
  pending: number;
}

export function countOutcomes(events: readonly HistoryEvent[], pairing: Pairing = pairHistory(events)): OutcomeCounts {
  const counts: OutcomeCounts = { operations: pairing.count, ok: 0, fail: 0, info: 0, pending: 0 };
  for (let op = 0; op < pairing.count; op++) {
    const completion = pairing.completeAt[op]!;
    if (completion < 0) counts.pending++;
    else counts[events[completion]!.type as Outcome]++;
  }
  return counts;
}

function badPairing(message: string, fileName: string | undefined, event: HistoryEvent, position: number): BadInputError {
  // Without a file the line says where, without a source line (an in-memory history) the position.
  if (fileName !== undefined && event.line !== undefined) return new BadInputError(message, fileName, event.line);
  return new BadInputError(`${event.line === undefined ? `event ${position}` : `line ${event.line}`}: ${message}`, fileName);
}

function where(event: HistoryEvent, position: number): string {
  return event.line === undefined ? ` (event ${position})` : ` (line ${event.line})`;
}
