/**
 * `harness check DIR` and `harness check DIR/minimal-history.jsonl`: a history that belongs to a
 * stored run is judged by that run's own checkers (test.json), with the server's execution log
 * the run kept, so a run or its shrunk history is re-checked exactly as it was judged. A history
 * other than the run's own history.jsonl is judged as a part of the run (CheckContext.subHistory).
 */
import { checkers } from '../../checkers/registry.js';
import { composeValidity } from '../interfaces.js';
import { exitCodeFor } from '../exit-codes.js';
import { historySummary } from '../history/history-summary.js';
import { tornLastLineWarning } from '../history/jsonl.js';
import { verdictWord } from '../verdict-word.js';
import { runCheckers } from '../run.js';
import { shrinkRun } from './shrink.js';
import { isRunFolder, readRunFolder, runFolderOf } from '../shrink/run-folder.js';

/** The run folder a `harness check` argument stands for: the folder itself, or the one a history file sits in. */
export function runFolderFor(file: string): string | undefined {
  return isRunFolder(file) ? file : runFolderOf(file);
}

export interface RunFolderCheckOptions {
  json?: boolean;
  /** Also shrink a rejected run: DIR/minimal-history.jsonl, as `harness shrink DIR`. */
  shrink?: boolean;
  shrinkBudgetMs: number;
}

/** Judges the file (a run folder or a history in one) and prints its verdict; returns the exit code. */
export function checkRunFolderFile(file: string, dir: string, options: RunFolderCheckOptions): number {
  const started = performance.now();
  const run = readRunFolder(dir, file === dir ? undefined : file);
  if (run.tornLastLine !== undefined) process.stderr.write(`harness: ${tornLastLineWarning(run.historyFile, run.tornLastLine)}\n`);
  const context = { subHistory: run.subHistory };
  const results = runCheckers(run.spec, checkers, run.events, run.executionLog, undefined, context);
  const valid = composeValidity(results.map((result) => result.valid));
  const history = historySummary(run.events);
  const ops = history.operations;
  const elapsedMs = performance.now() - started;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (options.json === true) {
    out(JSON.stringify({ file, runFolder: dir, checkers: run.spec.checkers, ops, valid, elapsedMs: Math.round(elapsedMs * 10) / 10, results, history }));
  } else {
    out(`${file}: ${verdictWord(valid)} (the run's checkers: ${run.spec.checkers.join(', ')}; ${ops} ops${run.subHistory ? ', judged as a part of the run' : ''}, ${elapsedMs.toFixed(1)} ms)`);
    for (const result of results) out(`  ${result.checker}: ${verdictWord(result.valid)} - ${result.summary}`);
  }
  // The run's own history shrinks as `harness shrink DIR` does; a history already cut from it is left as it is.
  if (options.shrink === true && valid === false && !run.subHistory) shrinkRun(dir, { budgetMs: options.shrinkBudgetMs });
  return exitCodeFor(valid);
}

/** history.jsonl -> history.minimal.jsonl; x.edn -> x.edn.minimal.jsonl. */
export function minimalFileOf(file: string): string {
  return file.endsWith('.jsonl') ? `${file.slice(0, -'.jsonl'.length)}.minimal.jsonl` : `${file}.minimal.jsonl`;
}
