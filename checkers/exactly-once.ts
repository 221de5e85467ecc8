/**
 * The exactly-once checker (issue 3). Pure: from the client history, the final read
 * (balances + applied request ids) and the server's execution log when there is one.
 *
 * Every `ok` request must be applied exactly once, every `fail` zero times, every `info`
 * (or unanswered invoke) at most once. Anomalies:
 * - duplicated: applied (or executed with effect) more than once;
 * - lost: ok, but not in the final read (or, without a read, never executed);
 * - phantom: reported failed, but applied;
 * - unexpected: applied, but no client ever invoked it;
 * - balance mismatch: final balances differ from the sum of the applied operations
 *   (every account starts at 0).
 */
import type { HistoryEvent } from '../harness/event.js';
import { completionOf, invokeOf, outcomeOf, pairHistory } from '../harness/history/pairing.js';
import type { TestSpec } from '../harness/spec.js';
import type { CheckContext, Checker, CheckerResult, Validity } from '../harness/interfaces.js';

export const ledgerWriteFs = ['deposit', 'withdraw', 'transfer'] as const;

export type AnomalyKind = 'duplicated' | 'lost' | 'phantom' | 'unexpected';

/** What the checker needs of one server execution (ExecutionRecord of targets/rpc). */
export interface Execution {
  id: string;
  result: { ok: boolean; error?: string };
  op?: { f: string; account?: string; from?: string; to?: string; amount?: number };
  [more: string]: unknown;
}

export interface Anomaly {
  kind: AnomalyKind;
  id: string;
  /** How the client saw it: ok / fail / info (unanswered counts as info); undefined if never invoked. */
  type?: 'ok' | 'fail' | 'info';
  /** Times it appears in the final read's applied list (undefined without a final read). */
  appliedInFinalRead?: number;
  /** Executions with effect in the server's log (undefined without a log). */
  executedWithEffect?: number;
  /** The client's invoke and completion events. */
  operations: HistoryEvent[];
  /** The server's executions of this request (with or without effect). */
  executions: Execution[];
}

export interface ExactlyOnceResult extends CheckerResult {
  counts: {
    requests: number;
    ok: number;
    fail: number;
    info: number;
    appliedInFinalRead: number | null;
    executions: number | null;
    duplicated: number;
    lost: number;
    phantom: number;
    unexpected: number;
    balanceMismatches: number;
  };
  hasFinalRead: boolean;
  hasExecutionLog: boolean;
  /** Offending requests, at most `anomalyListMax` of each kind. */
  anomalies: Anomaly[];
  balances: { expected: Record<string, number>; actual: Record<string, number>; mismatched: string[] } | null;
}

/** Keeps results.json readable on a badly broken run; counts are always complete. */
export const anomalyListMax = 100;

interface Request {
  id: string;
  f: string;
  value: Record<string, unknown>;
  type: 'ok' | 'fail' | 'info';
  operations: HistoryEvent[];
}

/** Adds (times x) an operation's effect to the balances; false if the op is not a ledger op. */
function addEffect(balances: Map<string, number>, f: string, value: Record<string, unknown> | undefined, times: number): boolean {
  if (value === undefined || typeof value.amount !== 'number') return false;
  const amount = value.amount;
  const add = (account: unknown, delta: number) => {
    if (typeof account !== 'string') return false;
    balances.set(account, (balances.get(account) ?? 0) + delta * times);
    return true;
  };
  if (f === 'deposit') return add(value.account, amount);
  if (f === 'withdraw') return add(value.account, -amount);
  if (f === 'transfer') return add(value.from, -amount) && add(value.to, amount);
  return false;
}

