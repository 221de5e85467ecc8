/**
 * Shrinks a rejected history to a small sub-history that the same checkers still reject: first
 * the shortest failing prefix and suffix (bisect-cuts.ts, a few tests), then by key, by client
 * process and by operation, each pass delta debugging (ddmin.ts).
 *
 * Soundness: a candidate counts only when it is rejected twice: as written (the removed
 * operations gone), and with every removed operation turned into one whose outcome is unknown
 * (on a process of its own): one that completed becomes an optional info at its completion
 * (HistoryEvent.optional: "took effect before this, or never"), one that had no known outcome
 * stays unknown ("at any time after its call, or never"). Rejected even then, the violation does
 * not depend on what the removed operations did: dropping a write whose value a kept read
 * returned is never accepted, because that write may still have taken effect in its own time
 * and explain the read. So the claim a minimal history makes is: these operations cannot be
 * linearized (or applied exactly once, ...) together, whatever the removed ones did, each within
 * its own call. Holding a removed operation to its own call matters: with unknown writes free to
 * take effect at any later time, every old write of a value a stale read returned could explain
 * it, and a stale read in a long register history could not shrink below dozens of operations.
 * Checkers that do not read `optional` (all but linearizability) take these as plain infos,
 * which claims less and is just as sound. A minimal history may keep reads without the writes
 * they saw when the reads alone already contradict each other (2, then 1, then 2 again, each
 * value written once).
 */
import type { HistoryEvent } from '../event.js';
import { isClientEvent } from '../event.js';
import { completionOf, invokeOf, pairHistory } from '../history/pairing.js';
import { shortestFailingPrefix, shortestFailingSuffix } from './bisect-cuts.js';
import { ddmin } from './ddmin.js';

/** One client operation: its invoke and, when it completed, its completion. */
interface Operation {
  position: number;
  invoke: HistoryEvent;
  completion?: HistoryEvent;
  key: string | undefined;
}

export interface ShrinkResult {
  /** The smallest rejected sub-history found, re-indexed 0.. (fault events kept as they were). */
  events: HistoryEvent[];
  operationsBefore: number;
  operationsAfter: number;
  /** Histories judged. */
  tests: number;
  /** True when every pass ran to the end (no single operation of the result can go). */
  minimal: boolean;
  elapsedMs: number;
}

export interface ShrinkOptions {
  /** Give up refining after this long and return the smallest found so far, milliseconds. */
  timeBudgetMs: number;
  now?: () => number;
}

/** The key of a keyed operation (Jepsen's independent [key, value], or {key: ...}); undefined when it has none. */
export function operationKey(event: HistoryEvent): string | undefined {
  const value = event.value;
  if (Array.isArray(value) && value.length === 2 && (typeof value[0] === 'string' || typeof value[0] === 'number')) return String(value[0]);
  if (value !== null && typeof value === 'object' && 'key' in value) {
    const key = (value as { key: unknown }).key;
    if (typeof key === 'string' || typeof key === 'number') return String(key);
  }
  return undefined;
}

/**
 * `rejects(events)` says whether the checkers still reject a history (same checker, same anomaly
 * class); it must be true of `events` itself, else the history is returned as it is.
 */
