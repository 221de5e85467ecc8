/**
 * The transactional checker as a run's checker (checkers/registry.ts): list-append and
 * rw-register, each named after its datatype as Elle's checkers are, judging the `txn`
 * operations of a run against the consistency models of its spec (--consistency-models,
 * default strict-serializable). The history is the run's own: client events only.
 */
import { isClientEvent } from '../../harness/event.js';
import { type Checker, judging } from '../../harness/interfaces.js';
import { checkTransactions } from './check.js';
import { defaultConsistencyModels } from './consistency-models.js';
import { txnModels, type TxnModel } from './txn.js';

/** The checkers that read spec.consistencyModels: one per datatype. */
export const transactionalCheckerNames: readonly string[] = txnModels;

/** The operation every transactional workload sends (Jepsen's :txn). */
export const txnF = 'txn';

export function transactionalChecker(model: TxnModel): Checker {
  return judging([txnF], (spec, history) => checkTransactions(history.filter(isClientEvent), { model, consistencyModels: spec.consistencyModels ?? defaultConsistencyModels }));
}
