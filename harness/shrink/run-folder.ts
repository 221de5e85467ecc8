/**
 * A stored run as the checkers saw it: its spec (test.json: the checkers it ran), its history,
 * and the server's execution log when its target keeps one. `harness check DIR` and
 * `harness shrink DIR` judge from this, so a run is re-checked exactly as it was judged.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { storeFiles } from '../../results/store.js';
import type { HistoryEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { parseHistory } from '../history/read-history.js';
import type { TestSpec } from '../spec.js';

export interface RunFolder {
  dir: string;
  spec: TestSpec;
  /** The history file judged: the run's own history.jsonl or another history in the folder. */
  historyFile: string;
  events: HistoryEvent[];
  executionLog?: unknown[];
  /** True when the history is not the run's own whole history (a minimal one): see CheckContext.subHistory. */
  subHistory: boolean;
  /** The history's last line, left out because a crash cut it short (a killed run); undefined when whole. */
  tornLastLine: number | undefined;
}

/** True when `dir` is a run folder (it has a test.json). */
export function isRunFolder(dir: string): boolean {
  return existsSync(path.join(dir, storeFiles.spec)) && statSync(dir).isDirectory();
}

/** The run folder a history file sits in, if it does (for `harness check DIR/minimal-history.jsonl`). */
export function runFolderOf(historyFile: string): string | undefined {
  const dir = path.dirname(historyFile);
  return existsSync(path.join(dir, storeFiles.spec)) ? dir : undefined;
}

export function readRunFolder(dir: string, historyFile = path.join(dir, storeFiles.history)): RunFolder {
  const specFile = path.join(dir, storeFiles.spec);
  let spec: TestSpec;
  try {
    spec = JSON.parse(readFileSync(specFile, 'utf8')) as TestSpec;
  } catch (cause) {
    throw new BadInputError(`cannot read the run's spec: ${cause instanceof Error ? cause.message : String(cause)}`, specFile, undefined, { cause });
  }
  if (!Array.isArray(spec.checkers)) throw new BadInputError('the run\'s spec names no "checkers"', specFile);
  const { events, tornLastLine } = parseHistory(readFileSync(historyFile, 'utf8'), 'jsonl', historyFile, { tornLastLine: 'drop' });
  const subHistory = path.resolve(historyFile) !== path.resolve(dir, storeFiles.history);
  return { dir, spec, historyFile, events, executionLog: readExecutionLog(dir), subHistory, tornLastLine };
}

function readExecutionLog(dir: string): unknown[] | undefined {
  const file = path.join(dir, storeFiles.executionLog);
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, number) => {
      if (line.trim() === '') return [];
      try {
        return [JSON.parse(line) as unknown];
      } catch (cause) {
        throw new BadInputError(`not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, file, number + 1, { cause });
      }
    });
}
