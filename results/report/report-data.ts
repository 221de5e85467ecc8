/**
 * The data one report page draws, as plain JSON embedded in report.html. Operations are
 * stored column-wise (one array per field) so a 100,000-operation run stays a few MB and
 * parses in tens of milliseconds in the browser.
 */

/** Outcome codes in OpColumns.type. 'pending' = invoked, never completed (treated like info). */
export const OutcomeCode = { ok: 0, fail: 1, info: 2, pending: 3 } as const;
export type OutcomeCode = (typeof OutcomeCode)[keyof typeof OutcomeCode];

/** One client operation per position; times in ms since the run's start. */
export interface OpColumns {
  /** Process of the op (index into ReportData.processes). */
  proc: number[];
  /** Row of the timeline (index into ReportData.rowLabels): the process, or its thread. */
  row: number[];
  /** Index into ReportData.fs. */
  f: number[];
  startMs: number[];
  /** Completion time; for a pending op, the end of the history. */
  endMs: number[];
  type: OutcomeCode[];
  /** History index of the invoke event (to match checker explanations). */
  invokeIndex: number[];
  /** History index of the completion event, -1 when there is none. */
  completeIndex: number[];
  /** JSON of the invoke value, truncated. */
  invokeValue: string[];
  /** JSON of the completion value (plus error), truncated; '' when pending; a leading \u0001 stands for the invoke's value. */
  outcomeValue: string[];
  /** Node the operation was sent to, '' when unknown. */
  node: string[];
}

/** A fault active from startMs to endMs (the end of the history when it never stopped). */
export interface FaultWindow {
  name: string;
  startMs: number;
  endMs: number;
  /** JSON of the start event's value, truncated. */
  detail: string;
}

/** One checker's verdict as the summary shows it. */
export interface VerdictRow {
  checker: string;
  valid: true | false | 'unknown';
  summary: string;
}

/** One step of the longest linearizable prefix. */
export interface LinearizedStep {
  /** Position in OpColumns, -1 when the explanation names an op the history lacks. */
  op: number;
  /** How the checker printed the op; only for ops not matched in the history ('' otherwise). */
  label: string;
  /** Model state after this op, as the checker described it ('' if not given). */
  stateAfter: string;
  /** For an op that could not go next: why (e.g. 'not allowed from this state'). */
  note: string;
}

/** A part (key) of the history that could not be linearized, Porcupine-style. */
export interface LinearizabilityPart {
  /** Key or part name ('' for an unpartitioned history). */
  part: string;
  /** Every op of this part (positions in OpColumns) so the view can draw the whole part. */
  ops: number[];
  /** The longest linearizable prefix, in linearization order. */
  prefix: LinearizedStep[];
  /** Ops none of which could be linearized next. */
  stuck: LinearizedStep[];
  /** Model state after the prefix, i.e. before the stuck ops. */
  stateBefore: string;
  /** Free text the checker gave (e.g. why each stuck op fails). */
  note: string;
}

/** One duplicated / lost / phantom request, with the client ops and server executions. */
export interface RequestAnomaly {
  kind: string;
  requestId: string;
  /** Client ops (positions in OpColumns) whose value mentions the request id. */
  ops: number[];
  /** Server executions of this request (JSON, truncated each). */
  executions: string[];
  /** What the checker said about this request. */
  detail: string;
}

export interface ExactlyOnceView {
  counts: Record<string, number>;
  anomalies: RequestAnomaly[];
  /** Other findings to show above the list (e.g. balances that do not add up). */
  notes: string[];
  /** Anomalies the checker reported but this page did not list (limit). */
  omitted: number;
}

/** One transaction of an anomaly cycle (txn-cycle-explanation.ts). */
export interface CycleTxn {
  /** The checker's name for it in the explanation: T1, T2, ... */
  name: string;
  process: string;
  /** Position in OpColumns, -1 when the history has no such transaction (then it is not drawn). */
  op: number;
  /** Its micro-ops as read from the history (completion for ok, else invocation): `append x 3`, `r y [1 2]`; long reads elided. */
  microOps: string[];
  /** How the checker printed it (Elle's op), for the tooltip. */
  description: string;
}

export interface CycleEdge {
  /** Indices into TxnCycle.txns. */
  from: number;
  to: number;
  /** Elle's relation: ww, wr, rw, rt (realtime) or process; another relation as the checker named it. */
  kind: string;
  /** Why `from` precedes `to`, in the checker's words. */
  explanation: string;
}

/** One cycle a transactional checker explained: T1 -> T2 -> ... -> T1. */
export interface TxnCycle {
  /** Elle's anomaly name, e.g. 'G-single', 'G2-item-realtime'. */
  anomaly: string;
  checker: string;
  txns: CycleTxn[];
  edges: CycleEdge[];
  /** The checker's explanation in words ("Let: ... Then: ..."). */
  explanation: string;
}

