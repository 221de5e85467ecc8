/**
 * Which kind of transaction history a file holds, from its micro-ops: Elle's list-append
 * (:append, reads of lists), Elle's rw-register (:r / :w with every value written once per key,
 * which Elle's inference needs) or Knossos' multi-register (:read / :write, or :r / :w writing a
 * value twice to a key: a register that only a linearizability search can check).
 */
import { isClientEvent, type HistoryEvent } from '../event.js';

export type TxnKind = 'list-append' | 'rw-register' | 'multi-register';

/** undefined when the history has no txn micro-ops to tell by. */
export function txnKindOf(events: readonly HistoryEvent[]): TxnKind | undefined {
  let registers = false;
  let knossosNames = false;
  let repeatedWrite = false;
  const written = new Set<string>();
  for (const event of events) {
    if (!isClientEvent(event) || event.f !== 'txn' || !Array.isArray(event.value)) continue;
    for (const micro of event.value as unknown[]) {
      if (!Array.isArray(micro)) continue;
      const [f, key, value] = micro as unknown[];
      if (f === 'append') return 'list-append';
      if (f === 'r' && Array.isArray(value)) return 'list-append';
      if (f === 'read' || f === 'write') knossosNames = true;
      if (f === 'r' || f === 'w') registers = true;
      if (f === 'w' && event.type === 'invoke') {
        const id = JSON.stringify([key, value]);
        if (written.has(id)) repeatedWrite = true;
        written.add(id);
      }
    }
  }
  if (knossosNames || (registers && repeatedWrite)) return 'multi-register';
  return registers ? 'rw-register' : undefined;
}
