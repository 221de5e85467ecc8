/**
 * Reads one run's store folder (DIR/<test>/<start>/): test.json, history.jsonl, results.json.
 * Only the history is required; a run that crashed before checking still gets a report. The
 * history is read by the one reader of history.jsonl (harness/history/read-history.ts).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../harness/event.js';
import { BadInputError, UsageError } from '../../harness/exit-codes.js';
import { parseHistory } from '../../harness/history/read-history.js';

export interface SavedRun {
  /** The run folder, symlinks (DIR/latest) resolved. */
  dir: string;
  spec: Record<string, unknown> | null;
  results: unknown;
  events: HistoryEvent[];
  /** The history's last line, left out because a crash cut it short; undefined when whole. */
  tornLastLine: number | undefined;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(`not valid JSON: ${(error as Error).message}`, file, undefined, { cause: error });
  }
}

export function readRun(dir: string): SavedRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a run folder (expected DIR/<test>/<start>/ with history.jsonl)`);
  const real = realpathSync(dir);
  const historyFile = join(real, 'history.jsonl');
  if (!existsSync(historyFile)) throw new UsageError(`${dir}: no history.jsonl in this folder; give a run folder such as store/latest`);
  const spec = readJson(join(real, 'test.json'));
  // A run killed mid-write may leave its last line cut short: the report shows the rest.
  const history = parseHistory(readFileSync(historyFile, 'utf8'), 'jsonl', historyFile, { tornLastLine: 'drop' });
  return {
    dir: real,
    spec: typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : null,
    results: readJson(join(real, 'results.json')),
    events: history.events,
    tornLastLine: history.tornLastLine,
  };
}
