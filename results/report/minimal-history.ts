/**
 * The minimal history of a run (DIR/minimal-history.jsonl, written by `harness shrink DIR`) as
 * the report shows it first: the few operations the run's checkers still reject, whatever every
 * other operation did. It is the shortest answer to "what went wrong", so the page leads with
 * it. Read tolerantly: no file is no section; a file that does not read is a note on the page,
 * never a failed report.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../harness/event.js';
import { completionOf, invokeOf, pairHistory } from '../../harness/history/pairing.js';
import { parseHistory } from '../../harness/history/read-history.js';
import { storeFiles } from '../store.js';
import { outcomeText, truncatedJson } from './history-columns.js';
import { OutcomeCode, type MinimalHistoryView, type MinimalOp, type OpColumns } from './report-data.js';

/** What the run folder holds: the minimal history's events, or why it could not be read. */
export type MinimalHistoryFile = { file: string; events: HistoryEvent[] } | { file: string; unreadable: string };

/** DIR/minimal-history.jsonl read with the history reader; undefined when the run has none. */
export function readMinimalHistory(runDir: string): MinimalHistoryFile | undefined {
  const file = join(runDir, storeFiles.minimalHistory);
  if (!existsSync(file)) return undefined;
  try {
    return { file, events: parseHistory(readFileSync(file, 'utf8'), 'jsonl', file, { tornLastLine: 'error' }).events };
  } catch (error) {
    return { file, unreadable: error instanceof Error ? error.message : String(error) };
  }
}

/** How the claim reads for each checker that can reject: "the N operations that <claim>". */
const claimsByChecker: Record<string, { plural: string; singular: string }> = {
  linearizable: { plural: 'cannot be linearized together', singular: 'cannot be linearized' },
  'linearizable-kv': { plural: 'cannot be linearized together', singular: 'cannot be linearized' },
  'lin-kv': { plural: 'cannot be linearized together', singular: 'cannot be linearized' },
  'exactly-once': { plural: 'were not applied exactly once', singular: 'was not applied exactly once' },
  'list-append': { plural: 'cannot be serialized together', singular: 'cannot be serialized' },
  'rw-register': { plural: 'cannot be serialized together', singular: 'cannot be serialized' },
};

/** "The 2 operations that cannot be linearized together", worded by the checkers that rejected the run. */
export function minimalHistoryHeading(operationCount: number, rejectingCheckers: readonly string[]): string {
  const one = operationCount === 1;
  const noun = `The ${operationCount} operation${one ? '' : 's'}`;
  const claims = new Set(rejectingCheckers.map((checker) => claimsByChecker[checker]?.[one ? 'singular' : 'plural']));
  const [claim] = claims;
  if (claims.size === 1 && claim !== undefined) return `${noun} that ${claim}`;
  if (rejectingCheckers.length === 0) return `${noun} the run's checkers still reject`;
  return `${noun} still rejected by ${rejectingCheckers.join(', ')}`;
}

/** Milliseconds on the report's axis (as history-columns.ts rounds them). */
const msOf = (timeNs: number): number => Math.round(timeNs / 1000) / 1000;

/**
 * The section's data: each kept operation with its texts, and where it is in the run's
 * operations (matched by process, operation and invoke time: the shrinker keeps those as they
 * were and renumbers the rest), so the page can find it on the timeline.
 */
export function minimalHistoryView(
  minimal: MinimalHistoryFile,
  runEvents: readonly HistoryEvent[],
  runOps: OpColumns,
  rejectingCheckers: readonly string[],
  logicalTime: boolean,
): MinimalHistoryView {
  const base = { file: minimal.file, operationsBefore: runOps.invokeIndex.length, checkers: [...rejectingCheckers] };
  if ('unreadable' in minimal) return { ...base, heading: 'The minimal history could not be read', ops: [], note: `${minimal.file} did not read: ${minimal.unreadable}` };
  const opOfInvokeIndex = new Map(runOps.invokeIndex.map((invokeIndex, op) => [invokeIndex, op]));
  const runOpOf = new Map<string, number>();
  const identity = (event: HistoryEvent): string => `${String(event.process)}|${event.f}|${event.timeNs}`;
  for (const event of runEvents) {
    const op = event.type === 'invoke' ? opOfInvokeIndex.get(event.index) : undefined;
    if (op !== undefined) runOpOf.set(identity(event), op);
  }
  const pairing = pairHistory(minimal.events);
  const ops: MinimalOp[] = [];
  for (let position = 0; position < pairing.count; position++) {
    const invoke = invokeOf(minimal.events, pairing, position);
    const completion = completionOf(minimal.events, pairing, position);
    const op = runOpOf.get(identity(invoke)) ?? -1;
    if (op >= 0) {
      // Found in the run: its texts exactly as the rest of the page shows them.
      ops.push({ op, process: String(invoke.process), f: invoke.f, invokeValue: runOps.invokeValue[op], outcome: outcomeName(runOps.type[op]), outcomeValue: outcomeText(runOps, op), startMs: runOps.startMs[op], endMs: runOps.endMs[op], node: runOps.node[op] });
      continue;
    }
    const at = (event: HistoryEvent): number => (logicalTime ? event.index : msOf(event.timeNs));
    ops.push({
      op,
      process: String(invoke.process),
      f: invoke.f,
      invokeValue: truncatedJson(invoke.value),
      outcome: completion?.type ?? 'pending',
      outcomeValue: completion === undefined ? '' : truncatedJson(completion.value) + (completion.error === undefined ? '' : `  (error: ${completion.error})`),
      startMs: at(invoke),
      endMs: completion === undefined ? at(invoke) : at(completion),
      node: invoke.node ?? '',
    });
  }
  ops.sort((a, b) => a.startMs - b.startMs);
  const missing = ops.filter((op) => op.op < 0).length;
  return {
    ...base,
    heading: minimalHistoryHeading(ops.length, rejectingCheckers),
    ops,
    note: missing === 0 ? '' : `${missing} of these operations are not in this run's history.jsonl (was the minimal history cut from another run?); they are listed but not drawn.`,
  };
}

function outcomeName(code: OutcomeCode): string {
  return (Object.keys(OutcomeCode) as (keyof typeof OutcomeCode)[]).find((name) => OutcomeCode[name] === code) ?? 'pending';
}
