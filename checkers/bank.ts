/**
 * Jepsen's bank checker: transfers conserve money, so every balance read (the ok reads of the
 * bank workload, each of every account) must add up to the initial total, whatever serial order
 * of the transfers it came after; a total any other sum is a read no serial order explains
 * (a transfer seen half, or lost). And since transfers that would overdraw are refused
 * (workloads/bank.ts), no read may show a negative balance. A read missing an account, or
 * naming one that does not exist, is wrong too.
 */
import type { HistoryEvent } from '../harness/event.js';
import type { CheckerResult } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';
import { bankAccounts, bankTotal } from '../workloads/bank.js';

export interface BankProblem {
  /** History index of the read's completion. */
  index: number;
  process: HistoryEvent['process'];
  kind: 'wrong-total' | 'negative-balance' | 'wrong-accounts';
  balances: unknown;
  explanation: string;
}

/** Problems reported in full; all are counted. */
const problemsShownMax = 8;

export function bankChecker(_spec: TestSpec, history: readonly HistoryEvent[]): CheckerResult {
  const problems: BankProblem[] = [];
  const counts: Record<BankProblem['kind'], number> = { 'wrong-total': 0, 'negative-balance': 0, 'wrong-accounts': 0 };
  let reads = 0;
  for (const event of history) {
    if (event.type !== 'ok' || event.f !== 'read' || typeof event.process !== 'number') continue;
    reads++;
    for (const problem of problemsOf(event)) {
      counts[problem.kind]++;
      if (problems.length < problemsShownMax) problems.push(problem);
    }
  }
  const bad = Object.entries(counts).filter(([, n]) => n > 0);
  return {
    checker: 'bank',
    valid: bad.length === 0,
    summary:
      bad.length === 0
        ? `${reads} reads, each of total ${bankTotal} and no negative balance`
        : `${bad.map(([kind, n]) => `${n} read(s) with ${kind}`).join(', ')} of ${reads} reads; first: ${problems[0]!.explanation}`,
    reads,
    expectedTotal: bankTotal,
    problemCounts: counts,
    problems,
  };
}

function problemsOf(event: HistoryEvent): BankProblem[] {
  const base = { index: event.index, process: event.process, balances: event.value };
  const value = event.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ ...base, kind: 'wrong-accounts', explanation: `read at index ${event.index} returned ${JSON.stringify(value)}, not a balance per account` }];
  }
  const balances = value as Record<string, unknown>;
  const names = Object.keys(balances).sort();
  const expected = bankAccounts.map(String).sort();
  if (names.length !== expected.length || names.some((name, i) => name !== expected[i]) || Object.values(balances).some((b) => typeof b !== 'number')) {
    return [{ ...base, kind: 'wrong-accounts', explanation: `read at index ${event.index} returned ${JSON.stringify(value)}, not a number for each of accounts ${expected.join(', ')}` }];
  }
  const found: BankProblem[] = [];
  const total = Object.values(balances).reduce<number>((sum, b) => sum + (b as number), 0);
  if (total !== bankTotal) {
    found.push({ ...base, kind: 'wrong-total', explanation: `read at index ${event.index} (process ${event.process}) saw ${JSON.stringify(value)}, total ${total}, but transfers conserve ${bankTotal}: no serial order of the transfers explains it` });
  }
  const negative = names.filter((name) => (balances[name] as number) < 0);
  if (negative.length > 0) {
    found.push({ ...base, kind: 'negative-balance', explanation: `read at index ${event.index} (process ${event.process}) saw negative balance(s) ${negative.map((n) => `${n}: ${String(balances[n])}`).join(', ')}, but a transfer that overdraws is refused` });
  }
  return found;
}
