/**
 * Turns a history into what the report draws: client operations (harness/history/pairing.ts)
 * stored column-wise, and fault windows (harness/history/fault-windows.ts).
 */
import type { HistoryEvent } from '../../harness/event.js';
import { faultWindows } from '../../harness/history/fault-windows.js';
import { countOutcomes, pairHistory } from '../../harness/history/pairing.js';
import { OutcomeCode, type FaultWindow, type OpColumns } from './report-data.js';

/** Longest value text kept per op; the page shows details, not payloads. */
export const valueTextLengthMax = 300;

export function truncatedJson(value: unknown, lengthMax = valueTextLengthMax): string {
  let text: string;
  try {
    text = value === undefined ? '' : typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > lengthMax ? `${text.slice(0, lengthMax - 1)}…` : text;
}

/** OpColumns.outcomeValue starting with this means: the invoke's value (then the error, if any). */
export const sameAsInvoke = '\u0001';

/** An op's completion value as text, with the sameAsInvoke shorthand expanded. */
export function outcomeText(ops: Pick<OpColumns, 'invokeValue' | 'outcomeValue'>, i: number): string {
  const text = ops.outcomeValue[i];
  return text.startsWith(sameAsInvoke) ? ops.invokeValue[i] + text.slice(1) : text;
}

/** Rounded to the microsecond: enough for a chart, and it keeps the embedded JSON small. */
function msOf(timeNs: number): number {
  return Math.round(timeNs / 1000) / 1000;
}

/**
 * Histories without clocks (Porcupine's logs, EDN files without :time) number their events
 * instead: the readers set timeNs = index. Their "times" are kept as event positions (the
 * page then labels them #n instead of ms).
 */
export function hasLogicalTime(events: readonly HistoryEvent[]): boolean {
  return events.length > 1 && events.every((event) => event.timeNs === event.index);
}

export interface HistoryColumns {
  processes: string[];
  rowLabels: string[];
  fs: string[];
  ops: OpColumns;
  faults: FaultWindow[];
  durationMs: number;
  counts: { ok: number; fail: number; info: number; pending: number };
}

/** `concurrency`: the run's client count, to lay out rows by thread (see ReportData.rowLabels). */
export function historyColumns(events: readonly HistoryEvent[], concurrency?: number): HistoryColumns {
  const ms = hasLogicalTime(events) ? (position: number) => position : msOf;
  const durationMs = events.reduce((max, event) => Math.max(max, ms(event.timeNs)), 0);
  const ops: OpColumns = {
    proc: [], row: [], f: [], startMs: [], endMs: [], type: [], invokeIndex: [], completeIndex: [],
    invokeValue: [], outcomeValue: [], node: [],
  };
  const fIds = new Map<string, number>();
  const processIds = new Map<string, number>();
  const idOf = (map: Map<string, number>, key: string): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      map.set(key, id);
    }
    return id;
  };

  const pairing = pairHistory(events);
  const { ok, fail, info, pending } = countOutcomes(events, pairing);
  for (let op = 0; op < pairing.count; op++) {
    const invoke = events[pairing.invokeAt[op]!]!;
    const completeAt = pairing.completeAt[op]!;
    const completion = completeAt < 0 ? undefined : events[completeAt]!;
    const invokeText = truncatedJson(invoke.value);
    ops.proc.push(idOf(processIds, String(invoke.process)));
    ops.row.push(0); // set below, once every process is known
    ops.f.push(idOf(fIds, invoke.f));
    ops.startMs.push(ms(invoke.timeNs));
    // A never-completed op runs to the end of the history.
    ops.endMs.push(completion === undefined ? durationMs : ms(completion.timeNs));
    ops.type.push(completion === undefined ? OutcomeCode.pending : OutcomeCode[completion.type as 'ok' | 'fail' | 'info']);
    ops.invokeIndex.push(invoke.index);
    ops.completeIndex.push(completion === undefined ? -1 : completion.index);
    ops.invokeValue.push(invokeText);
    ops.node.push(invoke.node ?? '');
    if (completion === undefined) {
      ops.outcomeValue.push('');
      continue;
    }
    const completionText = truncatedJson(completion.value);
    // Most completions repeat the invoke's value: say so in one character (keeps big reports small).
    ops.outcomeValue.push((completionText === invokeText && completionText !== '' ? sameAsInvoke : completionText) + (completion.error === undefined ? '' : `  (error: ${completion.error})`));
  }
  const faults: FaultWindow[] = faultWindows(events).map((window) => ({
    name: window.kind,
    startMs: ms(window.startNs),
    endMs: window.stopNs === undefined ? durationMs : ms(window.stopNs),
    detail: truncatedJson(window.value),
  }));

  // Processes in numeric order.
  const firstSeen = [...processIds.keys()];
  const order = firstSeen.map((_, i) => i).sort((a, b) => Number(firstSeen[a]) - Number(firstSeen[b]));
  const newIdOf = new Array<number>(order.length);
  order.forEach((oldId, newId) => (newIdOf[oldId] = newId));
  ops.proc = ops.proc.map((id) => newIdOf[id]);
  const processes = order.map((i) => firstSeen[i]);
  // Rows: threads (process mod concurrency) when that is meaningful, else processes.
  const byThread = concurrency !== undefined && Number.isInteger(concurrency) && concurrency > 0 && processes.length > concurrency &&
    processes.every((p) => /^\d+$/.test(p));
  let rowLabels: string[];
  if (byThread) {
    const threads = [...new Set(processes.map((p) => Number(p) % concurrency))].sort((a, b) => a - b);
    const rowOfThread = new Map(threads.map((t, k) => [t, k]));
    const rowOfProc = processes.map((p) => rowOfThread.get(Number(p) % concurrency)!);
    ops.row = ops.proc.map((id) => rowOfProc[id]);
    rowLabels = threads.map((t) => `t${t}`);
  } else {
    ops.row = ops.proc.slice();
    rowLabels = processes.map((p) => `p${p}`);
  }
  return { processes, rowLabels, fs: [...fIds.keys()], ops, faults, durationMs, counts: { ok, fail, info, pending } };
}
