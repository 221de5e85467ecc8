/**
 * `harness shrink DIR`: the smallest sub-history of a failing run that its checkers still
 * reject the same way (harness/shrink/), written as DIR/minimal-history.jsonl; checker only,
 * seconds. `harness check DIR/minimal-history.jsonl` re-checks it exactly as it was judged.
 * Exit 1 when a minimal history was written (it is invalid), 0 when the run's checkers accept
 * the history (nothing to shrink), 2 when they could not decide, 64/65 for bad input.
 */
import { InvalidArgumentError, type Command } from 'commander';
import path from 'node:path';
import { checkers } from '../../checkers/registry.js';
import { storeFiles } from '../../results/store.js';
import { setExitCode } from '../cli.js';
import { verdictWord } from '../verdict-word.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { writeHistoryFile } from '../history/history-writer.js';
import { runCheckers } from '../run.js';
import { sameRejection } from '../shrink/rejection.js';
import { isRunFolder, readRunFolder } from '../shrink/run-folder.js';
import { shrinkHistory, type ShrinkResult } from '../shrink/shrink-history.js';

/** How long refining may take by default before the smallest history so far is kept, milliseconds. */
export const shrinkBudgetMsDefault = 30_000;

export function register(program: Command): void {
  program
    .command('shrink')
    .description("find the smallest part of a failing run's history that its checkers still reject, write DIR/minimal-history.jsonl")
    .argument('<dir>', 'a run folder of the store (it has test.json and history.jsonl)')
    .option('--budget-ms <ms>', 'stop refining after this long and keep the smallest history found so far, milliseconds', parseBudgetMs, shrinkBudgetMsDefault)
    .option('--json', 'print one JSON object: {dir, file, operationsBefore, operationsAfter, tests, minimal, elapsedMs, checkers}')
    .action((dir: string, options: { budgetMs: number; json?: boolean }) => {
      setExitCode(shrinkRun(dir, options));
    });
}

function parseBudgetMs(text: string): number {
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(ms) || ms <= 0) throw new InvalidArgumentError(`expected a whole number of milliseconds > 0, got ${text}`);
  return ms;
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
  if (options.json === true) {
    out(JSON.stringify({ dir, file, ...summaryFields(result), checkers: judged.map(({ checker, valid, summary }) => ({ checker, valid, summary })) }));
  } else {
    out(`${dir}: ${result.operationsBefore} operations -> ${result.operationsAfter} in ${(result.elapsedMs / 1000).toFixed(2)} s (${result.tests} histories judged${result.minimal ? '; no single operation can go' : '; budget reached, may shrink further'})`);
    for (const verdict of judged) out(`  ${verdict.checker}: ${verdictWord(verdict.valid)} - ${verdict.summary}`);
    out(`wrote ${file}; re-check it with: harness check ${file}`);
  }
  return judged.some((verdict) => verdict.valid === false) ? ExitCode.invalid : ExitCode.unknown;
}

function summaryFields(result: ShrinkResult) {
  const { operationsBefore, operationsAfter, tests, minimal, elapsedMs } = result;
  return { operationsBefore, operationsAfter, tests, minimal, elapsedMs: Math.round(elapsedMs) };
}
