/** Test helper: histories of transactions written compactly, one [process, completion value or 'fail'/'info'] per txn. */
import type { HistoryEvent } from '../../../harness/event.js';

export type Micro = [string, string | number, unknown];
export interface TxnSpec {
  process: number;
  ops: Micro[];
  outcome?: 'ok' | 'fail' | 'info';
}

/** Each txn invoked and completed before the next starts (a serial-looking history), unless `concurrent`. */
export function txnEvents(specs: readonly TxnSpec[], concurrent = false): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const push = (event: Omit<HistoryEvent, 'index' | 'timeNs'>): void => {
    events.push({ index: events.length, timeNs: events.length, line: events.length + 1, ...event });
  };
  const invoke = (spec: TxnSpec): void => push({ process: spec.process, type: 'invoke', f: 'txn', value: spec.ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]) });
  const complete = (spec: TxnSpec): void => {
    const outcome = spec.outcome ?? 'ok';
    if (outcome === 'info' && concurrent) return;
    push({ process: spec.process, type: outcome, f: 'txn', value: outcome === 'ok' ? spec.ops : spec.ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]) });
  };
  if (concurrent) {
    specs.forEach(invoke);
    specs.forEach(complete);
  } else {
    for (const spec of specs) {
      invoke(spec);
      complete(spec);
    }
  }
  return events;
}
