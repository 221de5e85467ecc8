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

/** Kind codes of the micro-op columns. */
export const Kind = { append: 0, w: 1, r: 2 } as const;
const kindNames: readonly MicroKind[] = ['append', 'w', 'r'];

/**
 * Every micro-op of the history in columns (a million transactions make millions of micro-ops:
 * as objects they would be most of the checker's heap and garbage-collection time). A txn's
 * micro-ops are positions opStart..opEnd-1.
 */
export interface OpColumns {
  kind: Uint8Array;
  key: Int32Array;
  /** append / w: the value; r: list-append the list read (null: unknown), rw-register the value (null: nil, undefined: unknown). */
  value: unknown[];
}

export interface Txn {
  /** Dense id, in invocation order: also the graph node. */
  id: number;
  process: ProcessId;
  outcome: TxnOutcome;
  opStart: number;
  opEnd: number;
  /** Positions in the history (event indices): realtime order. completeIndex is Infinity when it never completed definitely (info). */
  invokeIndex: number;
  completeIndex: number;
  /** Source lines, for explanations and errors. */
  invokeLine?: number;
  completeLine?: number;
}

/** Outcome codes of the txn columns. */
export const Outcome = { ok: 0, info: 1, fail: 2 } as const;
const outcomeNames: readonly TxnOutcome[] = ['ok', 'info', 'fail'];

/**
 * The transactions in columns (typed arrays), for the same reason as OpColumns: a million
 * retained objects cost more in garbage collection than the whole check. `at(id)` gives a Txn
 * object for the code that explains.
 */
export class TxnTable {
  length = 0;
  readonly outcomeCode: Uint8Array;
  readonly process: ProcessId[] = [];
  readonly invokeIndex: Int32Array;
  /** Infinity when never definitely completed. */
  readonly completeIndex: Float64Array;
  /** 0: no line known. */
  readonly invokeLine: Int32Array;
  readonly completeLine: Int32Array;
  readonly opStart: Int32Array;
  readonly opEnd: Int32Array;

  constructor(capacity: number) {
    this.outcomeCode = new Uint8Array(capacity);
    this.invokeIndex = new Int32Array(capacity);
    this.completeIndex = new Float64Array(capacity).fill(Infinity);
    this.invokeLine = new Int32Array(capacity);
    this.completeLine = new Int32Array(capacity);
    this.opStart = new Int32Array(capacity);
    this.opEnd = new Int32Array(capacity);
  }

  at(id: number): Txn {
    const txn: Txn = {
      id,
      process: this.process[id]!,
      outcome: outcomeNames[this.outcomeCode[id]!]!,
      opStart: this.opStart[id]!,
      opEnd: this.opEnd[id]!,
      invokeIndex: this.invokeIndex[id]!,
      completeIndex: this.completeIndex[id]!,
    };
    if (this.invokeLine[id] !== 0) txn.invokeLine = this.invokeLine[id]!;
    if (this.completeLine[id] !== 0) txn.completeLine = this.completeLine[id]!;
    return txn;
  }

  *[Symbol.iterator](): Generator<Txn> {
    for (let id = 0; id < this.length; id++) yield this.at(id);
  }
}

export interface TxnHistory {
  model: TxnModel;
  txns: TxnTable;
  ops: OpColumns;
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
  let opCapacity = 0;
  let txnCapacity = 0;
  for (const event of events) {
    if (event.type !== 'invoke' || typeof event.process !== 'number') continue;
    txnCapacity++;
    if (Array.isArray(event.value)) opCapacity += event.value.length;
  }
  const ops: OpColumns = { kind: new Uint8Array(opCapacity), key: new Int32Array(opCapacity), value: new Array<unknown>(opCapacity) };
  let opCount = 0;
  const txns = new TxnTable(txnCapacity);
  const finish = (id: number, completion: HistoryEvent | undefined, completePosition: number): void => {
    const invoke = events[txns.invokeIndex[id]!]!;
    const outcome: TxnOutcome = completion === undefined ? 'info' : (completion.type as TxnOutcome);
    // ok: the completion holds what was read; info and fail: only the invocation is known.
    const source = outcome === 'ok' && completion!.value !== null && completion!.value !== undefined ? completion! : invoke;
    if (source !== invoke && !sameShape(invoke.value, completion!.value)) {
      parseMicroOps(invoke.value, model, internKey, fileName, invoke.line, ops, opCount); // a malformed invocation says so first
      throw new BadInputError(`the completion's micro-ops do not match those of the invocation on line ${invoke.line ?? '?'} (same kinds and keys, in order)`, fileName, completion!.line);
    }
    txns.opStart[id] = opCount;
    opCount = parseMicroOps(source.value, model, internKey, fileName, source.line, ops, opCount);
    txns.opEnd[id] = opCount;
    for (let i = txns.opStart[id]!; i < opCount; i++) {
      if (ops.kind[i] !== Kind.r) continue;
      // Reads are known only from an ok completion; there a nil list-append read is the empty list.
      if (outcome !== 'ok' || source === invoke) ops.value[i] = model === 'list-append' ? null : undefined;
      else if (model === 'list-append' && ops.value[i] === null) ops.value[i] = [];
    }
    txns.outcomeCode[id] = Outcome[outcome];
    txns.completeIndex[id] = outcome === 'info' ? Infinity : completePosition;
    if (completion?.line !== undefined) txns.completeLine[id] = completion.line;
  };
  for (const event of events) {
    if (typeof event.process === 'number' && event.f !== 'txn') throw new BadInputError(`expected only :txn operations in a ${model} history, got :${event.f}`, fileName, event.line);
  }
  // The one pairing (harness/history/pairing.ts): txn ids follow invocation order.
  const { count, invokeAt, completeAt } = pairHistory(events, fileName);
  for (let id = 0; id < count; id++) {
    const invoke = events[invokeAt[id]!]!;
    txns.length++;
    txns.process.push(invoke.process as number);
    txns.outcomeCode[id] = Outcome.info;
    txns.invokeIndex[id] = invokeAt[id]!;
    if (invoke.line !== undefined) txns.invokeLine[id] = invoke.line;
  }
  for (let id = 0; id < count; id++) {
    const at = completeAt[id]!;
    finish(id, at < 0 ? undefined : events[at], at < 0 ? Infinity : at);
  }
  return { model, txns, ops, keyNames, fileName };
}

