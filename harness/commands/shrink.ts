/**
 * `harness shrink DIR`: the smallest sub-history of a failing run that its checkers still
 * reject the same way (harness/shrink/), written as DIR/minimal-history.jsonl; checker only,
 * seconds. `harness check DIR/minimal-history.jsonl` re-checks it exactly as it was judged.
 * DIR/report.html is rewritten to show it first (results/report/minimal-history.ts).
 * Exit 1 when a minimal history was written (it is invalid), 0 when the run's checkers accept
 * the history (nothing to shrink), 2 when they could not decide, 64/65 for bad input.
 * With --rerun it shrinks the run instead (shrink-rerun.ts).
 */
import { InvalidArgumentError, type Command } from 'commander';
import path from 'node:path';
import { checkers } from '../../checkers/registry.js';
import { reportFileName, writeRunReport } from '../../results/report/write-report.js';
import { storeFiles } from '../../results/store.js';
import { setExitCode } from '../cli.js';
import { verdictWord } from '../verdict-word.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { writeHistoryFile } from '../history/history-writer.js';
import { runCheckers } from '../run.js';
import { sameRejection } from '../shrink/rejection.js';
import { isRunFolder, readRunFolder } from '../shrink/run-folder.js';
import { shrinkRerunAction, shrinkRerunDefaults } from './shrink-rerun.js';
import { shrinkHistory, type ShrinkResult } from '../shrink/shrink-history.js';

/** How long refining may take by default before the smallest history so far is kept, milliseconds. */
export const shrinkBudgetMsDefault = 30_000;

export function register(program: Command): void {
  program
    .command('shrink')
    .description("find the smallest part of a failing run's history that its checkers still reject, write DIR/minimal-history.jsonl; with --rerun, the smallest run that still fails")
    .argument('<dir>', 'a run folder of the store (it has test.json and history.jsonl)')
    .option('--budget-ms <ms>', 'stop refining the history after this long and keep the smallest found so far, milliseconds', parseWhole('milliseconds', 1), shrinkBudgetMsDefault)
    .option('--json', 'print one JSON object: {dir, file, operationsBefore, operationsAfter, tests, minimal, elapsedMs, checkers, report}')
    .option('--rerun', 'shrink the run instead: run the same seed with a shorter --time-limit, fewer --nemesis kinds and fault steps, a lower --concurrency and --rate, keep what still fails; prints the smallest command and writes DIR/shrink-run.json')
    .option('--tries <k>', `with --rerun: runs of a candidate at most; it is kept when one of them fails the way the run did (default ${shrinkRerunDefaults.tries})`, parseWhole('runs', 1))
    .option('--budget <minutes>', `with --rerun: stop after this long, kill the run going and print the smallest command so far, minutes (default ${shrinkRerunDefaults.budgetMinutes})`, parseMinutes)
    .action(async (dir: string, options: { budgetMs: number; json?: boolean; rerun?: boolean; tries?: number; budget?: number }) => {
      if (options.rerun !== true) {
        if (options.tries !== undefined || options.budget !== undefined) throw new UsageError('--tries and --budget go with --rerun (the history shrink takes --budget-ms)');
        setExitCode(shrinkRun(dir, options));
        return;
      }
      if (options.json === true) throw new UsageError('--json is for the history shrink; --rerun writes DIR/shrink-run.json');
      setExitCode(await shrinkRerunAction(dir, { tries: options.tries ?? shrinkRerunDefaults.tries, budgetMinutes: options.budget ?? shrinkRerunDefaults.budgetMinutes }));
    });
}

function parseWhole(unit: string, min: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of ${unit} >= ${min}, got ${text}`);
    return n;
  };
}

function parseMinutes(text: string): number {
  const minutes = Number(text);
  if (text.trim() === '' || !Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new InvalidArgumentError(`expected minutes > 0 (e.g. 10 or 0.5), got ${text}`);
  return minutes;
}

export function shrinkRun(dir: string, options: { budgetMs: number; json?: boolean }): number {
  if (!isRunFolder(dir)) throw new UsageError(`${dir} is not a run folder (no ${storeFiles.spec}); give a folder of the store, e.g. store/latest`);
  const run = readRunFolder(dir);
  const context = run.executionLog === undefined ? {} : { executionLog: run.executionLog };
  const original = runCheckers(run.spec, checkers, run.events, run.executionLog);
  const rejecting = original.filter((result) => result.valid === false);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (rejecting.length === 0) {
    const undecided = original.some((result) => result.valid !== true);
    out(`${dir}: nothing to shrink: ${undecided ? 'no checker rejects the history (some could not decide)' : 'every checker accepts the history'}`);
    return undecided ? ExitCode.unknown : ExitCode.valid;
  }
  const result = shrinkHistory(run.events, sameRejection(run.spec, checkers, original, context), { timeBudgetMs: options.budgetMs });
  const file = path.join(dir, storeFiles.minimalHistory);
  writeHistoryFile(file, result.events);
  const judged = runCheckers({ ...run.spec, checkers: rejecting.map((r) => r.checker) }, checkers, result.events, run.executionLog, undefined, { subHistory: true });
  const report = rewriteReport(dir);
  if (options.json === true) {
    out(JSON.stringify({ dir, file, ...summaryFields(result), checkers: judged.map(({ checker, valid, summary }) => ({ checker, valid, summary })), report: report.file ?? null }));
  } else {
    out(`${dir}: ${result.operationsBefore} operations -> ${result.operationsAfter} in ${(result.elapsedMs / 1000).toFixed(2)} s (${result.tests} histories judged${result.minimal ? '; no single operation can go' : '; budget reached, may shrink further'})`);
    for (const verdict of judged) out(`  ${verdict.checker}: ${verdictWord(verdict.valid)} - ${verdict.summary}`);
    out(`wrote ${file}; re-check it with: harness check ${file}`);
    if (report.file !== undefined) out(`rewrote ${report.file}: it shows the minimal history first`);
  }
  if (report.error !== undefined) process.stderr.write(`${dir}: warning: the minimal history is written, but report.html could not be rewritten: ${report.error}; try harness report ${dir}\n`);
  return judged.some((verdict) => verdict.valid === false) ? ExitCode.invalid : ExitCode.unknown;
}

/**
 * DIR/report.html again, as `harness report DIR` writes it, so the page leads with the minimal
 * history just written. The minimal history is what was asked for: a report that cannot be
 * written is a warning, not a failed shrink.
 */
function rewriteReport(dir: string): { file?: string; error?: string } {
  try {
    writeRunReport(dir);
    return { file: path.join(dir, reportFileName) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function summaryFields(result: ShrinkResult) {
  const { operationsBefore, operationsAfter, tests, minimal, elapsedMs } = result;
  return { operationsBefore, operationsAfter, tests, minimal, elapsedMs: Math.round(elapsedMs) };
}