/** Indexes the ledger writes (paired by harness/history/pairing.ts) by request id; the final read is the last ok read. */
function requestsOf(history: readonly HistoryEvent[]): { requests: Map<string, Request>; finalRead: HistoryEvent | undefined } {
  const pairing = pairHistory(history);
  const requests = new Map<string, Request>();
  let finalReadAt = -1;
  for (let op = 0; op < pairing.count; op++) {
    const invoke = invokeOf(history, pairing, op);
    const completion = completionOf(history, pairing, op);
    if (invoke.f === 'read') {
      if (completion?.type === 'ok') finalReadAt = Math.max(finalReadAt, pairing.completeAt[op]!);
      continue;
    }
    if (!(ledgerWriteFs as readonly string[]).includes(invoke.f)) continue;
    const value = invoke.value as Record<string, unknown> | null;
    if (value === null || typeof value !== 'object' || typeof value.id !== 'string') {
      throw new Error(`exactly-once: history event ${invoke.index} (${invoke.f}) has no request id in value.id`);
    }
    if (requests.has(value.id)) throw new Error(`exactly-once: request id ${value.id} is invoked twice (event ${invoke.index})`);
    const operations = completion === undefined ? [invoke] : [invoke, completion];
    requests.set(value.id, { id: value.id, f: invoke.f, value, type: outcomeOf(history, pairing, op), operations });
  }
  return { requests, finalRead: finalReadAt < 0 ? undefined : history[finalReadAt] };
}

function parseFinalRead(event: HistoryEvent): { balances: Record<string, number>; applied: string[] } {
  const value = event.value as { balances?: unknown; applied?: unknown } | null;
  const balances = value?.balances;
  const applied = value?.applied;
  if (typeof balances !== 'object' || balances === null || !Array.isArray(applied) || !applied.every((id) => typeof id === 'string')) {
    throw new Error(`exactly-once: final read (event ${event.index}) must have value {balances, applied: string[]}`);
  }
  for (const [account, amount] of Object.entries(balances)) {
    if (typeof amount !== 'number') throw new Error(`exactly-once: final read balance of ${account} is not a number`);
  }
  return { balances: balances as Record<string, number>, applied: applied as string[] };
}

function parseExecutions(log: unknown[]): Execution[] {
  return log.map((entry, position) => {
    const record = entry as Partial<Execution> | null;
    if (record === null || typeof record !== 'object' || typeof record.id !== 'string' || typeof record.result?.ok !== 'boolean') {
      throw new Error(`exactly-once: execution log entry ${position} needs {id: string, result: {ok: boolean}}`);
    }
    return record as Execution;
  });
}

