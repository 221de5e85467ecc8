/**
 * Reads what a transactional checker (list-append, rw-register: checkers/transactions/) found
 * into the report's cycle view: each explained cycle with its transactions found in the
 * history (for their times and micro-ops) and its edges, and the anomalies found without a
 * cycle. The checker names a transaction by the position of its invoke in the history it was
 * given: in a run the client events only, for `harness check FILE` the whole file; both are
 * tried and the one whose processes agree is kept. Tolerant of missing fields: the checker's
 * result shape is owned elsewhere, and a result from an older harness still gets a page.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { isClientEvent } from '../../harness/event.js';
import { pairHistory } from '../../harness/history/pairing.js';
import { cycleClasses } from '../../checkers/transactions/cycle-search.js';
import { transactionalCheckerNames, txnF } from '../../checkers/transactions/txn-checker.js';
import { truncatedJson } from './history-columns.js';
import type { CycleEdge, CycleTxn, ObservedTxnAnomaly, OpColumns, TxnAnomalies, TxnCycle } from './report-data.js';

/** Cycles carried into the page; the rest are counted as omitted. */
export const txnCyclesCarriedMax = 20;
/** Anomalies without a cycle carried into the page. */
export const observedAnomaliesCarriedMax = 50;
/** A read list longer than this is shown elided in a box (the tooltip has more). */
const readElementsShownMax = 6;
/** Longest micro-op text kept. */
const microOpLengthMax = 400;
/** Longest checker print of a transaction kept (its tooltip). */
const descriptionLengthMax = 1000;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A list-append or rw-register result: by checker name, or by its anomalies map of explained cycles. */
export function isTxnCheckerResult(result: Json): boolean {
  if (typeof result.checker === 'string' && transactionalCheckerNames.includes(result.checker)) return true;
  return isObject(result.anomalies) && Object.values(result.anomalies).some((list) => Array.isArray(list) && list.some(isCycleEntry));
}

/** An explained cycle: its transactions and the steps between them (one without transactions is listed as words only). */
function isCycleEntry(entry: unknown): entry is Json {
  return isObject(entry) && Array.isArray(entry.steps) && Array.isArray(entry.txns) && entry.txns.length > 0;
}

/** Elle's relation names as the view labels them. */
function edgeKindOf(type: unknown): string {
  const name = typeof type === 'string' ? type : '';
  if (name === 'realtime' || name === 'rt') return 'rt';
  if (name === 'process' || name === 'po') return 'process';
  return name === '' ? '?' : name;
}

/** Elle's text of a value: [1 2 3], nil. */
function shownValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return `[${value.map(shownValue).join(' ')}]`;
  return typeof value === 'string' ? value : truncatedJson(value, 80);
}

/** One micro-op [f, key, value] as text; a long read list as its first and last three elements and its length. */
function microOpText(micro: unknown): string {
  if (!Array.isArray(micro)) return truncatedJson(micro, 80);
  const [f, key, value] = micro as unknown[];
  const head = `${String(f)} ${shownValue(key)}`;
  if (f === 'r' && value === undefined) return `${head} ?`;
  if (Array.isArray(value) && value.length > readElementsShownMax) {
    return `${head} [${shownValue(value[0])} … ${value.slice(-3).map(shownValue).join(' ')}] (${value.length})`;
  }
  const text = `${head} ${shownValue(value)}`;
  return text.length > microOpLengthMax ? `${text.slice(0, microOpLengthMax - 1)}…` : text;
}

/** The history's transactions, found by the positions the checker reports. */
class TxnFinder {
  /** Op (position in OpColumns) of the invoke at each history position, -1 elsewhere. */
  private readonly opAtPosition: Int32Array;
  /** History positions of the client events, in order (a run's checker sees only these). */
  private readonly clientPositions: number[] = [];
  /** Ops of f txn in invocation order: the checker's dense transaction ids. */
  private readonly txnOps: number[] = [];
  private readonly completionAt: Int32Array;
  private readonly invokeAt: Int32Array;

  constructor(private readonly events: readonly HistoryEvent[], private readonly ops: OpColumns, private readonly processes: readonly string[], fs: readonly string[]) {
    const pairing = pairHistory(events);
    this.invokeAt = pairing.invokeAt;
    this.completionAt = pairing.completeAt;
    this.opAtPosition = new Int32Array(events.length).fill(-1);
    for (let op = 0; op < pairing.count; op++) this.opAtPosition[pairing.invokeAt[op]!] = op;
    events.forEach((event, position) => { if (isClientEvent(event)) this.clientPositions.push(position); });
    for (let op = 0; op < ops.f.length; op++) if (fs[ops.f[op]] === txnF) this.txnOps.push(op);
  }