/** An anomaly found without a cycle (internal, G1a, lost-update, ...). */
export interface ObservedTxnAnomaly {
  anomaly: string;
  checker: string;
  explanation: string;
  /** Positions in OpColumns of its transactions (those found in the history). */
  ops: number[];
  /** The transactions as the checker printed them (T1 = {...}). */
  txnTexts: string[];
}

/** What the transactional checkers (list-append, rw-register) found, for the cycle view. */
export interface TxnAnomalies {
  /** The cycles carried into the page, at most txnCyclesCarriedMax: each class's first before any class's second; most severe class first. */
  cycles: TxnCycle[];
  /** Cycles the checkers counted but this page does not carry (the checker keeps a few per type). */
  cyclesOmitted: number;
  observed: ObservedTxnAnomaly[];
  /** Anomalies without a cycle counted but not carried. */
  observedOmitted: number;
  /** Consistency models the anomalies rule out (the weakest ones), of every checker. */
  notModels: string[];
  /** How many of each anomaly the checkers counted (carried or not). */
  counts: Record<string, number>;
}

/** A Maelstrom run's messages (message-flow.ts). Endpoint numbers index `endpoints`. */
export interface MessageFlow {
  /** The nodes first (spec order), then clients and services. */
  endpoints: string[];
  nodeCount: number;
  total: number;
  bucketMs: number;
  /** Messages sent per bucket of bucketMs, by each endpoint. */
  sentPerBucket: number[][];
  /** Totals per sender -> receiver; `received` < `sent` when some never arrived. */
  pairs: { src: number; dest: number; sent: number; received: number }[];
  /** Every message, for a run of at most lamportArrowsMax; recvMs null: never arrived. */
  arrows: { src: number; dest: number; sendMs: number; recvMs: number | null; type: string }[] | null;
}

/** One operation of the minimal history, as the report lists it (minimal-history.ts). */
export interface MinimalOp {
  /** Position in OpColumns (the run's operations), -1 when the run's history has no such operation. */
  op: number;
  process: string;
  f: string;
  invokeValue: string;
  /** ok, fail, info or pending (never completed). */
  outcome: string;
  /** The completion's value (and error), '' when pending. */
  outcomeValue: string;
  /** Invoke and completion on the run's time axis. */
  startMs: number;
  endMs: number;
  node: string;
}

/** DIR/minimal-history.jsonl: the smallest sub-history the run's checkers still reject (harness shrink). */
export interface MinimalHistoryView {
  /** "The 2 operations that cannot be linearized together", worded by the rejecting checkers. */
  heading: string;
  /** The file, for the re-check command. */
  file: string;
  /** Operations of the run's history it was shrunk from. */
  operationsBefore: number;
  /** Checkers that rejected the run (results.json). */
  checkers: string[];
  /** Its operations in time order; [] when the file did not read. */
  ops: MinimalOp[];
  /** Why it did not read, or which of its ops the run lacks; '' when all is well. */
  note: string;
}

export interface ReportData {
  title: string;
  generatedAt: string;
  /** Where the run lives, for the page header ('' for a single history file). */
  source: string;
  spec: Record<string, unknown> | null;
  valid: true | false | 'unknown' | null;
  /** Why the run stopped early (results.json `aborted`), '' when it finished normally. */
  aborted: string;
  verdicts: VerdictRow[];
  counts: { ok: number; fail: number; info: number; pending: number };
  seed: number | null;
  /** The command that runs the test again from its seed (test.json's command): same operations and faults, not the same timing. */
  command: string;
  /** `harness replay DIR --times 5`: the recorded operations and faults on the same schedule; '' when the run has no replay record. */
  replayCommand: string;
  durationMs: number;
  /** 'event': the history has no clock; "ms" values are event positions (shown as #n). */
  timeUnit: 'ms' | 'event';
  /** Client process ids, in numeric order. */
  processes: string[];
  /**
   * Timeline rows. With the run's concurrency known, one row a thread (process mod
   * concurrency, Jepsen's thread): a process replaced after an info continues on its row,
   * so rows stay few however many processes a faulty run burns through. Else one a process.
   */
  rowLabels: string[];
  /** Operation names, indexed by OpColumns.f. */
  fs: string[];
  ops: OpColumns;
  faults: FaultWindow[];
  linearizability: LinearizabilityPart[];
  exactlyOnce: ExactlyOnceView | null;
  /** Cycles and other anomalies of a transactional run; null when no transactional checker found any. */
  txnAnomalies: TxnAnomalies | null;
  /** Raw results of checkers this page has no special view for (JSON, truncated). */
  otherResults: { checker: string; json: string }[];
  /**
   * Set when the run was too big to embed every op's value texts: all ops are drawn (times,
   * outcomes), but invokeValue / outcomeValue are '' except for 1 op in `valueStride` and the
   * ops a checker explanation names. The page says so.
   */
  sampled: { valueStride: number; valueOps: number } | null;
  /** The messages of a Maelstrom run, null for other targets. */
  messages: MessageFlow | null;
  /** The run's minimal history (harness shrink DIR), null when it has none. */
  minimalHistory: MinimalHistoryView | null;
}
