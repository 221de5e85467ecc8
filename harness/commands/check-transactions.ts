/**
 * `harness check --model list-append|rw-register`: one file through the transactional checker,
 * and what is printed for it: a JSON line (valid, anomalyTypes, notModels, anomalies, ...) or a
 * human verdict followed by each anomaly explained in words.
 */
import { checkTransactions, type TxnCheckResult } from '../../checkers/transactions/check.js';
import type { TxnModel } from '../../checkers/transactions/txn.js';
import type { HistoryEvent } from '../event.js';
import type { HistoryFormat } from '../history/history-format.js';

export interface TxnCheckFlags {
  consistencyModels?: string[];
  anomalies?: string[];
}

/** Anomalies explained in the human output per type; --json has all that were kept. */
const explainedPerType = 1;

export function checkTransactionsFile(file: string, format: HistoryFormat, events: readonly HistoryEvent[], model: TxnModel, flags: TxnCheckFlags): TxnCheckResult {
  return checkTransactions(events, { model, fileName: file, ...(flags.consistencyModels === undefined ? {} : { consistencyModels: flags.consistencyModels }), ...(flags.anomalies === undefined ? {} : { anomalies: flags.anomalies }) });
}

export function txnVerdictJson(file: string, format: HistoryFormat, result: TxnCheckResult): string {
  const { checker: _checker, valid, model, consistencyModels, txns, anomalyTypes, notModels, alsoNotModels, anomalies, anomalyCounts, elapsedMs, summary } = result;
  return JSON.stringify({ file, format, model, consistencyModels, txns, valid, anomalyTypes, notModels, alsoNotModels, anomalyCounts, elapsedMs: Math.round(elapsedMs * 100) / 100, summary, anomalies });
}

export function txnVerdictText(file: string, result: TxnCheckResult): string {
  const word = result.valid === true ? 'valid' : result.valid === false ? 'INVALID' : 'unknown';
  const lines = [`${file}: ${word} (${result.model}, ${result.consistencyModels.join(', ') || 'listed anomalies'}, ${result.txns} txns, ${Math.round(result.elapsedMs)} ms): ${result.summary}`];
  for (const type of result.anomalyTypes) {
    for (const anomaly of (result.anomalies[type] ?? []).slice(0, explainedPerType)) {
      lines.push(`  ${type}:`);
      const ops = 'ops' in anomaly && Array.isArray(anomaly.ops) ? (anomaly.ops as string[]).map((op) => `    ${op}`) : [];
      lines.push(...ops, ...anomaly.explanation.split('\n').map((line) => `    ${line}`));
    }
    const more = (result.anomalyCounts[type] ?? 0) - explainedPerType;
    if (more > 0) lines.push(`    ... and ${more} more ${type} (see --json)`);
  }
  return lines.join('\n');
}
