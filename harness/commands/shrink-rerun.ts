/**
 * `harness shrink DIR --rerun [--tries K] [--budget MINUTES]`: shrinks the run itself, not its
 * history. Smaller runs of the same seed (a shorter time, fewer fault kinds and steps, fewer
 * clients, a lower rate: harness/shrink/run-candidates.ts) are run as `harness test` children,
 * each up to K times, and kept when one of them fails the way the original did; progress a line
 * at a time. Ends with the smallest command line that still failed, its observed failure rate,
 * and DIR/shrink-run.json. The candidate runs are stored in DIR/shrink-runs/.
 * Exit 1 (the command printed fails), 0 / 2 when the run was valid / unknown (nothing to
 * shrink), 130 / 143 when interrupted (the best so far is still printed and written).
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { storeFiles, type RunResults } from '../../results/store.js';
import { BadInputError, ExitCode, UsageError } from '../exit-codes.js';
import { shapeChanges, shapeOf, withShape } from '../shrink/run-candidates.js';
import { rejections } from '../shrink/rejection.js';
import { rerunTry } from '../shrink/rerun-try.js';
import { isRunFolder } from '../shrink/run-folder.js';
import { shrinkRunSearch, type RunShrinkResult } from '../shrink/shrink-run-search.js';
import { replayCommand } from '../spec-from-cli.js';
import { verdictWord } from '../verdict-word.js';
import { interruptedExitCode } from './test.js';

export interface ShrinkRerunOptions {
  tries: number;
  budgetMinutes: number;
}

export const shrinkRerunDefaults = { tries: 3, budgetMinutes: 10 } as const;

export async function shrinkRerunAction(dirGiven: string, options: ShrinkRerunOptions): Promise<number> {
  if (!isRunFolder(dirGiven)) throw new UsageError(`${dirGiven} is not a run folder (no ${storeFiles.spec}); give a folder of the store, e.g. store/latest`);
  const dir = realpathSync(dirGiven);
  const original = readResults(dir);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (original.valid !== false) {
    out(`${dirGiven}: nothing to shrink: the run was ${verdictWord(original.valid)}${original.aborted === undefined ? '' : ` (${original.aborted.reason})`}`);
    return original.valid === true ? ExitCode.valid : ExitCode.unknown;
  }
  const kinds = [...rejections(original.results)].map(([checker, classes]) => `${checker}: ${classes.join(', ')}`).join('; ');
  out(`shrinking the run ${dirGiven} (INVALID: ${kinds}; seed ${original.spec.seed}): up to ${options.tries} run${options.tries === 1 ? '' : 's'} a candidate, budget ${options.budgetMinutes} min`);
  out(`from: ${replayCommand(original.spec)}`);

  const interrupt = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy !== undefined) process.exit(interruptedExitCode(signal));
    stoppedBy = signal;
    process.stderr.write(`harness: ${signal}: stopping; the running test heals and keeps its history, the best so far is printed (again to exit at once)\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: RunShrinkResult;
  try {
    result = await shrinkRunSearch(shapeOf(original.spec), rerunTry(original, path.join(dir, storeFiles.shrinkRunStore)), {
      tries: options.tries,
      budgetMs: options.budgetMinutes * 60_000,
      signal: interrupt.signal,
      onProgress: out,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const command = replayCommand(withShape(original.spec, result.shrunk));
  const file = path.join(dir, storeFiles.shrinkRun);
  writeFileSync(file, `${JSON.stringify(shrinkRunRecord(original, result, options), undefined, 2)}\n`);
  const ended = { done: 'no smaller candidate left', budget: `budget of ${options.budgetMinutes} min spent`, signal: 'interrupted' }[result.stoppedBy];
  out(`run shrinking: ${result.candidates.length} candidate${result.candidates.length === 1 ? '' : 's'}, ${result.runs} run${result.runs === 1 ? '' : 's'} in ${(result.elapsedMs / 1000).toFixed(0)} s (${ended})`);
  out(`smallest command that still fails: ${shapeChanges(result.original, result.shrunk)}; failed ${result.failures}/${result.tries}${result.candidates.some((c) => c.kept) ? '' : ' (the original run)'}`);
  out(`  ${command}`);
  out(`wrote ${file}`);
  return stoppedBy !== undefined ? interruptedExitCode(stoppedBy) : ExitCode.invalid;
}

/** DIR/shrink-run.json: the original and shrunk commands, the shrunk one's rate, every candidate tried. */
function shrinkRunRecord(original: RunResults, result: RunShrinkResult, options: ShrinkRerunOptions) {
  return {
    original: { command: replayCommand(original.spec), shape: result.original },
    shrunk: { command: replayCommand(withShape(original.spec, result.shrunk)), shape: result.shrunk, changes: shapeChanges(result.original, result.shrunk), failures: result.failures, tries: result.tries },
    candidates: result.candidates.map(({ change, shape, failures, tries, kept, dirs }) => ({ change, command: replayCommand(withShape(original.spec, shape)), failures, tries, kept, dirs })),
    runs: result.runs,
    triesPerCandidate: options.tries,
    budgetMinutes: options.budgetMinutes,
    stoppedBy: result.stoppedBy,
    elapsedMs: result.elapsedMs,
  };
}

function readResults(dir: string): RunResults {
  const file = path.join(dir, storeFiles.results);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunResults;
  } catch (cause) {
    throw new BadInputError(`cannot read the run's results (a run killed before it ended has none): ${cause instanceof Error ? cause.message : String(cause)}`, file, undefined, { cause });
  }
}
