/**
 * The transactional checker (Elle's shape): infer dependencies from the history, add process
 * and realtime order where the chosen consistency models care, find the strongly connected
 * components, then the shortest cycle of each forbidden anomaly class inside each, and say
 * which models the anomalies rule out. Realtime order is handled in two steps to stay linear:
 * for the components, one "barrier" node per run of completions stands for "everything that
 * completed before here", so n transactions need O(n) edges; inside a component, explicit
 * realtime edges (Elle's frontier) are built among its members only.
 */
import type { HistoryEvent } from '../../harness/event.js';
import { UsageError } from '../../harness/exit-codes.js';
import type { CheckerResult, Validity } from '../../harness/interfaces.js';
import { anomaliesForbiddenBy, anomaliesImplying, anomalyNames, consistencyModelNames, defaultConsistencyModels, modelsRuledOutBy, weakestModels } from './consistency-models.js';
import { classifyCycle, cycleClasses, shortestCycle, type LocalGraph } from './cycle-search.js';
import { nontrivialComponents, Rel, relNames, EdgeList, type Graph } from './graph.js';
import { describeTxn, type Inference, type ObservedAnomaly } from './inference.js';
import { inferListAppend } from './list-append.js';
import { inferRwRegister } from './rw-register.js';
import { Outcome, readTxnHistory, type Txn, type TxnHistory, type TxnModel } from './txn.js';

export interface TxnCheckOptions {
  model: TxnModel;
  /** Default strict-serializable (when no --anomalies either). */
  consistencyModels?: readonly string[];
  /** Extra anomalies to look for, beyond those the models forbid. */
  anomalies?: readonly string[];
  fileName?: string;
  /** Cycles reported per anomaly type; cycle classes are not searched further once they have this many (so their counts stop there). */
  cyclesShownMax?: number;
}

export interface CycleStepReport {
  from: string;
  to: string;
  type: 'ww' | 'wr' | 'rw' | 'process' | 'realtime';
  explanation: string;
}

export interface CycleReport {
  type: string;
  /** T1..Tn in cycle order, each as Elle prints an op, with its file lines. */
  txns: { name: string; process: number | string; index: number; line?: number; op: string }[];
  steps: CycleStepReport[];
  explanation: string;
}

export interface TxnCheckResult extends CheckerResult {
  model: TxnModel;
  consistencyModels: string[];
  txns: number;
  anomalyTypes: string[];
  /** The weakest models ruled out (Elle's :not), and the stronger ones that fall with them. */
  notModels: string[];
  alsoNotModels: string[];
  anomalies: Record<string, (CycleReport | ObservedAnomaly)[]>;
  anomalyCounts: Record<string, number>;
  elapsedMs: number;
}

/** Search steps for one class in one component, and for the whole check: a history full of cycles stays a matter of seconds. */
const cycleSearchTransitionsMax = 500_000;
const checkTransitionsMax = 10_000_000;

export function validateModelNames(models: readonly string[], anomalies: readonly string[]): void {
  for (const model of models) if (!consistencyModelNames.includes(model)) throw new UsageError(`unknown consistency model '${model}' (known: ${consistencyModelNames.join(', ')})`);
  for (const anomaly of anomalies) if (!anomalyNames.includes(anomaly)) throw new UsageError(`unknown anomaly '${anomaly}' (known: ${anomalyNames.join(', ')})`);
}

