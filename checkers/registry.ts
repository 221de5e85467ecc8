/**
 * Checkers by name (spec.checkers). Each checker adds one import and one entry here.
 * The run loop wraps every call: a checker that throws yields 'unknown', never valid.
 */
import { UsageError } from '../harness/exit-codes.js';
import type { Checker } from './checker.js';
import { exactlyOnceChecker } from './exactly-once.js';
import { kvLinearizableChecker, linearizableChecker } from './linearizable.js';
import { perfChecker } from './perf.js';

export const checkers: Readonly<Record<string, Checker>> = {
  perf: perfChecker,
  'exactly-once': exactlyOnceChecker,
  linearizable: linearizableChecker,
  'linearizable-kv': kvLinearizableChecker,
};

export function checkerByName(name: string): Checker {
  const checker = checkers[name];
  if (checker === undefined) throw new UsageError(`unknown checker '${name}' (known: ${Object.keys(checkers).sort().join(', ')})`);
  return checker;
}
