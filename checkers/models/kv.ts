/**
 * A key-value store of strings with get, put and append (Porcupine's kv model). Keys are
 * independent, so the history is split per key (P-compositionality) and a state is the value
 * of one key. Values are Jepsen independent tuples [key, value]; keys start as "".
 *
 * A state carries a polynomial hash of its text, updated in O(appended length) by each step,
 * so that long values built by many appends are never rehashed from the start (the search
 * interns every state it meets). Equal hashes are confirmed by comparing the texts.
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { badOperation } from './operation-errors.js';
import { show, type Model, type ModelOperation } from './model.js';

export interface KvState {
  readonly text: string;
  /** Polynomial hash of text (see textHash). */
  readonly hash: number;
}

export interface KvInput {
  f: 'get' | 'put' | 'append';
  /** The string written (put/append); unused for get. */
  value: string;
  /** textHash(value), and base^value.length (for appending it to a hash). */
  valueHash: number;
  valuePower: number;
}

export interface KvOutput {
  outcome: 'ok' | 'unknown';
  /** What a get read. */
  value: string;
  /** textHash(value), computed the first time it is needed (see valueHashKnown). */
  valueHash: number;
  valueHashKnown: boolean;
  /** Hashes of value's prefixes, computed the first time they are needed (mayBecomeLegal). */
  prefixHashes?: number[];
}

// Polynomial hash modulo 2^32 (Math.imul): hash(a + b) = hash(a) * base^|b| + hash(b).
const base = 0x01000193;

function textHash(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, base) + text.charCodeAt(i)) | 0;
  return hash;
}

function power(length: number): number {
  let result = 1;
  for (let i = 0; i < length; i++) result = Math.imul(result, base);
  return result;
}

function kvState(text: string): KvState {
  return { text, hash: textHash(text) };
}

function tuple(operation: ClientOperation, value: unknown, what: string): [string, unknown] {
  if (!Array.isArray(value) || value.length !== 2) throw badOperation('kv', operation, `${what} must be [key, value], got ${show(value)}`);
  const key = value[0];
  if (typeof key !== 'string') throw badOperation('kv', operation, `key must be a string, got ${show(key)}`);
  return [key, value[1]];
}

const getInput: KvInput = { f: 'get', value: '', valueHash: 0, valuePower: 1 };
const okWrite: KvOutput = { outcome: 'ok', value: '', valueHash: 0, valueHashKnown: true };
const unknownWrite: KvOutput = { outcome: 'unknown', value: '', valueHash: 0, valueHashKnown: true };

function prepareKvOperation(operation: ClientOperation): ModelOperation<KvInput, KvOutput> | undefined {
  const [key, argument] = tuple(operation, operation.invokeValue, 'value');
  switch (operation.f) {
    case 'get': {
      if (operation.outcome !== 'ok') return undefined;
      const [readKey, read] = tuple(operation, operation.completionValue, 'completion value');
      if (readKey !== key) throw badOperation('kv', operation, `completes for key ${show(readKey)} but was invoked for ${show(key)}`);
      // A nil read tells nothing (Knossos); keys start as "", so a real read is a string.
      if (read === null || read === undefined) return undefined;
      if (typeof read !== 'string') throw badOperation('kv', operation, `read value must be a string, got ${show(read)}`);
      return { input: getInput, output: { outcome: 'ok', value: read, valueHash: 0, valueHashKnown: false }, partKey: key };
    }
    case 'put':
    case 'append':
      if (operation.outcome === 'fail') return undefined;
      if (typeof argument !== 'string') throw badOperation('kv', operation, `value must be a string, got ${show(argument)}`);
      return {
        input: { f: operation.f, value: argument, valueHash: textHash(argument), valuePower: operation.f === 'append' ? power(argument.length) : 1 },
        output: operation.outcome === 'ok' ? okWrite : unknownWrite,
        partKey: key,
      };
    default:
      throw badOperation('kv', operation, 'is not an operation of this model (get, put, append)');
  }
}

function stepKv(state: KvState, input: KvInput, output: KvOutput): KvState | undefined {
  switch (input.f) {
    case 'get':
      if (state.text.length !== output.value.length) return undefined;
      if (!output.valueHashKnown) {
        output.valueHash = textHash(output.value);
        output.valueHashKnown = true;
      }
      return state.hash === output.valueHash && state.text === output.value ? state : undefined;
    case 'put':
      return { text: input.value, hash: input.valueHash };
    case 'append':
      return input.value === '' ? state : { text: state.text + input.value, hash: (Math.imul(state.hash, input.valuePower) + input.valueHash) | 0 };
  }
}

/** Without a put, appends only extend the value: a read must then start with the current value. */
function mayBecomeLegal(state: KvState, _input: KvInput, output: KvOutput, blindWriteAvailable: boolean): boolean {
  if (blindWriteAvailable) return true;
  const length = state.text.length;
  if (length > output.value.length) return false;
  if (output.prefixHashes === undefined) {
    const hashes = new Array<number>(output.value.length + 1);
    hashes[0] = 0;
    for (let i = 0; i < output.value.length; i++) hashes[i + 1] = (Math.imul(hashes[i]!, base) + output.value.charCodeAt(i)) | 0;
    output.prefixHashes = hashes;
  }
  // Different hashes prove "not a prefix"; equal ones may still differ, which only means less pruning.
  return output.prefixHashes[length] === state.hash;
}

/** `initial` gives keys' starting values; other keys start as "". */
export function kvModel(initial: Readonly<Record<string, string>> = {}): Model<KvState, KvInput, KvOutput> {
  return {
    name: 'kv',
    partitioned: true,
    init: (key) => kvState(key !== undefined && Object.prototype.hasOwnProperty.call(initial, key) ? initial[key]! : ''),
    prepare: prepareKvOperation,
    step: stepKv,
    blindWrite: (input) => input.f === 'put',
    readOnly: (input) => input.f === 'get' || (input.f === 'append' && input.value === ''),
    mayBecomeLegal,
    equal: (a, b) => a.hash === b.hash && a.text === b.text,
    hash: (state) => state.hash,
    describeOperation: (input, output) =>
      input.f === 'get' ? `get() -> ${JSON.stringify(output.value)}` : `${input.f}(${JSON.stringify(input.value)})${output.outcome === 'unknown' ? ' -> unknown' : ''}`,
    describeState: (state) => JSON.stringify(state.text),
  };
}
