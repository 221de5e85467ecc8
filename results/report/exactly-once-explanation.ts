/**
 * Reads an exactly-once checker result (duplicated / lost / phantom requests) into the
 * report's view: each offending request with the client operations that carried it and the
 * server's executions of it. Tolerant of naming, since the checker's shape is owned elsewhere.
 */
import type { ExactlyOnceView, OpColumns, RequestAnomaly } from './report-data.js';
import { truncatedJson } from './history-columns.js';
import { OpMatcher } from './linearizability-explanation.js';

/** Requests listed on the page; the rest are counted as omitted. */
export const anomaliesListedMax = 500;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const requestIdNames = ['requestId', 'request', 'reqId', 'id', 'rid'];
const executionNames = ['executions', 'serverExecutions', 'applied', 'executed', 'execution'];
const opNames = ['ops', 'clientOps', 'operations', 'events', 'history'];
const wrapperNames = ['anomalies', 'offenders', 'requests', 'problems', 'errors'];

function requestIdOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (!isObject(entry)) return undefined;
  for (const name of requestIdNames) {
    const value = entry[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

/** Client ops by every string in their invoke value ("<clientId>:<seq>" request ids among them). */
function opsByToken(ops: OpColumns): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const token = /"((?:[^"\\]|\\.)*)"/g;
  for (let i = 0; i < ops.invokeValue.length; i++) {
    const text = ops.invokeValue[i];
    const seen = new Set<string>();
    for (const match of text.matchAll(token)) seen.add(match[1]);
    if (!text.startsWith('"') && !text.startsWith('[') && !text.startsWith('{') && text !== '') seen.add(text);
    for (const t of seen) {
      const list = index.get(t);
      if (list === undefined) index.set(t, [i]);
      else list.push(i);
    }
  }
  return index;
}

export function isExactlyOnceResult(result: Json): boolean {
  if (typeof result.checker === 'string' && /exactly|once|ledger|dedup/i.test(result.checker)) return true;
  return ['duplicated', 'lost', 'phantom'].some((name) => result[name] !== undefined);
}

export function exactlyOnceView(result: Json, ops: OpColumns, processes: readonly string[], fs: readonly string[], logicalTime = false): ExactlyOnceView {
  const entries: { kind: string; entry: unknown }[] = [];
  for (const name of wrapperNames) {
    const list = result[name];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const kind = isObject(entry) ? String(entry.kind ?? entry.type ?? entry.anomaly ?? name) : name;
      entries.push({ kind, entry });
    }
  }
  for (const [name, list] of Object.entries(result)) {
    if (wrapperNames.includes(name) || !Array.isArray(list)) continue;
    if (list.length === 0 || requestIdOf(list[0]) === undefined) continue;
    for (const entry of list) entries.push({ kind: name, entry });
  }

  const counts: Record<string, number> = {};
  if (isObject(result.counts)) {
    for (const [name, count] of Object.entries(result.counts)) if (typeof count === 'number') counts[name] = count;
  }
  // Without the checker's own counts, count what it listed.
  if (!isObject(result.counts)) for (const { kind } of entries) counts[kind] = (counts[kind] ?? 0) + 1;

  const byToken = opsByToken(ops);
  const matcher = new OpMatcher(ops, processes, fs, logicalTime);
  const anomalies: RequestAnomaly[] = entries.slice(0, anomaliesListedMax).map(({ kind, entry }) => {
    const requestId = requestIdOf(entry) ?? '';
    const found = new Set<number>(requestId === '' ? [] : (byToken.get(requestId) ?? []));
    const executions: string[] = [];
    let detail = '';
    if (isObject(entry)) {
      for (const name of opNames) {
        const list = entry[name];
        if (Array.isArray(list)) for (const op of list) {
          const position = matcher.match(op);
          if (position >= 0) found.add(position);
        }
      }
      for (const name of executionNames) {
        const list = entry[name];
        if (Array.isArray(list)) executions.push(...list.map((e) => truncatedJson(e, 400)));
        else if (isObject(list)) executions.push(truncatedJson(list, 400));
      }
      const rest = Object.entries(entry).filter(([k, v]) => v !== undefined && ![...opNames, ...executionNames, ...requestIdNames, 'kind', 'message'].includes(k));
      const facts = rest.map(([k, v]) => `${k === 'type' ? 'client saw' : k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${truncatedJson(v, 100)}`).join(' · ');
      detail = [typeof entry.message === 'string' ? entry.message : '', facts].filter((t) => t !== '').join(' — ');
    }
    return { kind, requestId, ops: [...found].sort((a, b) => ops.startMs[a] - ops.startMs[b]), executions, detail };
  });
  const notes: string[] = [];
  const balances = result.balances;
  if (isObject(balances) && Array.isArray(balances.mismatched) && balances.mismatched.length > 0) {
    const expected = isObject(balances.expected) ? balances.expected : {};
    const actual = isObject(balances.actual) ? balances.actual : {};
    notes.push(`Balances that do not add up: ${balances.mismatched.map((a) => `${String(a)}: expected ${String(expected[String(a)])}, server has ${String(actual[String(a)])}`).join('; ')}`);
  }
  const listed = entries.length;
  const counted = ['duplicated', 'lost', 'phantom', 'unexpected'].reduce((sum, k) => sum + (counts[k] ?? 0), 0);
  return { counts, anomalies, notes, omitted: Math.max(0, listed - anomalies.length, counted - anomalies.length) };
}