  private matches(op: number, process: unknown): boolean {
    return op >= 0 && (process === undefined || this.processes[this.ops.proc[op]] === String(process));
  }

  /** Ops of the transactions at these invoke positions with these processes: one reading for all of them where it fits. */
  byInvokePositions(txns: readonly { index: unknown; process: unknown }[]): number[] {
    const asPosition = (index: unknown, clientOnly: boolean): number => {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return -1;
      const position = clientOnly ? this.clientPositions[index] : index;
      return position === undefined || position >= this.opAtPosition.length ? -1 : this.opAtPosition[position]!;
    };
    const readings = [true, false].map((clientOnly) => txns.map((txn) => asPosition(txn.index, clientOnly)));
    const fitting = readings.find((found) => found.every((op, k) => this.matches(op, txns[k]!.process)));
    if (fitting !== undefined) return fitting;
    return txns.map((txn, k) => [readings[0]![k]!, readings[1]![k]!].find((op) => this.matches(op, txn.process)) ?? -1);
  }

  /** The op of the checker's dense transaction id (invocation order of the txn operations). */
  byTxnId(id: unknown): number {
    return typeof id === 'number' && Number.isInteger(id) ? (this.txnOps[id] ?? -1) : -1;
  }

  /** The op's micro-ops as text: from an ok completion (reads filled in), else the invocation. */
  microOps(op: number): string[] {
    const invoke = this.events[this.invokeAt[op]!]!;
    const completionPosition = this.completionAt[op]!;
    const completion = completionPosition >= 0 ? this.events[completionPosition] : undefined;
    const source = completion !== undefined && completion.type === 'ok' && Array.isArray(completion.value) ? completion : invoke;
    if (!Array.isArray(source.value)) return [truncatedJson(source.value, 200)];
    return source.value.map((micro: unknown) => {
      // An invocation's reads are not known yet.
      if (source === invoke && Array.isArray(micro) && micro[0] === 'r') return microOpText([micro[0], micro[1], undefined]);
      return microOpText(micro);
    });
  }
}

/** Rank of an anomaly class, most severe first (the checker's search order); unknown names last. */
function severityRank(anomaly: string): number {
  const rank = cycleClasses.findIndex((c) => c.name === anomaly);
  return rank < 0 ? cycleClasses.length : rank;
}

function cycleOf(entry: Json, anomaly: string, checker: string, finder: TxnFinder): TxnCycle {
  const rawTxns = (entry.txns as unknown[]).map((t) => (isObject(t) ? t : {}));
  const found = finder.byInvokePositions(rawTxns.map((t) => ({ index: t.index ?? t.invokeIndex, process: t.process })));
  // A transaction the cycle passes twice is one box; the checker's words name it by its last name.
  const txns: CycleTxn[] = [];
  const atKey = new Map<string, number>();
  rawTxns.forEach((t, k) => {
    const op = found[k]!;
    const key = op >= 0 ? `op ${op}` : `at ${String(t.index ?? t.invokeIndex ?? `#${k}`)} ${String(t.process)}`;
    const txn: CycleTxn = {
      name: typeof t.name === 'string' ? t.name : `T${k + 1}`,
      process: t.process === undefined ? (op >= 0 ? '' : '?') : String(t.process),
      op,
      microOps: op >= 0 ? finder.microOps(op) : [],
      description: truncatedJson(typeof t.op === 'string' ? t.op : typeof t.description === 'string' ? t.description : '', descriptionLengthMax),
    };
    const seen = atKey.get(key);
    if (seen === undefined) {
      atKey.set(key, txns.length);
      txns.push(txn);
    } else txns[seen] = { ...txns[seen]!, name: txn.name };
  });
  const indexOfName = (name: unknown, fallback: number): number => {
    const k = txns.findIndex((t) => t.name === name);
    return k >= 0 ? k : typeof name === 'number' && name >= 0 && name < txns.length ? name : fallback;
  };
  const edges: CycleEdge[] = (entry.steps as unknown[]).filter(isObject).map((step, k) => ({
    from: indexOfName(step.from, k % Math.max(1, txns.length)),
    to: indexOfName(step.to, (k + 1) % Math.max(1, txns.length)),
    kind: edgeKindOf(step.type ?? step.kind ?? step.rel),
    explanation: typeof step.explanation === 'string' ? step.explanation : '',
  }));
  return { anomaly: typeof entry.type === 'string' ? entry.type : anomaly, checker, txns, edges, explanation: typeof entry.explanation === 'string' ? entry.explanation : '' };
}