export function checkTransactions(events: readonly HistoryEvent[], options: TxnCheckOptions): TxnCheckResult {
  const startMs = performance.now();
  const extra = options.anomalies ?? [];
  const models = [...(options.consistencyModels ?? (extra.length > 0 ? [] : defaultConsistencyModels))];
  validateModelNames(models, extra);
  const forbidden = anomaliesForbiddenBy(models);
  // Asking for G2 also finds what implies it (G-single, G2-item, ...).
  for (const anomaly of anomaliesImplying(extra)) forbidden.add(anomaly);
  const history = readTxnHistory(events, options.model, options.fileName);
  const inference = options.model === 'list-append' ? inferListAppend(history) : inferRwRegister(history);

  const found: Record<string, (CycleReport | ObservedAnomaly)[]> = {};
  const counts: Record<string, number> = {};
  const shownMax = options.cyclesShownMax ?? 8;
  const record = (type: string, report: CycleReport | ObservedAnomaly): void => {
    counts[type] = (counts[type] ?? 0) + 1;
    if (counts[type]! <= shownMax) (found[type] ??= []).push(report);
  };
  for (const anomaly of inference.anomalies) if (forbidden.has(anomaly.type)) record(anomaly.type, nameObserved(history, anomaly));
  // The inference keeps the first few of each type but counts them all.
  for (const [type, count] of inference.counts) if (forbidden.has(type)) counts[type] = count;

  const classes = cycleClasses.filter((c) => forbidden.has(c.name));
  let undecided = 0;
  if (classes.length > 0) {
    const mask = classes.reduce((m, c) => m | c.allowed, 0);
    const { graph, txnCount } = buildGraph(history, inference.edges, mask);
    const seenCycles = new Set<string>();
    let transitionsLeft = checkTransitionsMax;
    for (const component of nontrivialComponents(graph)) {
      const members = component.filter((node) => node < txnCount).sort((a, b) => a - b);
      if (members.length < 2) continue;
      const local = localGraph(history, graph, members, mask);
      let any = false;
      let exhausted = false;
      for (const spec of classes) {
        // Enough cycles of this class are shown already: the search time goes to the other classes.
        if ((counts[spec.name] ?? 0) >= shownMax) continue;
        if (transitionsLeft <= 0) {
          exhausted = true;
          break;
        }
        const search = shortestCycle(local, spec, undefined, Math.min(cycleSearchTransitionsMax, transitionsLeft));
        transitionsLeft -= search.transitions;
        exhausted ||= search.exhausted;
        if (search.cycle === undefined) continue;
        const type = classifyCycle(search.cycle.rels);
        const ids = search.cycle.nodes.map((i) => members[i]!);
        const identity = `${type}:${[...ids].sort((a, b) => a - b).join(',')}`;
        if (!forbidden.has(type) || seenCycles.has(identity)) continue;
        seenCycles.add(identity);
        any = true;
        record(type, explainCycle(history, inference, type, ids, search.cycle.rels));
      }
      if (!any && exhausted) undecided++;
    }
  }
  const anomalyTypes = Object.keys(counts).sort();
  const ruledOut = modelsRuledOutBy(anomalyTypes);
  const notModels = weakestModels(ruledOut);
  const valid: Validity = anomalyTypes.length > 0 ? false : undecided > 0 ? 'unknown' : true;
  const summary =
    valid === true
      ? `${models.length > 0 ? models.join(', ') : 'no listed anomaly'}: no anomaly in ${history.txns.length} transactions`
      : valid === false
        ? `${anomalyTypes.map((t) => `${t}${counts[t]! > 1 ? ` x${counts[t]}` : ''}`).join(', ')}: not ${notModels.join(', ')}`
        : `${undecided} strongly connected component(s) too large to search for a cycle within the budget`;
  return {
    checker: options.model,
    valid,
    summary,
    model: options.model,
    consistencyModels: models,
    txns: history.txns.length,
    anomalyTypes,
    notModels,
    alsoNotModels: [...ruledOut].filter((m) => !notModels.includes(m)).sort(),
    anomalies: found,
    anomalyCounts: counts,
    elapsedMs: performance.now() - startMs,
  };
}

function buildGraph(history: TxnHistory, dataEdges: EdgeList, mask: number): { graph: Graph; txnCount: number } {
  const { txns } = history;
  const { outcomeCode, invokeIndex, completeIndex } = txns;
  const txnCount = txns.length;
  const edges = dataEdges;
  if ((mask & Rel.process) !== 0) {
    const lastOk = new Map<number | string, number>();
    for (let id = 0; id < txnCount; id++) {
      if (outcomeCode[id] === Outcome.fail) continue;
      const process = txns.process[id]!;
      const previous = lastOk.get(process);
      if (previous !== undefined) edges.add(previous, id, Rel.process);
      if (outcomeCode[id] === Outcome.ok) lastOk.set(process, id);
      else lastOk.delete(process);
    }
  }
  let nodeCount = txnCount;
  if ((mask & Rel.realtime) !== 0) {
    // Walk invokes and ok completions in history order; a barrier collects the completions between two invokes.
    let positions = 0;
    for (let id = 0; id < txnCount; id++) positions = Math.max(positions, invokeIndex[id]! + 1, outcomeCode[id] === Outcome.ok ? completeIndex[id]! + 1 : 0);
    const at = new Int32Array(positions).fill(-1); // txn id * 2 + (0 invoke, 1 ok completion)
    for (let id = 0; id < txnCount; id++) {
      if (outcomeCode[id] === Outcome.fail) continue;
      at[invokeIndex[id]!] = id * 2;
      if (outcomeCode[id] === Outcome.ok) at[completeIndex[id]!] = id * 2 + 1;
    }
    let barrier = -1;
    let barrierOpen = false; // completions may still join it (no invoke since)
    for (let position = 0; position < positions; position++) {
      const point = at[position]!;
      if (point === -1) continue;
      const txn = point >> 1;
      if ((point & 1) === 1) {
        if (!barrierOpen) {
          const next = nodeCount++;
          if (barrier !== -1) edges.add(barrier, next, Rel.realtime);
          barrier = next;
          barrierOpen = true;
        }
        edges.add(txn, barrier, Rel.realtime);
      } else {
        if (barrier !== -1) edges.add(barrier, txn, Rel.realtime);
        barrierOpen = false;
      }
    }
  }
  return { graph: edges.freeze(nodeCount, mask), txnCount };
}

