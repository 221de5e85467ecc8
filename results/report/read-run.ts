/**
 * Reads one run's store folder (DIR/<test>/<start>/): test.json, history.jsonl, results.json,
 * and a Maelstrom run's message records.
 * Only the history is required; a run that crashed before checking still gets a report. The
 * history is read by the one reader of history.jsonl (harness/history/read-history.ts).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '../../harness/event.js';
import { BadInputError, UsageError } from '../../harness/exit-codes.js';
import { parseHistory } from '../../harness/history/read-history.js';
import { messagesFileName, readMessageRecords, type MessageRecord } from '../../targets/maelstrom/message-record.js';

export interface SavedRun {
  /** The run folder, symlinks (DIR/latest) resolved. */
  dir: string;
  spec: Record<string, unknown> | null;
  results: unknown;
  events: HistoryEvent[];
  /** The history's last line, left out because a crash cut it short; undefined when whole. */
  tornLastLine: number | undefined;
  /** A Maelstrom run's message records (nodes/<node>/messages.jsonl), undefined for other runs. */
  messages: { records: MessageRecord[]; nodes: string[] } | undefined;
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
    messages: readMessages(real),
  };
}

function readMessages(runDir: string): SavedRun['messages'] {
  const nodesDir = join(runDir, 'nodes');
  if (!existsSync(nodesDir)) return undefined;
  const nodes = readdirSync(nodesDir).filter((node) => existsSync(join(nodesDir, node, messagesFileName))).sort(byNodeName);
  if (nodes.length === 0) return undefined;
  return { records: nodes.flatMap((node) => readMessageRecords(join(nodesDir, node, messagesFileName))), nodes };
}

/** n2 before n10. */
const byNodeName = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
