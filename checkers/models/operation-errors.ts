/** Errors a model raises for an operation it cannot interpret: they name the history line. */
import { BadInputError } from '../../harness/exit-codes.js';
import type { ClientOperation } from '../linearizability/operations.js';

export function badOperation(model: string, operation: ClientOperation, what: string): BadInputError {
  const line = operation.callLine === undefined ? `event of operation ${operation.id}` : `line ${operation.callLine}`;
  return new BadInputError(`${line}: ${model} model: ${operation.f} ${what}`);
}
