/**
 * Random small transactional histories for the property tests: a few processes run
 * transactions of 1-3 micro-ops over two keys against a store that applies each at one moment
 * between its invoke and completion, except that a read may be corrupted (stale, or showing a
 * failed write) and a failed or info transaction may or may not take effect. With finalReads,
 * one more transaction reads every key after everything else has completed.
 */
import fc from 'fast-check';
import type { HistoryEvent } from '../../../harness/event.js';

export interface TxnPlan {
  process: number;
  ops: { read: boolean; key: string }[];
  outcome: 'ok' | 'fail' | 'info';
  /** Whether a fail / info transaction takes effect (a fail that does is a buggy store). */
  applies: boolean;
  /** Per read: 0 faithful, else how it is corrupted. */
  corruptions: number[];
  /** Applied when it completes (true) or when it is invoked (false). */
  late: boolean;
}

const keys = ['x', 'y'];

export const txnPlan = fc.record({
  process: fc.integer({ min: 0, max: 2 }),
  ops: fc.array(fc.record({ read: fc.boolean(), key: fc.constantFrom(...keys) }), { minLength: 1, maxLength: 3 }),
  outcome: fc.constantFrom<TxnPlan['outcome']>('ok', 'ok', 'ok', 'fail', 'info'),
  applies: fc.boolean(),
  corruptions: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: 3, maxLength: 3 }),
  late: fc.boolean(),
});

export const historyPlan = fc.record({
  txns: fc.array(txnPlan, { minLength: 1, maxLength: 5 }),
  /** Which process moves next, as a stream of choices. */
  schedule: fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
  finalCorruption: fc.constantFrom(0, 0, 0, 1),
});

export type HistoryPlan = typeof historyPlan extends fc.Arbitrary<infer T> ? T : never;

export function planToHistory(plan: HistoryPlan, model: 'list-append' | 'rw-register', finalReads: boolean): HistoryEvent[] {
  const state = new Map<string, unknown>();
  const history = new Map<string, unknown[]>(); // every state a key had, for stale reads
  const current = (key: string): unknown => state.get(key) ?? (model === 'list-append' ? [] : null);
  let nextValue = 1;
  const events: HistoryEvent[] = [];
  const emit = (process: number, type: HistoryEvent['type'], value: unknown): void => {
    events.push({ index: events.length, timeNs: events.length, process, type, f: 'txn', value, line: events.length + 1 });
  };
  interface Running {
    plan: TxnPlan;
    ops: [string, string, unknown][];
    applied: boolean;
  }
  const execute = (running: Running): void => {
    running.applied = true;
    const { plan } = running;
    const takesEffect = plan.outcome === 'ok' || plan.applies;
    const local = new Map<string, unknown>();
    let readIndex = 0;
    running.ops = running.ops.map(([f, key, value]) => {
      const seen = local.has(key) ? local.get(key) : current(key);
      if (f === 'r') {
        const corruption = plan.corruptions[readIndex++ % plan.corruptions.length]!;
        const past = history.get(key) ?? [];
        if (corruption === 1 && past.length > 0) return [f, key, past[Math.floor(past.length / 2)]];
        if (corruption === 2 && past.length > 0) return [f, key, past[0]];
        return [f, key, seen];
      }
      const next = model === 'list-append' ? [...(seen as unknown[]), value] : value;
      local.set(key, next);
      return [f, key, value];
    });
    if (!takesEffect) return;
    for (const [key, value] of local) {
      state.set(key, value);
      history.set(key, [...(history.get(key) ?? [model === 'list-append' ? [] : null]), value]);
    }
  };
  const queues = new Map<number, TxnPlan[]>();
  for (const txn of plan.txns) queues.set(txn.process, [...(queues.get(txn.process) ?? []), txn]);
  const running = new Map<number, Running>();
  let step = 0;
  const processes = [...queues.keys()];
  while (processes.some((p) => (queues.get(p)?.length ?? 0) > 0 || running.has(p))) {
    const live = processes.filter((p) => (queues.get(p)?.length ?? 0) > 0 || running.has(p));
    const p = live[(plan.schedule[step++ % plan.schedule.length] ?? 0) % live.length]!;
    const open = running.get(p);
    if (open === undefined) {
      const txn = queues.get(p)!.shift()!;
      const ops: [string, string, unknown][] = txn.ops.map(({ read, key }) => (read ? ['r', key, null] : [model === 'list-append' ? 'append' : 'w', key, nextValue++]));
      emit(p, 'invoke', ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]));
      const entry: Running = { plan: txn, ops, applied: false };
      if (!txn.late) execute(entry);
      running.set(p, entry);
    } else {
      if (!open.applied) execute(open);
      running.delete(p);
      const invoked = open.ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]);
      emit(p, open.plan.outcome, open.plan.outcome === 'ok' ? open.ops : invoked);
    }
  }
  if (finalReads) {
    const reads = keys.map((key) => {
      const past = history.get(key) ?? [];
      const value = plan.finalCorruption === 1 && past.length > 1 ? past[past.length - 2] : current(key);
      return ['r', key, value];
    });
    emit(9, 'invoke', keys.map((key) => ['r', key, null]));
    emit(9, 'ok', reads);
  }
  return events;
}
