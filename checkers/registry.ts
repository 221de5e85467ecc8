/**
 * Checkers by name (spec.checkers). Each checker adds one import and one entry here.
 * The run loop wraps every call: a checker that throws yields 'unknown', never valid.
 */
import { UsageError } from '../harness/exit-codes.js';
import { type Checker, judging } from '../harness/interfaces.js';
import { availabilityChecker, availabilityCheckerName } from './availability.js';
import { bankChecker } from './bank.js';
import { exactlyOnceChecker, ledgerWriteFs } from './exactly-once.js';
import { kvLinearizableChecker, linearizableChecker } from './linearizable.js';
import { counterChecker } from './maelstrom/counter.js';
import { echoChecker } from './maelstrom/echo.js';
import { kafkaChecker } from './maelstrom/kafka.js';
import { linKvChecker } from './maelstrom/lin-kv.js';
import { maelstromProtocolChecker } from './maelstrom/protocol.js';
import { setFullChecker } from './maelstrom/set-full.js';
import { uniqueIdsChecker } from './maelstrom/unique-ids.js';
import { perfChecker } from './perf.js';
import { transactionalChecker } from './transactions/txn-checker.js';
import { maelstromOps } from '../workloads/maelstrom/registry.js';

/** Each entry with the operations it judges (Checker.ops; perf judges every operation). */
export const checkers: Readonly<Record<string, Checker>> = {
  perf: perfChecker,
  // Maelstrom's --availability (every client operation, as perf); added to a run that asks.
  [availabilityCheckerName]: availabilityChecker,
  'exactly-once': judging([...ledgerWriteFs, 'read'], exactlyOnceChecker),
  linearizable: judging(['read', 'write', 'cas'], linearizableChecker),
  'linearizable-kv': judging(['get', 'put', 'append'], kvLinearizableChecker),
  // Maelstrom's workloads (workloads/maelstrom/); maelstrom-protocol judges every Maelstrom run.
  echo: judging(['echo'], echoChecker),
  'unique-ids': judging(['generate'], uniqueIdsChecker),
  'set-full': judging(['add', 'broadcast', 'read', 'final-read'], setFullChecker),
  counter: judging(['add', 'read', 'final-read'], counterChecker),
  'lin-kv': judging(['read', 'write', 'cas'], linKvChecker),
  kafka: judging(['send', 'poll', 'final-poll'], kafkaChecker),
  'maelstrom-protocol': judging(maelstromOps, maelstromProtocolChecker),
  bank: judging(['transfer', 'read'], bankChecker),
  // Elle's transactional checkers (checkers/transactions/), held to spec.consistencyModels.
  'list-append': transactionalChecker('list-append'),
  'rw-register': transactionalChecker('rw-register'),
};

export function checkerByName(name: string): Checker {
  const checker = checkers[name];
  if (checker === undefined) throw new UsageError(`unknown checker '${name}' (known: ${Object.keys(checkers).sort().join(', ')})`);
  return checker;
}
