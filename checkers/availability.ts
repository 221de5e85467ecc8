/**
 * Maelstrom's availability checker (--availability): the share of client operations that
 * completed ok, held to what the test asked for: 'total' means every one, a number in [0, 1]
 * the least share. As Maelstrom counts it: ok completions over invocations, final reads
 * included; an operation that failed or timed out counts against it, whatever the fault.
 * Without --availability no run asks, and the checker is not in the run's list.
 */
import type { HistoryEvent } from '../harness/event.js';
import type { TestSpec } from '../harness/spec.js';
import { outcomeOf, pairHistory } from '../harness/history/pairing.js';
import type { Checker, CheckerResult } from '../harness/interfaces.js';

export const availabilityCheckerName = 'availability';

export const availabilityChecker: Checker = (spec: TestSpec, history: readonly HistoryEvent[]): CheckerResult => {
  const pairing = pairHistory(history);
  const counts = { ok: 0, fail: 0, info: 0 };
  for (let op = 0; op < pairing.count; op++) counts[outcomeOf(history, pairing, op)]++;
  const invoked = pairing.count;
  const okFraction = invoked === 0 ? 1 : counts.ok / invoked;
  const asked = spec.availability;
  const base = { checker: availabilityCheckerName, availability: asked ?? null, invoked, ...counts, okFraction };
  const share = `${counts.ok} of ${invoked} operations ok (${(okFraction * 100).toFixed(2)}%; ${counts.fail} failed, ${counts.info} unknown)`;
  if (asked === undefined) return { ...base, valid: true, summary: `${share}; no --availability asked` };
  const needed = asked === 'total' ? 1 : asked;
  const valid = asked === 'total' ? counts.ok === invoked : okFraction >= needed;
  const wanted = asked === 'total' ? 'every operation (--availability total)' : `at least ${(needed * 100).toFixed(2)}% (--availability ${asked})`;
  return { ...base, valid, summary: `${share}; asked: ${wanted}${valid ? '' : ': not met'}` };
};