export function shrinkHistory(events: readonly HistoryEvent[], rejects: (events: readonly HistoryEvent[]) => boolean, options: ShrinkOptions): ShrinkResult {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.timeBudgetMs;
  const operations = clientOperations(events);
  const freshProcessBase = Math.max(0, ...operations.map((op) => Number(op.invoke.process))) + 1;
  let tests = 0;
  // The searches check the deadline before each judgement; so that the last one ends within the
  // budget too, they see the clock ahead by the longest judgement so far.
  let longestJudgementMs = 0;
  const judgementEnd = (): number => now() + longestJudgementMs;
  const judge = (kept: readonly Operation[]): boolean => {
    const startedMs = now();
    const keptSet = new Set(kept);
    tests += 1;
    let rejected = rejects(droppedHistory(events, keptSet));
    if (rejected) {
      tests += 1;
      rejected = rejects(relaxedHistory(events, operations, keptSet, freshProcessBase));
    }
    longestJudgementMs = Math.max(longestJudgementMs, now() - startedMs);
    return rejected;
  };
  const result = (kept: readonly Operation[], minimal: boolean): ShrinkResult => ({
    events: droppedHistory(events, new Set(kept)),
    operationsBefore: operations.length,
    operationsAfter: kept.length,
    tests,
    minimal,
    elapsedMs: now() - started,
  });
  tests += 1;
  // Not rejected as a whole (accepted, or a search past its time limit): nothing was shrunk.
  if (!rejects(events)) return result(operations, false);

  let kept: Operation[] = operations;
  let minimal = true;
  // Cheap cuts first: the stretch of the run the violation sits in (bisect-cuts.ts).
  kept = shortestFailingPrefix(kept, judge, deadline, judgementEnd);
  kept = shortestFailingSuffix(kept, judge, deadline, judgementEnd);
  // Coarse passes first: whole keys, then whole client processes; each keeps what still fails.
  for (const groupOf of [(op: Operation) => op.key, (op: Operation) => String(op.invoke.process)]) {
    const groups = new Map<string | undefined, Operation[]>();
    for (const op of kept) groups.set(groupOf(op), [...(groups.get(groupOf(op)) ?? []), op]);
    if (groups.size < 2) continue;
    const pass = ddmin([...groups.values()], (subset) => judge(subset.flat().sort(byPosition)), deadline, judgementEnd);
    kept = pass.items.flat().sort(byPosition);
    minimal &&= pass.minimal;
  }
  const pass = ddmin(kept, judge, deadline, judgementEnd);
  return result(pass.items, minimal && pass.minimal);
}

function byPosition(a: Operation, b: Operation): number {
  return a.position - b.position;
}

/** Client operations in invocation order (harness/history/pairing.ts); an invoke never completed has no completion. */
function clientOperations(events: readonly HistoryEvent[]): Operation[] {
  const pairing = pairHistory(events);
  const operations = new Array<Operation>(pairing.count);
  for (let position = 0; position < pairing.count; position++) {
    const invoke = invokeOf(events, pairing, position);
    const op: Operation = { position, invoke, key: operationKey(invoke) };
    const completion = completionOf(events, pairing, position);
    if (completion !== undefined) op.completion = completion;
    operations[position] = op;
  }
  return operations;
}

/**
 * Kept operations as they were, the others each on a process of its own with an unknown outcome:
 * an optional info at its completion when it had completed ok or fail, invoke only otherwise.
 */
function relaxedHistory(events: readonly HistoryEvent[], operations: readonly Operation[], kept: ReadonlySet<Operation>, freshProcessBase: number): HistoryEvent[] {
  const removedInvokes = new Map<HistoryEvent, number>();
  const removedCompletions = new Map<HistoryEvent, { process: number; invoke: HistoryEvent }>();
  let fresh = freshProcessBase;
  for (const op of operations) {
    if (kept.has(op)) continue;
    const process = fresh++;
    removedInvokes.set(op.invoke, process);
    if (op.completion !== undefined) removedCompletions.set(op.completion, { process, invoke: op.invoke });
  }
  const out: HistoryEvent[] = [];
  for (const event of events) {
    const removed = removedCompletions.get(event);
    if (removed !== undefined) {
      // A completion already info says nothing of when: the invoke alone says as much.
      if (event.type === 'info') continue;
      const { error: _error, ...completion } = event;
      out.push({ ...completion, index: out.length, process: removed.process, type: 'info', value: removed.invoke.value, optional: true });
      continue;
    }
    const process = removedInvokes.get(event);
    out.push({ ...event, index: out.length, ...(process === undefined ? {} : { process }) });
  }
  return out;
}

/** Kept operations and every non-client event (faults), re-indexed. */
function droppedHistory(events: readonly HistoryEvent[], kept: ReadonlySet<Operation>): HistoryEvent[] {
  const keptEvents = new Set<HistoryEvent>();
  for (const op of kept) {
    keptEvents.add(op.invoke);
    if (op.completion !== undefined) keptEvents.add(op.completion);
  }
  return events.filter((event) => !isClientEvent(event) || keptEvents.has(event)).map((event, index) => ({ ...event, index }));
}
