/**
 * One line of a history: Jepsen's vocabulary, so histories can be exchanged with it.
 * A history is an append-only array of these; see docs/history-format.md.
 */
export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

/** A client process id (number), or a non-client actor such as 'nemesis'. */
export type ProcessId = number | string;

export interface HistoryEvent {
  /** Position in the history, 0-based, dense. */
  index: number;
  /** Monotonic time relative to the run's start, in nanoseconds. */
  timeNs: number;
  process: ProcessId;
  type: EventType;
  /** Operation name: 'read', 'write', 'cas', 'get', 'put', 'append', 'txn', 'acquire', ... */
  f: string;
  /** Plain JSON. Keyed workloads use Jepsen's independent tuple: [key, value]. */
  value: unknown;
  /** Why an operation failed or is unknown (e.g. 'timed-out'). */
  error?: string;
  /** Node the operation was sent to, when the workload knows it. */
  node?: string;
  /** Where this event came from, for error messages and reports: 1-based line of the source file. */
  line?: number;
  /**
   * On an info completion only: the operation took effect before this completion or not at all
   * (a plain info's effect may come at any time after its call, or never). The history shrinker
   * (harness/shrink/shrink-history.ts) stands operations it removed in with these: "whatever the
   * removed ones did, within their own time". The linearizability checker honours it; other
   * checkers read it as a plain info, which claims less.
   */
  optional?: true;
}

/** True for events of client processes (numbers); nemesis and other actors are strings. */
export function isClientEvent(event: HistoryEvent): boolean {
  return typeof event.process === 'number';
}
