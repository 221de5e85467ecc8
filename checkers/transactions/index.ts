export { checkTransactions, validateModelNames, type TxnCheckOptions, type TxnCheckResult, type CycleReport } from './check.js';
export { consistencyModelNames, anomalyNames, defaultConsistencyModels } from './consistency-models.js';
export { txnModels, type TxnModel } from './txn.js';
