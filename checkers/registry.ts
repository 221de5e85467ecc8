/**
 * Checkers by name (spec.checkers). Each checker adds one import and one entry here.
 * The run loop wraps every call: a checker that throws yields 'unknown', never valid.
 */
import { UsageError } from '../harness/exit-codes.js';
import type { Checker } from './checker.js';
import { exactlyOnceChecker } from './exactly-once.js';
import { checkLinearizability } from './linearizability/check.js';
import { keyedCasRegisterModel, linearizableTimeoutMs } from './models/keyed-cas-register.js';
import { perfChecker } from './perf.js';
import { kvLinearizableChecker } from '../workloads/kv.js';
import { counterChecker } from './maelstrom/counter.js';
import { echoChecker } from './maelstrom/echo.js';
import { kafkaChecker } from './maelstrom/kafka.js';
import { linKvChecker } from './maelstrom/lin-kv.js';
import { maelstromProtocolChecker } from './maelstrom/protocol.js';
import { setFullChecker } from './maelstrom/set-full.js';
import { uniqueIdsChecker } from './maelstrom/unique-ids.js';

export { keyedCasRegisterModel, linearizableTimeoutMs } from './models/keyed-cas-register.js';

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
