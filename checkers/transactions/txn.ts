/**
 * Transactions as the transactional checkers see them: each client `txn` invoke paired with its
 * completion, its micro-ops validated once (kind, key, value shape) so the inference code works on
 * typed, integer-keyed records. Malformed micro-ops are BadInputError naming file:line, never a
 * crash deeper in the checker.
 */
import type { HistoryEvent, ProcessId } from '../../harness/event.js';
import { BadInputError } from '../../harness/exit-codes.js';
import { pairHistory } from '../../harness/history/pairing.js';

/** The two datatypes Elle infers from, by their micro-op vocabulary. */
export type TxnModel = 'list-append' | 'rw-register';
export const txnModels: readonly TxnModel[] = ['list-append', 'rw-register'];

export type MicroKind = 'append' | 'w' | 'r';

/** One micro-op. `key` is an interned key id; `value` the appended / written value, or the read (null: nothing known). */
export interface MicroOp {
  kind: MicroKind;
  key: number;
  /** append / w: the value; r: list-append a number[]-like array (or null), rw-register the value read (undefined: unknown). */
  value: unknown;
}

export type TxnOutcome = 'ok' | 'info' | 'fail';

export interface Txn {
  /** Dense id, in invocation order: also the graph node. */
  id: number;
  process: ProcessId;
  outcome: TxnOutcome;
  ops: MicroOp[];
  /** Positions in the history (event indices): realtime order. completeIndex is Infinity when it never completed definitely (info). */
  invokeIndex: number;
  completeIndex: number;
  /** Source lines, for explanations and errors. */
  invokeLine?: number;
  completeLine?: number;
}

export interface TxnHistory {
  model: TxnModel;
  txns: Txn[];
  /** Key names by key id. */
  keyNames: string[];
  fileName?: string;
}

const kindsByModel: Record<TxnModel, ReadonlySet<string>> = {
  'list-append': new Set(['append', 'r']),
  'rw-register': new Set(['w', 'r']),
};

/** Takes the txn operations (paired by harness/history/pairing.ts) and validates every micro-op. */
export function readTxnHistory(events: readonly HistoryEvent[], model: TxnModel, fileName?: string): TxnHistory {
  const keyIds = new Map<unknown, number>();
  const keyNames: string[] = [];
  const internKey = (key: unknown): number => {
    let id = keyIds.get(key);
    if (id === undefined) {
      id = keyNames.length;
      keyIds.set(key, id);
      keyNames.push(typeof key === 'string' ? key : JSON.stringify(key));
    }
    return id;
  };
  const txns: Txn[] = [];
  const finish = (invoke: HistoryEvent, invokePosition: number, completion: HistoryEvent | undefined, completePosition: number): void => {
    const outcome: TxnOutcome = completion === undefined ? 'info' : (completion.type as TxnOutcome);
    // ok: the completion holds what was read; info and fail: only the invocation is known.
    const source = outcome === 'ok' && completion!.value !== null && completion!.value !== undefined ? completion! : invoke;
    const ops = parseMicroOps(source.value, model, internKey, fileName, source.line);
    if (outcome === 'ok' && source !== invoke) {
      const invoked = parseMicroOps(invoke.value, model, internKey, fileName, invoke.line);
      const same = invoked.length === ops.length && invoked.every((micro, i) => micro.kind === ops[i]!.kind && micro.key === ops[i]!.key);
      if (!same) throw new BadInputError(`the completion's micro-ops do not match those of the invocation on line ${invoke.line ?? '?'} (same kinds and keys, in order)`, fileName, completion!.line);
    }
    for (const micro of ops) {
      if (micro.kind !== 'r') continue;
      // Reads are known only from an ok completion; there a nil list-append read is the empty list.
      if (outcome !== 'ok' || source === invoke) micro.value = model === 'list-append' ? null : undefined;
      else if (model === 'list-append' && micro.value === null) micro.value = [];
    }
    txns.push({
      id: -1,
      process: invoke.process,
      outcome,
      ops,
      invokeIndex: invokePosition,
      completeIndex: outcome === 'ok' ? completePosition : outcome === 'fail' ? completePosition : Infinity,
      invokeLine: invoke.line,
      completeLine: completion?.line,
    });
  };
  for (const event of events) {
    if (typeof event.process === 'number' && event.f !== 'txn') throw new BadInputError(`expected only :txn operations in a ${model} history, got :${event.f}`, fileName, event.line);
  }
  const { count, invokeAt, completeAt } = pairHistory(events, fileName);
  for (let op = 0; op < count; op++) {
    const completion = completeAt[op]! < 0 ? undefined : events[completeAt[op]!];
    finish(events[invokeAt[op]!]!, invokeAt[op]!, completion, completion === undefined ? Infinity : completeAt[op]!);
  }
  txns.forEach((txn, id) => (txn.id = id)); // in order of invocation, as paired
  return { model, txns, keyNames, fileName };
}

function parseMicroOps(value: unknown, model: TxnModel, internKey: (key: unknown) => number, fileName: string | undefined, line: number | undefined): MicroOp[] {
  const fail = (message: string): never => {
    throw new BadInputError(message, fileName, line);
  };
  if (!Array.isArray(value)) return fail(`expected a txn value to be a vector of micro-ops like [[:append :x 1] [:r :y nil]], got ${show(value)}`);
  const kinds = kindsByModel[model];
  return value.map((micro: unknown) => {
    if (!Array.isArray(micro) || micro.length < 2 || micro.length > 3) return fail(`expected a micro-op [f key value], got ${show(micro)}`);
    const [f, key, argument] = micro as [unknown, unknown, unknown];
    if (typeof f !== 'string' || !kinds.has(f)) {
      return fail(`unknown micro-op ${show(f)} in ${show(micro)}: a ${model} history has ${[...kinds].map((k) => `:${k}`).join(' and ')}`);
    }
    if (!(typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)))) return fail(`expected the key of ${show(micro)} to be a keyword, string or number`);
    const kind = f as MicroKind;
    if (kind === 'r') {
      if (model === 'list-append') {
        if (argument !== null && argument !== undefined && !Array.isArray(argument)) return fail(`a list-append read must be a list (or nil), got ${show(argument)} in ${show(micro)}`);
        if (Array.isArray(argument)) for (const element of argument) if (!isScalar(element)) return fail(`a list-append read holds appended values (numbers or strings), got ${show(element)} in ${show(micro)}`);
        return { kind, key: internKey(key), value: argument ?? null };
      }
      if (argument !== null && argument !== undefined && !isScalar(argument)) return fail(`an rw-register read holds one written value (a number or string) or nil, got ${show(argument)} in ${show(micro)}`);
      return { kind, key: internKey(key), value: argument ?? null };
    }
    if (!isScalar(argument)) return fail(`expected the value of ${show(micro)} to be a number or string`);
    return { kind, key: internKey(key), value: argument };
  });
}

function isScalar(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Elle-style rendering of a micro-op value for explanations: [1 2 3], nil, :x. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return `[${value.map(showValue).join(' ')}]`;
  return String(value);
}
