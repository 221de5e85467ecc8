/**
 * jepsen-log (Porcupine's etcd data, ../shared/porcupine-data/FORMAT.md): Jepsen's log output,
 * where only lines `INFO  jepsen.util - <process> <type> <f> <value>` are events and every
 * other line is ignored. Fields are separated by tabs or spaces; values are EDN.
 *
 * Differences from jepsen-edn, as FORMAT.md says: `:ok :read nil` is a read of the empty
 * register (kept as ok, value null), and a keyword where a fail/info completion's value
 * belongs (`:fail :read :timed-out`) is the reason, not a value.
 */
import type { EventType, HistoryEvent, ProcessId } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { EdnReader, type EdnValue } from './edn.js';
import { eventTypes } from './history-format.js';

/**
 * `INFO`, optionally a `[thread]`, the logger `jepsen.util` followed by ` -` (log4j layout of
 * old Jepsen) or `:` (newer layout), then the op: process, :type, :f, rest = value [error].
 * Anything before INFO (a timestamp) is allowed. A jepsen.util line whose fields do not look
 * like an op (a process then two keywords) is a log message, not an event.
 */
export const jepsenLogEventPattern = /\bINFO\s+(?:\[[^\]]*\]\s+)?jepsen\.util(?:\s+-|:)\s+(\d+|:\S+)\s+:(\S+)\s+:(\S+)(?:\s+(.*))?$/;

export function parseJepsenLog(text: string, fileName?: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  let lineNumber = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    lineNumber++;
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trimEnd();
    start = end + 1;
    if (line.indexOf('jepsen.util') === -1) continue;
    const match = jepsenLogEventPattern.exec(line);
    if (match === null) continue;
    events.push(lineToEvent(match, lineNumber, events.length, fileName));
  }
  return events;
}

function lineToEvent(match: RegExpExecArray, line: number, index: number, fileName: string | undefined): HistoryEvent {
  const [, processText, type, f, rest] = match as unknown as [string, string, string, string, string | undefined];
  if (!(eventTypes as readonly string[]).includes(type)) {
    throw new BadInputError(`expected the type to be one of ${eventTypes.map((t) => `:${t}`).join(', ')}, got :${type}`, fileName, line);
  }
  const process: ProcessId = processText.startsWith(':') ? processText.slice(1) : Number(processText);
  const isClient = typeof process === 'number';
  let value: EdnValue = null;
  let error: string | undefined;
  if (rest !== undefined && rest !== '') {
    if (rest === 'nil') value = null;
    else if (/^-?\d{1,15}$/.test(rest)) value = Number(rest);
    else {
      try {
        const reader = new EdnReader(rest);
        value = reader.read();
        if (reader.hasMore()) error = errorText(rest.slice(reader.offset));
      } catch (cause) {
        // A nemesis may log anything (exceptions, free text): keep it as text. A client's value must parse.
        if (isClient) throw new BadInputError(`cannot read the value "${rest}": ${cause instanceof Error ? cause.message : String(cause)}`, fileName, line, { cause });
        value = rest;
      }
      if ((type === 'fail' || type === 'info') && rest.startsWith(':') && error === undefined) {
        // `:fail :read :timed-out`: the keyword is why it failed, the op has no value.
        error = value as string;
        value = null;
      }
    }
  }
  const event: HistoryEvent = { index, timeNs: index, process, type: type as EventType, f, value, line };
  if (error !== undefined) event.error = error;
  return event;
}

/** Jepsen logs an op's :error after its value. */
function errorText(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith(':') ? trimmed.slice(1) : trimmed;
}