/**
 * The cycles and other anomalies of every transactional checker result, or null when they
 * found none (a valid run has no cycle view).
 */
export function txnAnomaliesOf(results: readonly Json[], events: readonly HistoryEvent[], ops: OpColumns, processes: readonly string[], fs: readonly string[]): TxnAnomalies | null {
  const cycles: TxnCycle[] = [];
  const observed: ObservedTxnAnomaly[] = [];
  let cyclesCounted = 0;
  let observedCounted = 0;
  const notModels = new Set<string>();
  const countsByAnomaly: Record<string, number> = {};
  let finder: TxnFinder | undefined;
  for (const result of results) {
    if (!isObject(result.anomalies)) continue;
    const checker = typeof result.checker === 'string' ? result.checker : 'transactions';
    const counts = isObject(result.anomalyCounts) ? result.anomalyCounts : {};
    if (Array.isArray(result.notModels)) for (const model of result.notModels) if (typeof model === 'string') notModels.add(model);
    for (const [anomaly, list] of Object.entries(result.anomalies)) {
      if (!Array.isArray(list) || list.length === 0) continue;
      finder ??= new TxnFinder(events, ops, processes, fs);
      const listed = list.filter(isObject);
      const counted = typeof counts[anomaly] === 'number' ? Math.max(counts[anomaly] as number, listed.length) : listed.length;
      countsByAnomaly[anomaly] = (countsByAnomaly[anomaly] ?? 0) + counted;
      if (listed.some(isCycleEntry)) {
        cyclesCounted += counted;
        cycles.push(...listed.filter(isCycleEntry).map((entry) => cycleOf(entry, anomaly, checker, finder!)));
        continue;
      }
      observedCounted += counted;
      for (const entry of listed) {
        observed.push({
          anomaly: typeof entry.type === 'string' ? entry.type : anomaly,
          checker,
          explanation: typeof entry.explanation === 'string' ? entry.explanation : truncatedJson(entry, 400),
          ops: (Array.isArray(entry.txns) ? entry.txns : []).map((id) => finder!.byTxnId(id)).filter((op) => op >= 0),
          txnTexts: (Array.isArray(entry.ops) ? entry.ops : []).map((text) => truncatedJson(text, 600)),
        });
      }
    }
  }
  if (cycles.length === 0 && observed.length === 0) return null;
  // Every class gets a turn before any gets a second: the first cycle of each class is carried.
  const byClass = new Map<string, TxnCycle[]>();
  for (const cycle of cycles) byClass.set(cycle.anomaly, [...(byClass.get(cycle.anomaly) ?? []), cycle]);
  const classes = [...byClass.keys()].sort((a, b) => severityRank(a) - severityRank(b));
  const taken = new Map<string, number>(classes.map((name) => [name, 0]));
  let carriedCount = 0;
  for (let turn = 0; carriedCount < Math.min(txnCyclesCarriedMax, cycles.length); turn++) {
    for (const name of classes) {
      if (carriedCount >= txnCyclesCarriedMax) break;
      if (turn < byClass.get(name)!.length) {
        taken.set(name, turn + 1);
        carriedCount++;
      }
    }
  }
  // Most severe class first; within a class, the checker's order.
  const carried = classes.flatMap((name) => byClass.get(name)!.slice(0, taken.get(name)));
  const observedCarried = observed.slice(0, observedAnomaliesCarriedMax);
  const counts: Record<string, number> = {};
  for (const name of Object.keys(countsByAnomaly).sort((a, b) => severityRank(a) - severityRank(b))) counts[name] = countsByAnomaly[name]!;
  return {
    cycles: carried,
    cyclesOmitted: Math.max(0, cyclesCounted - carried.length),
    observed: observedCarried,
    observedOmitted: Math.max(0, observedCounted - observedCarried.length),
    notModels: [...notModels],
    counts,
  };
}
