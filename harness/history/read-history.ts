/**
 * Reads a history file in any supported format (detected from the content unless given) and
 * checks that its completions pair with invokes (pairing.ts). Errors are BadInputError naming
 * file:line.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { HistoryEvent } from '../event.js';
import { BadInputError } from '../exit-codes.js';
import { detectFormat } from './detect-format.js';
import { parseEdnKv } from './edn-kv.js';
import type { HistoryFormat } from './history-format.js';
import { parseJepsenEdn } from './jepsen-edn.js';
import { parseJepsenLog } from './jepsen-log.js';
import { parseJsonl, type JsonlOptions } from './jsonl.js';
import { pairHistory } from './pairing.js';

export type { HistoryFormat } from './history-format.js';

export interface ParsedHistory {
  events: HistoryEvent[];
  format: HistoryFormat;
  /** jsonl with tornLastLine 'drop' only: the line left out as cut short by a crash. */
  tornLastLine?: number;
}

/** How to read a history; only jsonl (the harness's own, written as it happens) can have a torn last line. */
export type ReadOptions = Partial<JsonlOptions>;

const otherParsers: Record<Exclude<HistoryFormat, 'jsonl'>, (text: string, fileName?: string) => HistoryEvent[]> = {
  'jepsen-log': parseJepsenLog,
  'edn-kv': parseEdnKv,
  'jepsen-edn': parseJepsenEdn,
};

/** For a file with no content at all the extension is the only hint; any format reads it as []. */
const formatsByExtension: Record<string, HistoryFormat> = { '.log': 'jepsen-log', '.edn': 'jepsen-edn', '.txt': 'edn-kv', '.jsonl': 'jsonl' };

/** options.tornLastLine: see JsonlOptions; default 'error'. */
export function parseHistory(text: string, format?: HistoryFormat, fileName?: string, options: ReadOptions = {}): ParsedHistory {
  const chosen = format ?? detectFormat(text, fileName);
  if (chosen === undefined) {
    // Nothing but space and comments: an empty history, valid under every model.
    return { events: [], format: formatsByExtension[extname(fileName ?? '')] ?? 'jsonl' };
  }
  if (chosen === 'jsonl') {
    const { events, tornLastLine } = parseJsonl(text, fileName, { tornLastLine: options.tornLastLine ?? 'error' });
    pairHistory(events, fileName);
    return tornLastLine === undefined ? { events, format: chosen } : { events, format: chosen, tornLastLine };
  }
  const events = otherParsers[chosen](text, fileName);
  pairHistory(events, fileName);
  return { events, format: chosen };
}

export async function readHistoryFile(path: string, format?: HistoryFormat, options: ReadOptions = {}): Promise<ParsedHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : cause instanceof Error ? cause.message : String(cause);
    throw new BadInputError(`cannot read the history: ${reason}`, path, undefined, { cause });
  }
  return parseHistory(text, format, path, options);
}

