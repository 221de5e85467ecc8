/**
 * Writing report.html: for a run folder (end of `harness test`, `harness report DIR`, the
 * results browser) and for a single checked history file (`harness check --html OUT`, checked
 * for linearizability or by a transactional checker).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TxnCheckResult } from '../../checkers/transactions/check.js';
import type { HistoryEvent } from '../../harness/event.js';
import { replayRecordFile, replayRunCommand } from '../../harness/replay/replay-record.js';
import { buildReportData } from './build-report-data.js';
import { readMinimalHistory } from './minimal-history.js';
import { readRun } from './read-run.js';
import { renderReportHtml } from './render-report-html.js';
import type { ReportData } from './report-data.js';

export const reportFileName = 'report.html';

/** The page for a saved run, as a string (the results browser serves it without writing). */
export function runReportHtml(runDir: string): string {
  return renderReportHtml(runReportData(runDir));
}

/** What the page of a saved run draws: its files read (read-run.ts, minimal-history.ts). */
export function runReportData(runDir: string): ReportData {
  const run = readRun(runDir);
  const name = typeof run.spec?.name === 'string' ? run.spec.name : basename(dirname(run.dir));
  return buildReportData({
    title: `${name} · ${basename(run.dir)}`,
    source: run.dir,
    spec: run.spec,
    results: run.results,
    events: run.events,
    messages: run.messages,
    // A run killed before its end, or stored by a harness without replay, has no record to replay.
    replayCommand: existsSync(join(run.dir, replayRecordFile)) ? replayRunCommand(run.dir) : '',
    minimalHistory: readMinimalHistory(run.dir),
  });
}

/** Writes DIR/report.html (or outFile) for the run in runDir; returns the file written. */
export function writeRunReport(runDir: string, outFile?: string): string {
  const html = runReportHtml(runDir);
  const file = outFile ?? join(readRun(runDir).dir, reportFileName);
  writeFileSync(file, html);
  return file;
}

/**
 * The report page of one history file checked for linearizability: the timeline of its
 * operations and, for a violation, Porcupine's view of where no linearization exists.
 * `result` is the checker's result for the file (its explanation is read tolerantly).
 */
export function writeLinearizabilityHtml(outFile: string, fileName: string, events: readonly HistoryEvent[], result: unknown): void {
  const checkerResult = typeof result === 'object' && result !== null && !Array.isArray(result) ? { checker: 'linearizable', ...(result as Record<string, unknown>) } : { checker: 'linearizable', valid: 'unknown', summary: String(result) };
  const data = buildReportData({ title: `${basename(fileName)} · linearizability`, source: fileName, spec: null, results: [checkerResult], events });
  writeFileSync(outFile, renderReportHtml(data));
}

/**
 * The report page of one history file checked by a transactional checker (`harness check
 * --model list-append|rw-register --html OUT`): the timeline and, for an invalid history, the
 * dependency cycles the checker explained. `result` is the checker's result for the file.
 */
export function writeTransactionsHtml(outFile: string, fileName: string, events: readonly HistoryEvent[], result: TxnCheckResult): void {
  const data = buildReportData({ title: `${basename(fileName)} · ${result.model}`, source: fileName, spec: null, results: [result], events });
  writeFileSync(outFile, renderReportHtml(data));
}
