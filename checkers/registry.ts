/**
 * Checkers by name (spec.checkers). Each checker adds one import and one entry here.
 * The run loop wraps every call: a checker that throws yields 'unknown', never valid.
 */
import { UsageError } from '../harness/exit-codes.js';
import { judging, type Checker } from './checker.js';
import { exactlyOnceChecker, ledgerWriteFs } from './exactly-once.js';
import { kvLinearizableChecker, linearizableChecker } from './linearizable.js';
import { perfChecker } from './perf.js';

/** Each entry with the operations it judges (Checker.ops; perf judges every operation). */
export const checkers: Readonly<Record<string, Checker>> = {
  perf: perfChecker,
  'exactly-once': judging([...ledgerWriteFs, 'read'], exactlyOnceChecker),
  linearizable: judging(['read', 'write', 'cas'], linearizableChecker),
  'linearizable-kv': judging(['get', 'put', 'append'], kvLinearizableChecker),
};

export function checkerByName(name: string): Checker {
  const checker = checkers[name];
  if (checker === undefined) throw new UsageError(`unknown checker '${name}' (known: ${Object.keys(checkers).sort().join(', ')})`);
  return checker;
}