/** The component's own edges, plus explicit realtime edges among its members (each to the members completed most recently before its invoke). */
function localGraph(history: TxnHistory, graph: Graph, members: number[], mask: number): LocalGraph {
  const localOf = new Map<number, number>();
  members.forEach((id, i) => localOf.set(id, i));
  const lists: { to: number; rels: number }[][] = members.map(() => []);
  members.forEach((id, i) => {
    for (let e = graph.offsets[id]!; e < graph.offsets[id + 1]!; e++) {
      const target = localOf.get(graph.targets[e]!);
      const rels = graph.rels[e]! & ~Rel.realtime;
      if (target === undefined || rels === 0) continue;
      const existing = lists[i]!.find((edge) => edge.to === target);
      if (existing !== undefined) existing.rels |= rels;
      else lists[i]!.push({ to: target, rels });
    }
  });
  if ((mask & Rel.realtime) !== 0) {
    const points: [position: number, complete: boolean, local: number][] = [];
    members.forEach((id, i) => {
      const txn = history.txns.at(id);
      points.push([txn.invokeIndex, false, i]);
      if (txn.outcome === 'ok') points.push([txn.completeIndex, true, i]);
    });
    points.sort((a, b) => a[0] - b[0]);
    let frontier = new Set<number>();
    const before = new Map<number, Set<number>>();
    for (const [, complete, i] of points) {
      if (!complete) {
        before.set(i, new Set(frontier));
        for (const from of frontier) {
          const existing = lists[from]!.find((edge) => edge.to === i);
          if (existing !== undefined) existing.rels |= Rel.realtime;
          else lists[from]!.push({ to: i, rels: Rel.realtime });
        }
      } else {
        const preceding = before.get(i)!;
        frontier = new Set([...frontier].filter((f) => !preceding.has(f)));
        frontier.add(i);
      }
    }
  }
  const offsets = new Int32Array(members.length + 1);
  lists.forEach((list, i) => (offsets[i + 1] = offsets[i]! + list.length));
  const to = new Int32Array(offsets[members.length]!);
  const rels = new Uint8Array(offsets[members.length]!);
  lists.forEach((list, i) =>
    list.forEach((edge, j) => {
      to[offsets[i]! + j] = edge.to;
      rels[offsets[i]! + j] = edge.rels;
    }),
  );
  return { size: members.length, offsets, to, rels };
}

function txnReport(history: TxnHistory, txn: Txn, name: string): CycleReport['txns'][number] {
  return { name, process: txn.process, index: txn.invokeIndex, ...(txn.invokeLine === undefined ? {} : { line: txn.invokeLine }), op: describeTxn(history, txn) };
}

function explainCycle(history: TxnHistory, inference: Inference, type: string, ids: number[], rels: number[]): CycleReport {
  const names = new Map(ids.map((id, i) => [id, `T${i + 1}`]));
  const nameOf = (id: number): string => names.get(id) ?? `T(${id})`;
  const steps: CycleStepReport[] = ids.map((from, i) => {
    const to = ids[(i + 1) % ids.length]!;
    const rel = rels[i]!;
    const relName = relNames.find((n) => Rel[n] === rel)!;
    const a = history.txns.at(from);
    const b = history.txns.at(to);
    let explanation: string;
    if (rel === Rel.process) explanation = `process ${a.process} ran ${nameOf(from)} and then ${nameOf(to)}`;
    else if (rel === Rel.realtime) explanation = `${nameOf(from)} completed (history position ${a.completeIndex}) before ${nameOf(to)} was invoked (position ${b.invokeIndex})`;
    else explanation = inference.explainEdge(from, to, rel, nameOf);
    return { from: nameOf(from), to: nameOf(to), type: relName, explanation };
  });
  const lines = ['Let:', ...ids.map((id) => `  ${nameOf(id)} = ${describeTxn(history, history.txns.at(id))}`), '', 'Then:'];
  steps.forEach((step, i) => {
    const last = i === steps.length - 1;
    lines.push(`  - ${last ? 'However, ' : ''}${step.from} < ${step.to}, because ${step.explanation}${last ? `: a contradiction (${type})!` : '.'}`);
  });
  return { type, txns: ids.map((id) => txnReport(history, history.txns.at(id), nameOf(id))), steps, explanation: lines.join('\n') };
}

/** Observed anomalies name their txns T1, T2 in the words and list them. */
function nameObserved(history: TxnHistory, anomaly: ObservedAnomaly): ObservedAnomaly & { ops: string[] } {
  let explanation = anomaly.explanation;
  if (anomaly.txns.length > 0) explanation = explanation.replace(/\bT\b/, 'T1');
  return { ...anomaly, explanation, ops: anomaly.txns.map((id, i) => `T${i + 1} = ${describeTxn(history, history.txns.at(id))}`) };
}
