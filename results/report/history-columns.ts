/**
 * Turns a history into what the report draws: client operations (invoke paired with the next
 * completion of the same process) stored column-wise, and fault windows from the nemesis's
 * start-X / stop-X events.
 */
import type { HistoryEvent } from '../../harness/event.js';
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
  /** Open invocation per process: position in ops. */
  const open = new Map<string, number>();
  const counts = { ok: 0, fail: 0, info: 0, pending: 0 };
  const faults: FaultWindow[] = [];
  const openFaults = new Map<string, FaultWindow>();

  const idOf = (map: Map<string, number>, key: string): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = map.size;
      map.set(key, id);
    }
    return id;
  };

  for (const event of events) {
    if (typeof event.process !== 'number') {
      collectFault(event, faults, openFaults, ms);
      continue;
    }
    const processKey = String(event.process);
    if (event.type === 'invoke') {
      const previous = open.get(processKey);
      if (previous !== undefined) closeAsPending(ops, previous, ms(event.timeNs), counts);
      const position = ops.row.length;
      ops.proc.push(idOf(processIds, processKey));
      ops.row.push(0); // set below, once every process is known
      ops.f.push(idOf(fIds, event.f));
      ops.startMs.push(ms(event.timeNs));
      ops.endMs.push(durationMs);
      ops.type.push(OutcomeCode.pending);
      ops.invokeIndex.push(event.index);
      ops.completeIndex.push(-1);
      ops.invokeValue.push(truncatedJson(event.value));
      ops.outcomeValue.push('');
      ops.node.push(event.node ?? '');
      open.set(processKey, position);
      continue;
    }
    const position = open.get(processKey);
    if (position === undefined) continue; // a completion without an invoke: nothing to draw
    open.delete(processKey);
    ops.endMs[position] = ms(event.timeNs);
    ops.type[position] = OutcomeCode[event.type];
    ops.completeIndex[position] = event.index;
    const completionText = truncatedJson(event.value);
    // Most completions repeat the invoke's value: say so in one character (keeps big reports small).
    ops.outcomeValue[position] = (completionText === ops.invokeValue[position] && completionText !== '' ? sameAsInvoke : completionText) + (event.error === undefined ? '' : `  (error: ${event.error})`);
    counts[event.type] += 1;
  }
  counts.pending += open.size;
  for (const window of openFaults.values()) window.endMs = durationMs;

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
  faults.sort((a, b) => a.startMs - b.startMs);
  return { processes, rowLabels, fs: [...fIds.keys()], ops, faults, durationMs, counts };
}

function closeAsPending(ops: OpColumns, position: number, endMs: number, counts: HistoryColumns['counts']): void {
  // A process invoked again without completing: the earlier op's outcome is unknown.
  ops.endMs[position] = endMs;
  counts.pending += 1;
}

/**
 * Nemesis events: 'start-partition' opens a window named 'partition', 'stop-partition' closes
 * it. A plain 'start'/'stop' (Jepsen) uses the name 'fault'. Repeated starts of an open window
 * (invoke + info of the same fault) do not open a second one.
 */
function collectFault(event: HistoryEvent, faults: FaultWindow[], openFaults: Map<string, FaultWindow>, ms: (timeNs: number) => number): void {
  const match = /^(start|stop|heal|begin|end)(?:[-_:](.+))?$/.exec(event.f);
  if (match === null) return;
  const name = match[2] ?? 'fault';
  const atMs = ms(event.timeNs);
  if (match[1] === 'start' || match[1] === 'begin') {
    if (openFaults.has(name)) return;
    const window: FaultWindow = { name, startMs: atMs, endMs: atMs, detail: truncatedJson(event.value) };
    openFaults.set(name, window);
    faults.push(window);
    return;
  }
  const window = openFaults.get(name);
  if (window !== undefined) {
    window.endMs = atMs;
    openFaults.delete(name);
  } else if (match[1] === 'heal') {
    // heal ends every open fault
    for (const [openName, openWindow] of openFaults) {
      openWindow.endMs = atMs;
      openFaults.delete(openName);
    }
  }
}
