import type { HistoryEvent } from '../harness/event.js';
import type { TestSpec } from '../harness/spec.js';
import { faultWindows } from '../harness/history/fault-windows.js';
import { completionOf, invokeOf, outcomeOf, pairHistory, type Outcome } from '../harness/history/pairing.js';
import type { Checker, CheckerResult } from '../harness/interfaces.js';

/** Latency percentiles of completed (ok or fail) operations, ms; null when there were none. */
export interface LatencyStats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Operations invoked in a span of time, their outcomes, rate and latency. */
export interface WindowStats {
  ops: number;
  ok: number;
  fail: number;
  info: number;
  durationS: number;
  /** Operations invoked per second of the span. */
  throughputHz: number;
  /** ok operations per second of the span. */
  okThroughputHz: number;
  latencyMs: LatencyStats | null;
}

/** One fault's window, from its nemesis start event to its stop event (or the history's end). */
export interface FaultWindow extends WindowStats {
  kind: string;
  startNs: number;
  stopNs: number;
  value: unknown;
}

export interface PerfResult extends CheckerResult {
  checker: 'perf';
  valid: true;
  overall: WindowStats;
  /** Spans with no fault active. */
  noFault: WindowStats;
  /** All windows of each fault kind together. */
  byFault: Record<string, WindowStats>;
  byOperation: Record<string, WindowStats>;
  faultWindows: FaultWindow[];
}

/** A client operation: its invoke paired with its completion (none = never completed). */
interface TimedOp {
  f: string;
  invokeNs: number;
  type: Outcome;
  latencyNs: number | undefined;
}

/**
 * Measures, never judges (valid is always true): throughput and latency p50/p95/p99/max
 * overall, per operation name, and per fault window (from the nemesis's start-X / stop-X
 * events), plus the spans with no fault.
 */
export const perfChecker: Checker = (_spec: TestSpec, history: readonly HistoryEvent[]): PerfResult => {
  const ops = timedOperations(history);
  const windows = faultWindows(history);
  // Histories are in time order: the client span runs from the first client event to the last.
  const clientTimes = history.filter((e) => typeof e.process === 'number').map((e) => e.timeNs);
  const startNs = clientTimes.length === 0 ? 0 : clientTimes[0];
  const endNs = clientTimes.length === 0 ? 0 : clientTimes[clientTimes.length - 1];

  const overall = stats(ops, endNs - startNs);
  const byOperation: Record<string, WindowStats> = {};
  for (const f of new Set(ops.map((op) => op.f))) byOperation[f] = stats(ops.filter((op) => op.f === f), endNs - startNs);

  const faultWindowStats: FaultWindow[] = windows.map((w) => {
    const stopNs = w.stopNs ?? Math.max(endNs, w.startNs);
    return { kind: w.kind, startNs: w.startNs, stopNs, value: w.value, ...stats(inSpan(ops, w.startNs, stopNs), stopNs - w.startNs) };
  });
  const byFault: Record<string, WindowStats> = {};
  for (const kind of new Set(windows.map((w) => w.kind))) {
    const ofKind = faultWindowStats.filter((w) => w.kind === kind);
    const inAny = ops.filter((op) => ofKind.some((w) => op.invokeNs >= w.startNs && op.invokeNs < w.stopNs));
    byFault[kind] = stats(inAny, unionLengthNs(ofKind));
  }
  const faulty = faultWindowStats;
  const calm = ops.filter((op) => !faulty.some((w) => op.invokeNs >= w.startNs && op.invokeNs < w.stopNs));
  const noFault = stats(calm, Math.max(0, endNs - startNs - unionLengthNs(faulty.map((w) => ({ startNs: Math.max(w.startNs, startNs), stopNs: Math.min(w.stopNs, endNs) })))));

  const latency = overall.latencyMs;
  const summary =
    `${overall.ops} operations in ${overall.durationS.toFixed(1)} s (${overall.throughputHz.toFixed(1)}/s); ` +
    (latency === null ? 'no completed operations' : `latency p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms, max ${latency.max.toFixed(2)} ms`) +
    `; ${faultWindowStats.length} fault windows.`;
  return { checker: 'perf', valid: true, summary, overall, noFault, byFault, byOperation, faultWindows: faultWindowStats };
};

function timedOperations(history: readonly HistoryEvent[]): TimedOp[] {
  const pairing = pairHistory(history);
  const ops = new Array<TimedOp>(pairing.count);
  for (let op = 0; op < pairing.count; op++) {
    const invoke = invokeOf(history, pairing, op);
    const completion = completionOf(history, pairing, op);
    ops[op] = { f: invoke.f, invokeNs: invoke.timeNs, type: outcomeOf(history, pairing, op), latencyNs: completion === undefined ? undefined : completion.timeNs - invoke.timeNs };
  }
  return ops;
}

function inSpan(ops: readonly TimedOp[], startNs: number, stopNs: number): TimedOp[] {
  return ops.filter((op) => op.invokeNs >= startNs && op.invokeNs < stopNs);
}

function stats(ops: readonly TimedOp[], durationNs: number): WindowStats {
  let ok = 0;
  let fail = 0;
  let info = 0;
  const latencies: number[] = [];
  for (const op of ops) {
    if (op.type === 'ok') ok += 1;
    else if (op.type === 'fail') fail += 1;
    else info += 1;
    if (op.type !== 'info' && op.latencyNs !== undefined) latencies.push(op.latencyNs / 1e6);
  }
  const durationS = Math.max(0, durationNs) / 1e9;
  return {
    ops: ops.length,
    ok,
    fail,
    info,
    durationS,
    throughputHz: durationS > 0 ? ops.length / durationS : 0,
    okThroughputHz: durationS > 0 ? ok / durationS : 0,
    latencyMs: latencyStats(latencies),
  };
}

/** Nearest-rank percentiles (the value below which p% of samples fall). */
export function latencyStats(samplesMs: readonly number[]): LatencyStats | null {
  if (samplesMs.length === 0) return null;
  const sorted = Float64Array.from(samplesMs).sort();
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  let sum = 0;
  for (const x of sorted) sum += x;
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1], mean: sum / sorted.length };
}

/** Total length of the union of spans, ns. */
function unionLengthNs(spans: ReadonlyArray<{ startNs: number; stopNs: number }>): number {
  const sorted = [...spans].filter((s) => s.stopNs > s.startNs).sort((a, b) => a.startNs - b.startNs);
  let total = 0;
  let currentStart = -Infinity;
  let currentStop = -Infinity;
  for (const span of sorted) {
    if (span.startNs > currentStop) {
      if (currentStop > currentStart) total += currentStop - currentStart;
      currentStart = span.startNs;
      currentStop = span.stopNs;
    } else currentStop = Math.max(currentStop, span.stopNs);
  }
  if (currentStop > currentStart) total += currentStop - currentStart;
  return total;
}
