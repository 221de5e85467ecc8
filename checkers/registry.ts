/**
 * Checkers by name (spec.checkers). Each checker adds one import and one entry here.
 * The run loop wraps every call: a checker that throws yields 'unknown', never valid.
 */
import { UsageError } from '../harness/exit-codes.js';
import type { Checker } from './checker.js';
import { exactlyOnceChecker } from './exactly-once.js';
import { checkLinearizability } from './linearizability/check.js';
import type { ClientOperation } from './linearizability/operations.js';
import { casRegisterModel } from './models/cas-register.js';
import type { Model } from './models/model.js';
import { perfChecker } from './perf.js';
import { kvLinearizableChecker } from '../workloads/kv.js';
import { counterChecker } from './maelstrom/counter.js';
import { echoChecker } from './maelstrom/echo.js';
import { kafkaChecker } from './maelstrom/kafka.js';
import { linKvChecker } from './maelstrom/lin-kv.js';
import { maelstromProtocolChecker } from './maelstrom/protocol.js';
import { setFullChecker } from './maelstrom/set-full.js';
import { uniqueIdsChecker } from './maelstrom/unique-ids.js';

/** How long the linearizability search may take before it answers 'unknown', ms. */
export const linearizableTimeoutMs = 120_000;

/**
 * The cas-register model over Jepsen's independent keys: every value is [key, v]; each key is
 * its own register and its own part of the history (P-compositionality), so the search runs
 * per key. Operations whose value is not a [key, v] pair are rejected by the inner model.
 */
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

const linearizableChecker: Checker = (_spec, history) => checkLinearizability(history, keyedCasRegisterModel(), { timeoutMs: linearizableTimeoutMs });

export const checkers: Readonly<Record<string, Checker>> = {
  perf: perfChecker,
  'exactly-once': exactlyOnceChecker,
  linearizable: linearizableChecker,
  'linearizable-kv': kvLinearizableChecker,
  // Maelstrom's workloads (workloads/maelstrom/)
  echo: echoChecker,
  'unique-ids': uniqueIdsChecker,
  'set-full': setFullChecker,
  counter: counterChecker,
  'lin-kv': linKvChecker,
  kafka: kafkaChecker,
  'maelstrom-protocol': maelstromProtocolChecker,
};

export function checkerByName(name: string): Checker {
  const checker = checkers[name];
  if (checker === undefined) throw new UsageError(`unknown checker '${name}' (known: ${Object.keys(checkers).sort().join(', ')})`);
  return checker;
}