/** A txn's micro-ops as objects, for the code that explains (not for the hot loops). */
export function opsOf(history: TxnHistory, txn: Txn): MicroOp[] {
  const result: MicroOp[] = [];
  for (let i = txn.opStart; i < txn.opEnd; i++) result.push({ kind: kindNames[history.ops.kind[i]!]!, key: history.ops.key[i]!, value: history.ops.value[i] });
  return result;
}

/** Same micro-op kinds and keys, in order (the values differ: reads are filled in). */
function sameShape(invoked: unknown, completed: unknown): boolean {
  if (!Array.isArray(invoked) || !Array.isArray(completed) || invoked.length !== completed.length) return false;
  for (let i = 0; i < invoked.length; i++) {
    const a = invoked[i] as unknown;
    const b = completed[i] as unknown;
    if (!Array.isArray(a) || !Array.isArray(b) || a[0] !== b[0] || a[1] !== b[1]) return false;
  }
  return true;
}

/** Validates `value` as micro-ops and writes them into the columns from `at`; returns the next free position. */
function parseMicroOps(value: unknown, model: TxnModel, internKey: (key: unknown) => number, fileName: string | undefined, line: number | undefined, ops: OpColumns, at: number): number {
  const fail = (message: string): never => {
    throw new BadInputError(message, fileName, line);
  };
  if (!Array.isArray(value)) return fail(`expected a txn value to be a vector of micro-ops like [[:append :x 1] [:r :y nil]], got ${show(value)}`);
  const kinds = kindsByModel[model];
  for (const micro of value as unknown[]) {
    if (!Array.isArray(micro) || micro.length < 2 || micro.length > 3) return fail(`expected a micro-op [f key value], got ${show(micro)}`);
    const f = micro[0] as unknown;
    const key = micro[1] as unknown;
    const argument = micro[2] as unknown;
    if (typeof f !== 'string' || !kinds.has(f)) {
      return fail(`unknown micro-op ${show(f)} in ${show(micro)}: a ${model} history has ${[...kinds].map((k) => `:${k}`).join(' and ')}`);
    }
    if (!(typeof key === 'string' || (typeof key === 'number' && Number.isFinite(key)))) return fail(`expected the key of ${show(micro)} to be a keyword, string or number`);
    if (at >= ops.kind.length) return fail('more micro-ops than the invocations hold');
    if (f === 'r') {
      if (model === 'list-append') {
        if (argument !== null && argument !== undefined && !Array.isArray(argument)) return fail(`a list-append read must be a list (or nil), got ${show(argument)} in ${show(micro)}`);
        // Elements are not inspected one by one (a million reads of ~16): one that no append wrote is a garbage-read.
      } else if (argument !== null && argument !== undefined && !isScalar(argument)) {
        return fail(`an rw-register read holds one written value (a number or string) or nil, got ${show(argument)} in ${show(micro)}`);
      }
      ops.value[at] = argument ?? null;
    } else {
      if (!isScalar(argument)) return fail(`expected the value of ${show(micro)} to be a number or string`);
      ops.value[at] = argument;
    }
    ops.kind[at] = Kind[f as MicroKind];
    ops.key[at] = internKey(key);
    at++;
  }
  return at;
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
