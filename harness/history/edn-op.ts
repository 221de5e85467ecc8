/**
 * One Jepsen operation map ({:process 0, :type :invoke, :f :read, :value nil, ...}) as a
 * HistoryEvent. Shared by the jepsen-edn and edn-kv readers; keys may come in any order and
 * unknown keys are ignored.
 */
import type { EventType, HistoryEvent, ProcessId } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { OperationFields, type EdnValue } from './edn.js';
import { eventTypes } from './history-format.js';

export interface EdnOpOptions {
  /** edn-kv: the key is in :key and the event's value becomes Jepsen's tuple [key, value]. */
  keyed: boolean;
}

/** Reads that completed with nil: Knossos says such a read tells nothing about the register. */
const readFunctions = new Set(['read', 'get']);

/** The op map's entries this reader looks at (an OperationFields, or a plain map read by EdnReader.read). */
type OpEntries = { [K in 'process' | 'type' | 'f' | 'value' | 'key' | 'time' | 'error' | 'node']?: EdnValue };

export function ednOpToEvent(read: OperationFields | EdnValue, line: number, index: number, fileName: string | undefined, options: EdnOpOptions): HistoryEvent {
  const fail = (message: string): never => {
    throw new BadInputError(message, fileName, line);
  };
  if (!(read instanceof OperationFields) && (read === null || typeof read !== 'object' || Array.isArray(read))) {
    return fail(`expected an operation map like {:process 0, :type :invoke, :f :read, :value nil}, got ${describeEdn(read)}`);
  }
  const op = read as OpEntries;
  const type = op.type;
  if (typeof type !== 'string' || !(eventTypes as readonly string[]).includes(type)) {
    fail(`expected :type to be one of ${eventTypes.map((t) => `:${t}`).join(', ')}, got ${describeEdn(type)}`);
  }
  const process = op.process;
  let processId: ProcessId;
  if (typeof process === 'number' && Number.isInteger(process)) processId = process;
  else if (typeof process === 'string' && process !== '') processId = process; // :nemesis and other non-client actors
  else processId = fail(`expected :process to be an integer (a client) or a keyword such as :nemesis, got ${describeEdn(process)}`);
  const f = op.f;
  if (typeof f !== 'string' || f === '') fail(`expected :f to be a keyword such as :read, got ${describeEdn(f)}`);
  const time = op.time;
  let timeNs = index;
  if (time !== undefined && time !== null) {
    if (typeof time !== 'number' || !Number.isFinite(time)) fail(`expected :time to be a number of nanoseconds, got ${describeEdn(time)}`);
    timeNs = time as number;
  }
  let value: unknown = op.value === undefined ? null : op.value;
  if (options.keyed && typeof processId === 'number') {
    const key = op.key;
    if (typeof key !== 'string' && !(typeof key === 'number' && Number.isFinite(key))) {
      fail(`expected :key to be a string (edn-kv), got ${describeEdn(key)}`);
    }
    value = [String(key), value];
  }
  const event: HistoryEvent = { index, timeNs, process: processId, type: type as EventType, f: f as string, value, line };
  if (op.error !== undefined && op.error !== null) event.error = typeof op.error === 'string' ? op.error : JSON.stringify(op.error);
  if (typeof op.node === 'string') event.node = op.node;
  if (event.type === 'ok' && typeof processId === 'number' && readFunctions.has(event.f) && isNilRead(value)) {
    // Knossos: a completed read of nil tells nothing, so it constrains nothing, like a failed read.
    event.type = 'fail';
    event.error = 'nil-read';
  }
  return event;
}

function isNilRead(value: unknown): boolean {
  return value === null || (Array.isArray(value) && value.length === 2 && value[1] === null);
}

/** A short EDN-ish rendering of a value for error messages. */
export function describeEdn(value: EdnValue | undefined): string {
  if (value === undefined) return 'nothing (the key is missing)';
  if (value === null) return 'nil';
  if (typeof value === 'string') return `:${value}`;
  if (Array.isArray(value)) return 'a vector';
  if (typeof value === 'object') return 'a map';
  return String(value);
}
