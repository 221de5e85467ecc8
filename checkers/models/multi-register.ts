/**
 * Knossos' multi-register: named registers read and written by transactions, each a list of
 * micro-ops [f, key, value] with f 'r' or 'w', or 'read' / 'write' as Knossos' own model and
 * example histories spell them. A read of null in a completed transaction tells nothing
 * (Knossos). A state maps keys to values; keys never written hold null.
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { badOperation } from './operation-errors.js';
import { canonicalJson, jsonEqual, show, type Model, type ModelOperation } from './model.js';

/** One micro-op; `value` is the value written, or the value read (null: tells nothing). */
export interface MicroOp {
  f: 'r' | 'w';
  key: string;
  value: unknown;
}
export interface MultiRegisterInput {
  ops: MicroOp[];
}
export interface MultiRegisterOutput {
  outcome: 'ok' | 'unknown';
}
/** Register values by key, sorted by key (so equal states print and hash alike). */
export type MultiRegisterState = Readonly<Record<string, unknown>>;

function keyName(key: unknown): string {
  return typeof key === 'string' ? key : canonicalJson(key);
}

/** Micro-op names as histories spell them: Jepsen's txn micro-ops (r, w) and Knossos' multi-register (read, write). */
const microOpNames: Readonly<Record<string, MicroOp['f']>> = { r: 'r', w: 'w', read: 'r', write: 'w' };

function microOps(operation: ClientOperation, value: unknown, what: string): MicroOp[] {
  if (!Array.isArray(value)) throw badOperation('multi-register', operation, `${what} must be a list of [f key value], got ${show(value)}`);
  return value.map((micro) => {
    const f = Array.isArray(micro) && typeof micro[0] === 'string' && Object.hasOwn(microOpNames, micro[0]) ? microOpNames[micro[0]] : undefined;
    if (f === undefined || micro.length < 2 || micro.length > 3) {
      throw badOperation('multi-register', operation, `${what}: micro-op must be ["r"|"w"|"read"|"write", key, value], got ${show(micro)}`);
    }
    return { f, key: keyName(micro[1]), value: micro[2] ?? null };
  });
}

function prepareMultiRegisterOperation(operation: ClientOperation): ModelOperation<MultiRegisterInput, MultiRegisterOutput> | undefined {
  if (operation.f !== 'txn') throw badOperation('multi-register', operation, 'is not an operation of this model (txn)');
  if (operation.outcome === 'fail') return undefined;
  const invoked = microOps(operation, operation.invokeValue, 'value');
  if (operation.outcome === 'info') {
    // Unknown outcome: the writes may have happened; the reads tell nothing.
    return { input: { ops: invoked.map((micro) => (micro.f === 'r' ? { ...micro, value: null } : micro)) }, output: { outcome: 'unknown' } };
  }
  const completed = operation.completionValue === undefined || operation.completionValue === null ? invoked : microOps(operation, operation.completionValue, 'completion value');
  if (completed.length !== invoked.length || completed.some((micro, i) => micro.f !== invoked[i]!.f || micro.key !== invoked[i]!.key)) {
    throw badOperation('multi-register', operation, 'completion micro-ops do not match the invoked ones');
  }
  return { input: { ops: completed }, output: { outcome: 'ok' } };
}

function stepMultiRegister(state: MultiRegisterState, input: MultiRegisterInput): MultiRegisterState | undefined {
  let next: Record<string, unknown> | undefined;
  for (const micro of input.ops) {
    const current = next ?? state;
    if (micro.f === 'r') {
      if (micro.value !== null && !jsonEqual(micro.value, current[micro.key] ?? null)) return undefined;
    } else {
      next ??= { ...state };
      next[micro.key] = micro.value;
    }
  }
  return next === undefined ? state : sortKeys(next);
}

function sortKeys(registers: Record<string, unknown>): MultiRegisterState {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(registers).sort()) {
    // Keys holding null are left out so that "never written" and "written null" are one state.
    if (registers[key] !== null && registers[key] !== undefined) sorted[key] = registers[key];
  }
  return sorted;
}

/** `initial` gives registers' starting values; the rest start null. */
export function multiRegisterModel(initial: Readonly<Record<string, unknown>> = {}): Model<MultiRegisterState, MultiRegisterInput, MultiRegisterOutput> {
  const initialState = sortKeys({ ...initial });
  return {
    name: 'multi-register',
    partitioned: false,
    init: () => initialState,
    prepare: prepareMultiRegisterOperation,
    step: stepMultiRegister,
    // A transaction's writes leave the other registers as they were.
    blindWrite: () => false,
    readOnly: (input) => input.ops.every((micro) => micro.f === 'r'),
    equal: (a, b) => canonicalJson(a) === canonicalJson(b),
    hash: canonicalJson,
    describeOperation: (input, output) =>
      `txn(${input.ops.map((micro) => `[${micro.f} ${micro.key} ${show(micro.value)}]`).join(' ')})${output.outcome === 'unknown' ? ' -> unknown' : ''}`,
    describeState: (state) => (Object.keys(state).length === 0 ? '{} (all nil)' : canonicalJson(state)),
  };
}
