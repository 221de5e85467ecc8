/**
 * A sequential specification the linearizability checker searches against: a small record of
 * pure functions, as in Porcupine's model.go (init, step, equal/hash, partition, describe).
 */
import type { ClientOperation } from '../linearizability/operations.js';

/** What a model makes of one client operation: its argument and what it returned. */
export interface ModelOperation<I = unknown, O = unknown> {
  input: I;
  output: O;
  /**
   * The part of the history this operation belongs to (P-compositionality, e.g. the key
   * for kv); undefined when the model does not partition.
   */
  partKey?: string;
}

export interface Model<S, I = any, O = any> {
  readonly name: string;
  /** The initial state of one part (partKey as given by prepare; undefined when unpartitioned). */
  init(partKey: string | undefined): S;
  /**
   * Translates a paired operation into model input/output. Returns undefined for an operation
   * that has no effect and constrains nothing (a failed write, a read whose outcome is unknown),
   * which the checker then leaves out. Throws BadInputError for an operation the model does not know.
   * An operation with outcome 'info' must get an output for which step is legal in every state
   * in which the operation can take effect at all.
   */
  prepare(operation: ClientOperation): ModelOperation<I, O> | undefined;
  /** The state after the operation, or undefined when the operation cannot return `output` in `state`. */
  step(state: S, input: I, output: O): S | undefined;
  /**
   * True when the operation never changes the state, in any state where it is legal (a read,
   * a failed cas). The search linearizes such an operation as soon as it is legal (pruning rule 1).
   */
  readOnly(input: I, output: O): boolean;
  /** True when the state after the operation does not depend on the state before it (a write, a put). */
  blindWrite(input: I, output: O): boolean;
  /**
   * Optional pruning hint for a read-only operation that is not legal in `state`: false only
   * when it can never become legal from `state` through operations that may still take effect
   * first, given whether a blind write is among them (kv: without a put, appends only extend
   * the value, so the read value must start with the current one). Never false wrongly.
   */
  mayBecomeLegal?(state: S, input: I, output: O, blindWriteAvailable: boolean): boolean;
  equal(a: S, b: S): boolean;
  /** Equal states have equal hashes. */
  hash(state: S): string | number;
  /** True when prepare sets partKey and parts are independent (P-compositionality). */
  readonly partitioned: boolean;
  describeOperation(input: I, output: O): string;
  describeState(state: S): string;
}

/** Deep equality of plain JSON values (states and register values are small). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
}

/** A short human rendering of a JSON value for descriptions. */
export function show(value: unknown): string {
  return value === undefined ? 'nil' : value === null ? 'nil' : canonicalJson(value);
}
