/**
 * jsonl: the harness's own history.jsonl (docs/history-format.md), one JSON event a line:
 * {"index":12,"timeNs":183002113,"process":3,"type":"invoke","f":"write","value":4}
 * Blank lines are skipped. Events are re-indexed densely in file order; `line` says where
 * each came from. The one reader of history.jsonl: `harness check`, the report and the
 * scripts all read it here.
 */
import type { EventType, HistoryEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { eventTypes } from './history-format.js';

export interface JsonlOptions {
  /**
   * A last line that has no newline and is not valid JSON is what a crash in the middle of a
   * write leaves behind. 'drop': leave it out (and say so in `tornLastLine`); 'error': a
   * BadInputError like any bad line. Every caller says which: there is no default.
   */
  tornLastLine: 'drop' | 'error';
}

export interface JsonlHistory {
  events: HistoryEvent[];
  /** The 1-based line left out as torn ('drop' only); undefined when the file ends whole. */
  tornLastLine: number | undefined;
}

export function parseJsonl(text: string, fileName: string | undefined, options: JsonlOptions): JsonlHistory {
  const events: HistoryEvent[] = [];
  let lineNumber = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    lineNumber++;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      const torn = end === text.length;
      if (torn && options.tornLastLine === 'drop') return { events, tornLastLine: lineNumber };
      const hint = torn ? ' (the last line has no newline: a write cut short by a crash? delete the line to check the rest)' : '';
      throw new BadInputError(`not valid JSON${hint}: ${cause instanceof Error ? cause.message : String(cause)}`, fileName, lineNumber, { cause });
    }
    events.push(toEvent(parsed, lineNumber, events.length, fileName));
  }
  return { events, tornLastLine: undefined };
}

/** What a reader that dropped a torn last line tells the user (on stderr). */
export function tornLastLineWarning(fileName: string, line: number): string {
  return `${fileName}:${line}: warning: the last line is cut short (a write interrupted by a crash?); left out, the rest is read`;
}

function toEvent(parsed: unknown, line: number, index: number, fileName: string | undefined): HistoryEvent {
  const fail = (message: string): never => {
    throw new BadInputError(message, fileName, line);
  };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return fail(`expected a JSON object (one event), got ${describeJson(parsed)}`);
  }
  const record = parsed as Record<string, unknown>;
  const { type, process, f, timeNs } = record;
  if (typeof type !== 'string' || !(eventTypes as readonly string[]).includes(type)) {
    fail(`expected "type" to be one of ${eventTypes.join('/')}, got ${describeJson(type)}`);
  }
  if (!(typeof process === 'number' && Number.isInteger(process)) && !(typeof process === 'string' && process !== '')) {
    fail(`expected "process" to be an integer (a client) or a string such as "nemesis", got ${describeJson(process)}`);
  }
  if (typeof f !== 'string' || f === '') fail(`expected "f" to be a non-empty string, got ${describeJson(f)}`);
  if (timeNs !== undefined && !(typeof timeNs === 'number' && Number.isFinite(timeNs) && timeNs >= 0)) {
    fail(`expected "timeNs" to be a number of nanoseconds >= 0, got ${describeJson(timeNs)}`);
  }
  if (record.index !== undefined && !(typeof record.index === 'number' && Number.isInteger(record.index) && record.index >= 0)) {
    fail(`expected "index" to be an integer >= 0, got ${describeJson(record.index)}`);
  }
  if (record.error !== undefined && typeof record.error !== 'string') fail(`expected "error" to be a string, got ${describeJson(record.error)}`);
  if (record.node !== undefined && typeof record.node !== 'string') fail(`expected "node" to be a string, got ${describeJson(record.node)}`);
  if (record.optional !== undefined && !(record.optional === true && type === 'info')) fail(`expected "optional" to be true, on an info event only, got ${describeJson(record.optional)} on ${describeJson(type)}`);
  const event: HistoryEvent = {
    index,
    timeNs: (timeNs as number | undefined) ?? index,
    process: process as number | string,
    type: type as EventType,
    f: f as string,
    value: record.value === undefined ? null : record.value,
    line,
  };
  if (record.error !== undefined) event.error = record.error as string;
  if (record.node !== undefined) event.node = record.node as string;
  if (record.optional === true) event.optional = true;
  return event;
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
