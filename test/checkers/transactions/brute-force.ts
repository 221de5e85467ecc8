/**
 * The reference the transactional checker is judged against: a history is serializable when
 * some order of its ok transactions, plus any subset of its info ones, replays every read
 * exactly; strict serializable when that order also respects realtime (a transaction that
 * completed before another was invoked comes first). Exponential: for histories of a few
 * transactions only.
 */
import type { HistoryEvent } from '../../../harness/event.js';

interface BruteTxn {
  ops: [string, string, unknown][];
  outcome: 'ok' | 'info' | 'fail';
  invoke: number;
  complete: number;
}

export function bruteForceSerializable(events: readonly HistoryEvent[], model: 'list-append' | 'rw-register', strict: boolean): boolean {
  const open = new Map<unknown, { value: unknown; at: number }>();
  const txns: BruteTxn[] = [];
  events.forEach((event, at) => {
    if (event.type === 'invoke') {
      open.set(event.process, { value: event.value, at });
      return;
    }
    const invoke = open.get(event.process)!;
    open.delete(event.process);
    const outcome = event.type as BruteTxn['outcome'];
    txns.push({ ops: (outcome === 'ok' ? event.value : invoke.value) as BruteTxn['ops'], outcome, invoke: invoke.at, complete: outcome === 'ok' ? at : Infinity });
  });
  for (const { value, at } of open.values()) txns.push({ ops: value as BruteTxn['ops'], outcome: 'info', invoke: at, complete: Infinity });
  const candidates = txns.filter((txn) => txn.outcome !== 'fail');
  const okCount = candidates.filter((txn) => txn.outcome === 'ok').length;
  const placed = new Array<boolean>(candidates.length).fill(false);
  const apply = (state: Map<string, unknown>, txn: BruteTxn): Map<string, unknown> | undefined => {
    const next = new Map(state);
    for (const [f, key, value] of txn.ops) {
      const current = next.get(key) ?? (model === 'list-append' ? [] : null);
      if (f === 'append') next.set(key, [...(current as unknown[]), value]);
      else if (f === 'w') next.set(key, value);
      else if (txn.outcome === 'ok') {
        const read = model === 'list-append' ? (value ?? []) : value;
        if (JSON.stringify(read) !== JSON.stringify(current)) return undefined;
      }
    }
    return next;
  };
  const search = (state: Map<string, unknown>, okPlaced: number): boolean => {
    if (okPlaced === okCount) return true;
    for (let i = 0; i < candidates.length; i++) {
      if (placed[i]) continue;
      const txn = candidates[i]!;
      if (strict && candidates.some((other, j) => !placed[j] && other.complete < txn.invoke)) continue;
      const next = apply(state, txn);
      if (next === undefined) continue;
      placed[i] = true;
      const found = search(next, okPlaced + (txn.outcome === 'ok' ? 1 : 0));
      placed[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(new Map(), 0);
}
