/**
 * A key-value store of strings with get, put and append (Porcupine's kv model). Keys are
 * independent, so the history is split per key (P-compositionality) and a state is the value
 * of one key. Values are Jepsen independent tuples [key, value]; keys start as "".
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { badOperation } from './operation-errors.js';
import { show, type Model, type ModelOperation } from './model.js';

export interface KvInput {
  f: 'get' | 'put' | 'append';
  /** The string written (put/append); unused for get. */
  value: string;
}

export interface KvOutput {
  outcome: 'ok' | 'unknown';
  /** What a get read. */
  value: string;
}

function tuple(operation: ClientOperation, value: unknown, what: string): [string, unknown] {
  if (!Array.isArray(value) || value.length !== 2) throw badOperation('kv', operation, `${what} must be [key, value], got ${show(value)}`);
  const key = value[0];
  if (typeof key !== 'string') throw badOperation('kv', operation, `key must be a string, got ${show(key)}`);
  return [key, value[1]];
}

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
      return { input: { f: 'get', value: '' }, output: { outcome: 'ok', value: read }, partKey: key };
    }
    case 'put':
    case 'append':
      if (operation.outcome === 'fail') return undefined;
      if (typeof argument !== 'string') throw badOperation('kv', operation, `value must be a string, got ${show(argument)}`);
      return {
        input: { f: operation.f, value: argument },
        output: { outcome: operation.outcome === 'ok' ? 'ok' : 'unknown', value: '' },
        partKey: key,
      };
    default:
      throw badOperation('kv', operation, 'is not an operation of this model (get, put, append)');
  }
}

function stepKv(state: string, input: KvInput, output: KvOutput): string | undefined {
  switch (input.f) {
    case 'get':
      return state === output.value ? state : undefined;
    case 'put':
      return input.value;
    case 'append':
      return state + input.value;
  }
}

/** `initial` gives keys' starting values; other keys start as "". */
export function kvModel(initial: Readonly<Record<string, string>> = {}): Model<string, KvInput, KvOutput> {
  return {
    name: 'kv',
    partitioned: true,
    init: (key) => (key !== undefined && Object.prototype.hasOwnProperty.call(initial, key) ? initial[key]! : ''),
    prepare: prepareKvOperation,
    step: stepKv,
    blindWrite: (input) => input.f === 'put',
    readOnly: (input) => input.f === 'get' || (input.f === 'append' && input.value === ''),
    equal: (a, b) => a === b,
    hash: (state) => state,
    describeOperation: (input, output) =>
      input.f === 'get' ? `get() -> ${JSON.stringify(output.value)}` : `${input.f}(${JSON.stringify(input.value)})${output.outcome === 'unknown' ? ' -> unknown' : ''}`,
    describeState: (state) => JSON.stringify(state),
  };
}
