/**
 * A single register with read, write and (for cas-register) compare-and-set, as in
 * Porcupine's etcd model and Knossos' cas-register. Values are JSON scalars; null = empty.
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { badOperation } from './operation-errors.js';
import { canonicalJson, jsonEqual, show, type Model, type ModelOperation } from './model.js';

export type RegisterInput =
  | { f: 'read' }
  | { f: 'write'; value: unknown }
  | { f: 'cas'; from: unknown; to: unknown };

/** ok: it returned (value = what a read saw); fail: a rejected cas; unknown: may or may not have happened. */
export interface RegisterOutput {
  outcome: 'ok' | 'fail' | 'unknown';
  value?: unknown;
}

type RegisterState = unknown;

function prepareRegisterOperation(
  modelName: string,
  allowCas: boolean,
  operation: ClientOperation,
): ModelOperation<RegisterInput, RegisterOutput> | undefined {
  switch (operation.f) {
    case 'read':
      // A failed or unknown read constrains nothing.
      if (operation.outcome !== 'ok') return undefined;
      return { input: { f: 'read' }, output: { outcome: 'ok', value: operation.completionValue ?? null } };
    case 'write':
      if (operation.outcome === 'fail') return undefined;
      if (operation.invokeValue === undefined) throw badOperation(modelName, operation, 'has no value');
      return {
        input: { f: 'write', value: operation.invokeValue },
        output: { outcome: operation.outcome === 'ok' ? 'ok' : 'unknown' },
      };
    case 'cas': {
      if (!allowCas) throw badOperation(modelName, operation, 'is not an operation of this model (use --model cas-register)');
      const value = operation.invokeValue;
      if (!Array.isArray(value) || value.length !== 2) throw badOperation(modelName, operation, `value must be [from, to], got ${show(value)}`);
      const outcome = operation.outcome === 'info' ? 'unknown' : operation.outcome;
      return { input: { f: 'cas', from: value[0], to: value[1] }, output: { outcome } };
    }
    default:
      throw badOperation(modelName, operation, `is not an operation of this model (read, write${allowCas ? ', cas' : ''})`);
  }
}

function stepRegister(state: RegisterState, input: RegisterInput, output: RegisterOutput): RegisterState | undefined {
  switch (input.f) {
    case 'read':
      return jsonEqual(state, output.value) ? state : undefined;
    case 'write':
      return input.value;
    case 'cas': {
      const matches = jsonEqual(state, input.from);
      if (output.outcome === 'ok') return matches ? input.to : undefined;
      // A rejected cas is a read that saw something other than `from`.
      if (output.outcome === 'fail') return matches ? undefined : state;
      return matches ? input.to : state;
    }
  }
}

function describeRegisterOperation(input: RegisterInput, output: RegisterOutput): string {
  switch (input.f) {
    case 'read':
      return `read() -> ${show(output.value)}`;
    case 'write':
      return `write(${show(input.value)})${output.outcome === 'unknown' ? ' -> unknown' : ''}`;
    case 'cas':
      return `cas(${show(input.from)}, ${show(input.to)}) -> ${output.outcome}`;
  }
}

function makeRegisterModel(name: string, allowCas: boolean, initialValue: unknown): Model<RegisterState, RegisterInput, RegisterOutput> {
  return {
    name,
    partitioned: false,
    init: () => initialValue,
    prepare: (operation) => prepareRegisterOperation(name, allowCas, operation),
    step: stepRegister,
    blindWrite: (input) => input.f === 'write',
    readOnly: (input, output) => input.f === 'read' || (input.f === 'cas' && (output.outcome === 'fail' || jsonEqual(input.from, input.to))),
    equal: jsonEqual,
    hash: (state) => (typeof state === 'number' ? state : canonicalJson(state)),
    describeOperation: describeRegisterOperation,
    describeState: show,
  };
}

/** read/write register; `initialValue` defaults to null (empty). */
export function registerModel(initialValue: unknown = null): Model<RegisterState, RegisterInput, RegisterOutput> {
  return makeRegisterModel('register', false, initialValue);
}

/** read/write/cas register; `initialValue` defaults to null (empty). */
export function casRegisterModel(initialValue: unknown = null): Model<RegisterState, RegisterInput, RegisterOutput> {
  return makeRegisterModel('cas-register', true, initialValue);
}
