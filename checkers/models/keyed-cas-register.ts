/**
 * The cas-register over Jepsen's independent keys, as the harness's register workload writes
 * it: every value is [key, v]; each key is its own register and its own part of the history
 * (P-compositionality), so the search runs per key. Used by the run loop's `linearizable`
 * checker, by `harness check` on such histories and by the report, so it lives with the models.
 */
import type { ClientOperation } from '../linearizability/operations.js';
import { casRegisterModel } from './cas-register.js';
import type { Model } from './model.js';

/** Operations whose value is not a [key, v] pair are one register (key ""); the inner model rejects what it cannot read. */
export function keyedCasRegisterModel(initialValue: unknown = null): Model<unknown> {
  const inner = casRegisterModel(initialValue);
  return {
    ...inner,
    name: 'cas-register per key',
    partitioned: true,
    init: () => inner.init(undefined),
    prepare(operation: ClientOperation) {
      const [key, argument] = splitKeyed(operation.invokeValue);
      const completion = operation.completionValue === undefined ? undefined : splitKeyed(operation.completionValue)[1];
      const prepared = inner.prepare({ ...operation, invokeValue: argument, completionValue: completion });
      return prepared === undefined ? undefined : { ...prepared, partKey: key };
    },
  };
}

function splitKeyed(value: unknown): [string, unknown] {
  if (Array.isArray(value) && value.length === 2) return [typeof value[0] === 'string' ? value[0] : JSON.stringify(value[0]), value[1]];
  return ['', value]; // not keyed: one register
}