function tally(ids: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export function checkExactlyOnce(history: readonly HistoryEvent[], context: CheckContext = {}): ExactlyOnceResult {
  const { requests, finalRead } = requestsOf(history);
  const read = finalRead === undefined ? undefined : parseFinalRead(finalRead);
  const executions = context.executionLog === undefined ? undefined : parseExecutions(context.executionLog);
  const appliedCounts = read === undefined ? undefined : tally(read.applied);
  const executionsById = new Map<string, Execution[]>();
  for (const execution of executions ?? []) {
    const list = executionsById.get(execution.id) ?? [];
    list.push(execution);
    executionsById.set(execution.id, list);
  }

  const ids = new Set<string>([...requests.keys(), ...(appliedCounts?.keys() ?? []), ...executionsById.keys()]);
  const anomalies: Anomaly[] = [];
  const anomalyCounts: Record<AnomalyKind, number> = { duplicated: 0, lost: 0, phantom: 0, unexpected: 0 };
  const report = (kind: AnomalyKind, id: string, applied: number | undefined, executed: number | undefined) => {
    anomalyCounts[kind] += 1;
    if (anomalies.filter((anomaly) => anomaly.kind === kind).length >= anomalyListMax) return;
    const request = requests.get(id);
    anomalies.push({
      kind,
      id,
      type: request?.type,
      appliedInFinalRead: applied,
      executedWithEffect: executed,
      operations: request?.operations ?? [],
      executions: executionsById.get(id) ?? [],
    });
  };
  // A sub-history judges its own requests only: the rest of the run's are not in it.
  const judged = (id: string) => context.subHistory !== true || requests.has(id);
  for (const id of ids) {
    if (!judged(id)) continue;
    const request = requests.get(id);
    const applied = appliedCounts === undefined ? undefined : (appliedCounts.get(id) ?? 0);
    const executed = executions === undefined ? undefined : (executionsById.get(id) ?? []).filter((e) => e.result.ok).length;
    const times = Math.max(applied ?? 0, executed ?? 0);
    if (request === undefined) {
      if (times > 0) report('unexpected', id, applied, executed);
      continue;
    }
    if (times > 1) report('duplicated', id, applied, executed);
    if (request.type === 'fail' && times > 0) report('phantom', id, applied, executed);
    // Lost: the final state is the truth when there is one; otherwise the server's log.
    if (request.type === 'ok' && (applied ?? executed) === 0) report('lost', id, applied, executed);
  }

  let balances: ExactlyOnceResult['balances'] = null;
  if (read !== undefined && appliedCounts !== undefined && context.subHistory !== true) {
    const expected = new Map<string, number>(Object.keys(read.balances).map((account) => [account, 0]));
    for (const [id, times] of appliedCounts) {
      const request = requests.get(id);
      const execution = executionsById.get(id)?.[0];
      // Unexpected ids are already reported; their effect comes from the server's log if it has it.
      if (request !== undefined) addEffect(expected, request.f, request.value, times);
      else if (execution?.op !== undefined) addEffect(expected, execution.op.f, execution.op as Record<string, unknown>, times);
    }
    const accounts = [...new Set([...expected.keys(), ...Object.keys(read.balances)])].sort();
    const mismatched = accounts.filter((account) => (expected.get(account) ?? 0) !== (read.balances[account] ?? 0));
    balances = {
      expected: Object.fromEntries(accounts.map((account) => [account, expected.get(account) ?? 0])),
      actual: Object.fromEntries(accounts.map((account) => [account, read.balances[account] ?? 0])),
      mismatched,
    };
  }

  const requestList = [...requests.values()];
  const counts: ExactlyOnceResult['counts'] = {
    requests: requestList.length,
    ok: requestList.filter((r) => r.type === 'ok').length,
    fail: requestList.filter((r) => r.type === 'fail').length,
    info: requestList.filter((r) => r.type === 'info').length,
    appliedInFinalRead: read === undefined ? null : read.applied.length,
    executions: executions === undefined ? null : executions.length,
    ...anomalyCounts,
    balanceMismatches: balances?.mismatched.length ?? 0,
  };
  const problems = (Object.keys(anomalyCounts) as AnomalyKind[]).filter((kind) => anomalyCounts[kind] > 0).map((kind) => `${anomalyCounts[kind]} ${kind}`);
  if (counts.balanceMismatches > 0) problems.push(`balances of ${balances!.mismatched.join(', ')} differ from the sum of the applied operations`);

  let valid: Validity;
  let summary: string;
  const seen = `${counts.requests} requests (${counts.ok} ok, ${counts.fail} fail, ${counts.info} info)`;
  if (problems.length > 0) {
    valid = false;
    summary = `Not exactly-once: ${problems.join('; ')}, among ${seen}.`;
  } else if (read === undefined) {
    valid = 'unknown';
    summary = `No successful final read, so lost requests and balances cannot be checked; no duplicate or phantom ${executions === undefined ? 'could be checked either (no execution log)' : 'in the execution log'} among ${seen}.`;
  } else {
    valid = true;
    summary = `Every ok request applied exactly once, no failed request applied, no info request applied twice, balances match: ${seen}.`;
  }
  return {
    checker: 'exactly-once',
    valid,
    summary,
    counts,
    hasFinalRead: read !== undefined,
    hasExecutionLog: executions !== undefined,
    anomalies,
    balances,
  };
}

/** The Checker registered as 'exactly-once'. */
export const exactlyOnceChecker: Checker = (_spec: TestSpec, history: readonly HistoryEvent[], context: CheckContext) => checkExactlyOnce(history, context);
