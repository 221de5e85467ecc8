/**
 * Maelstrom's lin-kv checker: linearizability per key with the cas-register model (a missing
 * key reads as null). A cas refused with key-does-not-exist (20) or precondition-failed (22)
 * saw a value other than `from`, which the model uses; one refused for any other definite
 * reason (e.g. temporarily-unavailable) did nothing and is left out.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { checkLinearizability } from '../linearizability/check.js';
import { linearizableTimeoutMs } from '../linearizable.js';
import { keyedCasRegisterModel } from '../models/keyed-cas-register.js';
import type { Checker } from '../checker.js';

const casRefusals = /^(key-does-not-exist|precondition-failed) /;

export const linKvChecker: Checker = (_spec, history) => ({
  ...checkLinearizability(withoutInertFailures(history), keyedCasRegisterModel(), { timeoutMs: linearizableTimeoutMs }),
  checker: 'lin-kv',
});

function withoutInertFailures(history: readonly HistoryEvent[]): HistoryEvent[] {
  const drop = new Set<number>();
  const openInvoke = new Map<number | string, number>();
  for (const event of history) {
    if (event.type === 'invoke') {
      openInvoke.set(event.process, event.index);
      continue;
    }
    const invoke = openInvoke.get(event.process);
    openInvoke.delete(event.process);
    if (event.type === 'fail' && event.f === 'cas' && !casRefusals.test(event.error ?? '') && invoke !== undefined) {
      drop.add(invoke);
      drop.add(event.index);
    }
  }
  return history.filter((event) => !drop.has(event.index)).map((event, index) => ({ ...event, index }));
}
