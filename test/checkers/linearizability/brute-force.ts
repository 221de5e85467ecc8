/**
 * A brute-force linearizability checker to test the real one against: it tries every order
 * of the operations that respects real time (an operation that returned before another was
 * called comes first); operations with an unknown outcome may also be left out. No caching,
 * no pruning: exponential, for small histories only. An optional one (HistoryEvent.optional)
 * must take effect before its completion: it may go next only while it returned after every
 * call in the order so far. Failed operations are read as the harness
 * reads its own history: only a cas failed with precondition-failed constrains the model.
 */
import type { HistoryEvent } from '../../../harness/event.js';
import type { Model } from '../../../checkers/models/model.js';
import { pairOperations, type ClientOperation } from '../../../checkers/linearizability/operations.js';
import { failedOperationConstrains } from '../../../harness/history/fail-reading.js';

interface Prepared {
  source: ClientOperation;
  input: unknown;
  output: unknown;
}

function linearizablePart(model: Model<unknown>, key: string | undefined, operations: readonly Prepared[]): boolean {
  const done = new Array<boolean>(operations.length).fill(false);
  const mustLinearize = operations.filter((operation) => operation.source.returnIndex !== Infinity).length;
  const search = (state: unknown, finiteDone: number, latestCall: number): boolean => {
    if (finiteDone === mustLinearize) return true;
    for (let i = 0; i < operations.length; i++) {
      if (done[i]) continue;
      const candidate = operations[i]!;
      // An order in which some operation already placed was called after this one's deadline puts it too late.
      if (candidate.source.effectDeadlineIndex < latestCall) continue;
      // Real time: every operation not yet linearized must not have returned before this call.
      const blocked = operations.some((other, j) => !done[j] && j !== i && other.source.returnIndex < candidate.source.callIndex);
      if (blocked) continue;
      const next = model.step(state, candidate.input, candidate.output);
      if (next === undefined) continue;
      done[i] = true;
      const found = search(next, finiteDone + (candidate.source.returnIndex !== Infinity ? 1 : 0), Math.max(latestCall, candidate.source.callIndex));
      done[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(model.init(key), 0, -1);
}

/** true when some order works for every part (the model's partKey splits as the real checker does). */
export function bruteForceLinearizable(events: readonly HistoryEvent[], model: Model<any>): boolean {
  const parts = new Map<string | undefined, Prepared[]>();
  for (const source of pairOperations(events)) {
    // The harness's own reading of fail (harness/history/fail-reading.ts), as the real checker's default.
    if (source.outcome === 'fail' && !failedOperationConstrains('harness', source.f, source.error)) continue;
    const prepared = model.prepare(source);
    if (prepared === undefined) continue;
    const key = model.partitioned ? prepared.partKey : undefined;
    if (!parts.has(key)) parts.set(key, []);
    parts.get(key)!.push({ source, input: prepared.input, output: prepared.output });
  }
  for (const [key, operations] of parts) if (!linearizablePart(model, key, operations)) return false;
  return true;
}
