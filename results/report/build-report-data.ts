/**
 * Everything one report page shows, computed from a run's saved files (spec, history,
 * results). Missing pieces (no results yet, no spec for a bare history file) leave their
 * sections empty instead of failing: a report of a half-written run is still useful.
 */
import type { HistoryEvent } from '../../harness/event.js';
import type { MessageRecord } from '../../targets/maelstrom/message-record.js';
import { exactlyOnceView, isExactlyOnceResult } from './exactly-once-explanation.js';
import { hasLogicalTime, historyColumns, truncatedJson } from './history-columns.js';
import { linearizabilityParts } from './linearizability-explanation.js';
import { messageFlow } from './message-flow.js';
import { minimalHistoryView, type MinimalHistoryFile } from './minimal-history.js';
import { isTxnCheckerResult, txnAnomaliesOf } from './txn-cycle-explanation.js';
import type { ExactlyOnceView, LinearizabilityPart, ReportData, VerdictRow } from './report-data.js';

export interface ReportInput {
  title: string;
  /** Run folder or history file the page describes. */
  source: string;
  spec?: Record<string, unknown> | null;
  /** results.json of a run ({valid, results: CheckerResult[], ...}), or one checker result. */
  results?: unknown;
  events: readonly HistoryEvent[];
  /** A Maelstrom run's message records (read-run.ts), with the node names they belong to. */
  messages?: { records: readonly MessageRecord[]; nodes: readonly string[] };
  /** `harness replay DIR --times 5` when the run has a replay record; '' or absent when not. */
  replayCommand?: string;
  /** DIR/minimal-history.jsonl as read (minimal-history.ts); absent when the run has none. */
  minimalHistory?: MinimalHistoryFile;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function validityOf(value: unknown): true | false | 'unknown' {
  return value === true ? true : value === false ? false : 'unknown';
}

/** The checker results inside results.json, or the single result given. */
export function checkerResults(results: unknown): Json[] {
  if (Array.isArray(results)) return results.filter(isObject);
  if (!isObject(results)) return [];
  if (Array.isArray(results.results)) return results.results.filter(isObject);
  if (isObject(results.results)) {
    // Jepsen style: {results: {name: result}}
    return Object.entries(results.results).filter(([, r]) => isObject(r)).map(([checker, r]) => ({ checker, ...(r as Json) }));
  }
  return [results];
}

function isLinearizabilityResult(result: Json): boolean {
  return (typeof result.checker === 'string' && /lineariz/i.test(result.checker)) || result.model !== undefined || result.counterexample !== undefined;
}

/**
 * Above this many ops the page keeps value texts for a sample only: the texts are most of a
 * report's bytes, and a million of them make the page slow to open (bench/report-load.ts).
 */
export const valueTextOpsMax = 200_000;
/** Prefix steps of a linearizability explanation whose values are always kept (the end of the prefix). */
const keptPrefixSteps = 200;

/** Blanks the value texts of all ops but a stride sample and `keep`; returns what it kept. */
function sampleValueTexts(ops: ReportData['ops'], keep: Iterable<number>): NonNullable<ReportData['sampled']> {
  const count = ops.invokeValue.length;
  const valueStride = Math.ceil(count / valueTextOpsMax);
  const kept = new Set<number>(keep);
  let valueOps = 0;
  for (let i = 0; i < count; i++) {
    if (i % valueStride === 0 || kept.has(i)) {
      valueOps++;
      continue;
    }
    ops.invokeValue[i] = '';
    ops.outcomeValue[i] = '';
  }
  return { valueStride, valueOps };
}

export function buildReportData(input: ReportInput): ReportData {
  const spec = input.spec ?? (isObject(input.results) && isObject(input.results.spec) ? input.results.spec : null);
  const columns = historyColumns(input.events, typeof spec?.concurrency === 'number' ? spec.concurrency : undefined);
  const logicalTime = hasLogicalTime(input.events);
  const results = checkerResults(input.results);
  const verdicts: VerdictRow[] = results.map((r, i) => ({
    checker: typeof r.checker === 'string' ? r.checker : `checker ${i + 1}`,
    valid: validityOf(r.valid),
    summary: typeof r.summary === 'string' ? r.summary : '',
  }));

  const linearizability: LinearizabilityPart[] = [];
  let exactlyOnce: ExactlyOnceView | null = null;
  const otherResults: ReportData['otherResults'] = [];
  const txnResults: Json[] = [];
  for (const [i, result] of results.entries()) {
    const name = verdicts[i].checker;
    // Before linearizability: a transactional result has a `model` too.
    if (isTxnCheckerResult(result)) {
      txnResults.push(result);
    } else if (isExactlyOnceResult(result)) {
      exactlyOnce = exactlyOnceView(result, columns.ops, columns.processes, columns.fs, logicalTime);
    } else if (isLinearizabilityResult(result)) {
      linearizability.push(...linearizabilityParts(result, columns.ops, columns.processes, columns.fs, logicalTime));
    } else {
      otherResults.push({ checker: name, json: truncatedJson(result, 4000) });
    }
  }

  const txnAnomalies = txnAnomaliesOf(txnResults, input.events, columns.ops, columns.processes, columns.fs);
  const rejectingCheckers = verdicts.filter((v) => v.valid === false).map((v) => v.checker);
  // Before sampling: it copies the texts of the run's ops it finds.
  const minimalHistory = input.minimalHistory === undefined ? null : minimalHistoryView(input.minimalHistory, input.events, columns.ops, rejectingCheckers, logicalTime);

  let sampled: ReportData['sampled'] = null;
  if (columns.ops.invokeValue.length > valueTextOpsMax) {
    const named = [
      ...linearizability.flatMap((part) => [...part.prefix.slice(-keptPrefixSteps), ...part.stuck].map((step) => step.op)),
      ...(exactlyOnce?.anomalies.flatMap((anomaly) => anomaly.ops) ?? []),
      ...(txnAnomalies?.cycles.flatMap((cycle) => cycle.txns.map((txn) => txn.op)) ?? []),
      ...(txnAnomalies?.observed.flatMap((anomaly) => anomaly.ops) ?? []),
      ...(minimalHistory?.ops.map((op) => op.op) ?? []),
    ];
    sampled = sampleValueTexts(columns.ops, named);
  }
  const overall = isObject(input.results) && 'valid' in input.results ? validityOf(input.results.valid) : null;
  const abortedField = isObject(input.results) && isObject(input.results.aborted) ? input.results.aborted : null;
  const aborted = abortedField === null ? '' : `${String(abortedField.reason ?? 'aborted')}${typeof abortedField.message === 'string' ? ` (${abortedField.message})` : ''}`;
  const seed = spec !== null && typeof spec.seed === 'number' ? spec.seed : null;
  return {
    title: input.title,
    generatedAt: new Date().toISOString(),
    source: input.source,
    spec,
    valid: overall ?? (verdicts.length === 0 ? null : verdicts.some((v) => v.valid === false) ? false : verdicts.some((v) => v.valid === 'unknown') ? 'unknown' : true),
    aborted,
    verdicts,
    counts: columns.counts,
    seed,
    command: spec !== null && typeof spec.command === 'string' ? spec.command : '',
    replayCommand: input.replayCommand ?? '',
    durationMs: columns.durationMs,
    timeUnit: logicalTime ? 'event' : 'ms',
    processes: columns.processes,
    rowLabels: columns.rowLabels,
    fs: columns.fs,
    ops: columns.ops,
    faults: columns.faults,
    linearizability,
    exactlyOnce,
    txnAnomalies,
    otherResults,
    sampled,
    messages: input.messages === undefined ? null : messageFlow(input.messages.records, input.messages.nodes, columns.durationMs),
    minimalHistory,
  };
}
