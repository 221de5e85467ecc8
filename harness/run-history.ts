import type { EventType, HistoryEvent, ProcessId } from './event.js';
import { HistoryWriter } from './history/history-writer.js';
import type { HistorySink } from './interfaces.js';

/**
 * The history of one run as it grows: kept in memory for the checkers and appended to
 * history.jsonl one line per event with a synchronous write (HistoryWriter), so that a crash of the harness
 * loses at most the operations that were in flight (their invokes are already on disk).
 */
export class RunHistory {
  readonly events: HistoryEvent[] = [];
  private readonly writer: HistoryWriter;
  private readonly sinks: HistorySink[] = [];

  constructor(
    readonly file: string,
    /** process.hrtime.bigint() at the run's start; event times are relative to it. */
    readonly startNs: bigint,
  ) {
    this.writer = new HistoryWriter(file);
  }

  /** Observers (live status line, ...) called after each event is on disk. */
  subscribe(sink: HistorySink): void {
    this.sinks.push(sink);
  }

  append(process: ProcessId, type: EventType, f: string, value: unknown, extra?: { error?: string; node?: string }): HistoryEvent {
    const event: HistoryEvent = {
      index: this.events.length,
      timeNs: Number(process_hrtime() - this.startNs),
      process,
      type,
      f,
      value,
    };
    if (extra?.error !== undefined) event.error = extra.error;
    if (extra?.node !== undefined) event.node = extra.node;
    this.events.push(event);
    this.writer.append(event);
    for (const sink of this.sinks) sink(event);
    return event;
  }

  /** Elapsed time since the run's start, ns (same clock as event times). */
  elapsedNs(): number {
    return Number(process_hrtime() - this.startNs);
  }

  close(): void {
    this.writer.close();
  }
}

const process_hrtime = (): bigint => process.hrtime.bigint();
