/**
 * The one parser of nemesis events into fault windows, used by the run loop (what to heal),
 * the combined nemesis, the status line, the perf checker, the report and the matrix scripts.
 *
 * A non-client event whose f is `start-X` opens a window of kind X, `stop-X` (or `heal-X`)
 * closes it. Jepsen's bare `start` / `stop` is kind 'fault'; `-`, `_` and `:` all separate
 * (`start_partition`, `start:partition`); `begin` / `end` are read as start / stop; a bare
 * `heal` closes every open window. A start of a kind already open (Jepsen records a nemesis
 * step twice, invoke and info) opens no second window; a stop of a kind not open is ignored.
 */
import type { HistoryEvent } from '../event.js';

/** What a nemesis f says about faults: `kind` null means every fault (a bare `heal`). */
export type FaultEvent = { kind: string; starts: true } | { kind: string | null; starts: false };

const faultName = /^(start|begin|stop|end|heal)(?:[-_:](.+))?$/;

/** 'start-partition' -> {kind: 'partition', starts: true}; a name that is not a fault's start or stop -> undefined. */
export function faultEventOf(f: string): FaultEvent | undefined {
  const match = faultName.exec(f);
  if (match === null) return undefined;
  const kind = match[2];
  const verb = match[1]!;
  if (verb === 'start' || verb === 'begin') return { kind: kind ?? 'fault', starts: true };
  return { kind: kind ?? (verb === 'heal' ? null : 'fault'), starts: false };
}

export interface FaultWindow {
  kind: string;
  /** Position of the start event in the history. */
  startAt: number;
  /** Position of the stop event, or -1 when it never stopped (it lasts to the end of the history). */
  stopAt: number;
  startNs: number;
  /** undefined when it never stopped. */
  stopNs: number | undefined;
  /** The start event's value: what the fault did (e.g. the partition's grudge). */
  value: unknown;
}

/** Follows a history event by event: the windows so far and the kinds active now (the status line feeds it live). */
export class FaultWindowTracker {
  /** In order of start. */
  readonly windows: FaultWindow[] = [];
  private readonly open = new Map<string, FaultWindow>();

  /** Takes the next event of the history; client events are ignored. */
  add(event: HistoryEvent, position: number = event.index): void {
    if (typeof event.process === 'number') return;
    const fault = faultEventOf(event.f);
    if (fault === undefined) return;
    if (fault.starts) {
      if (this.open.has(fault.kind)) return;
      const window: FaultWindow = { kind: fault.kind, startAt: position, stopAt: -1, startNs: event.timeNs, stopNs: undefined, value: event.value };
      this.windows.push(window);
      this.open.set(fault.kind, window);
      return;
    }
    const one = fault.kind === null ? undefined : this.open.get(fault.kind);
    const stopped = fault.kind === null ? this.openWindows() : one === undefined ? [] : [one];
    for (const window of stopped) {
      window.stopAt = position;
      window.stopNs = event.timeNs;
      this.open.delete(window.kind);
    }
  }

  /** The windows open now (started, not stopped), in order of start. */
  openWindows(): FaultWindow[] {
    return [...this.open.values()];
  }

  /** Kinds of the windows open now, in order of start. */
  activeKinds(): string[] {
    return [...this.open.keys()];
  }
}

/** The history's fault windows, in order of start. */
export function faultWindows(events: readonly HistoryEvent[]): FaultWindow[] {
  const tracker = new FaultWindowTracker();
  for (let position = 0; position < events.length; position++) tracker.add(events[position]!, position);
  return tracker.windows;
}
