/**
 * Knossos' mutex: acquire takes a free lock, release frees a held one; anything else is
 * illegal. The state is true when the lock is held.
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { badOperation } from './operation-errors.js';
import type { Model, ModelOperation } from './model.js';

export interface MutexInput {
  f: 'acquire' | 'release';
}
export interface MutexOutput {
  outcome: 'ok' | 'unknown';
}

function prepareMutexOperation(operation: ClientOperation): ModelOperation<MutexInput, MutexOutput> | undefined {
  if (operation.f !== 'acquire' && operation.f !== 'release') {
    throw badOperation('mutex', operation, 'is not an operation of this model (acquire, release)');
  }
  // A failed acquire or release had no effect.
  if (operation.outcome === 'fail') return undefined;
  return { input: { f: operation.f }, output: { outcome: operation.outcome === 'ok' ? 'ok' : 'unknown' } };
}

/** `held` is the initial state: true = held, false = free (default). */
export function mutexModel(held = false): Model<boolean, MutexInput, MutexOutput> {
  return {
    name: 'mutex',
    partitioned: false,
    init: () => held,
    prepare: prepareMutexOperation,
    // The same rule for ok and unknown outcomes: an unknown acquire can only have taken effect on a free lock.
    step: (state, input) => (input.f === 'acquire' ? (state ? undefined : true) : state ? false : undefined),
    readOnly: () => false,
    blindWrite: () => false,
    equal: (a, b) => a === b,
    hash: (state) => (state ? 1 : 0),
    describeOperation: (input, output) => `${input.f}()${output.outcome === 'unknown' ? ' -> unknown' : ''}`,
    describeState: (state) => (state ? 'held' : 'free'),
  };
}
