/**
 * Maelstrom's lin-kv checker: linearizability per key with the cas-register model (a missing
 * key reads as null). A cas refused with key-does-not-exist (20) or precondition-failed (22)
 * saw a value other than `from`, which the model uses; one refused for any other definite
 * reason (e.g. temporarily-unavailable) did nothing and is left out.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { completionOf, pairHistory } from '../../harness/history/pairing.js';
import { checkLinearizability } from '../linearizability/check.js';
import { linearizableTimeoutMs } from '../linearizable.js';
import { keyedCasRegisterModel } from '../models/keyed-cas-register.js';
import type { Checker } from '../../harness/interfaces.js';

const casRefusals = /^(key-does-not-exist|precondition-failed) /;

export const linKvChecker: Checker = (_spec, history, context) => ({
  ...checkLinearizability(withoutInertFailures(history), keyedCasRegisterModel(), { timeoutMs: context.searchTimeoutMs ?? linearizableTimeoutMs }),
  checker: 'lin-kv',
});

function withoutInertFailures(history: readonly HistoryEvent[]): HistoryEvent[] {
  const pairing = pairHistory(history);
  const drop = new Set<number>();
  for (let op = 0; op < pairing.count; op++) {
    const completion = completionOf(history, pairing, op);
    if (completion?.type === 'fail' && completion.f === 'cas' && !casRefusals.test(completion.error ?? '')) {
      drop.add(pairing.invokeAt[op]!);
      drop.add(pairing.completeAt[op]!);
    }
  }
  return history.filter((_event, position) => !drop.has(position)).map((event, index) => ({ ...event, index }));
}
