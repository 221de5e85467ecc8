/**
 * Reads a history file in any supported format (detected from the content unless given) and
 * checks that its completions pair with invokes. Errors are BadInputError naming file:line.
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
import { parseJsonl } from './jsonl.js';
import { validatePairing } from './validate-pairing.js';

export type { HistoryFormat } from './history-format.js';

export interface ParsedHistory {
  events: HistoryEvent[];
  format: HistoryFormat;
}

const parsers: Record<HistoryFormat, (text: string, fileName?: string) => HistoryEvent[]> = {
  'jepsen-log': parseJepsenLog,
  'edn-kv': parseEdnKv,
  'jepsen-edn': parseJepsenEdn,
  jsonl: parseJsonl,
};

/** For a file with no content at all the extension is the only hint; any format reads it as []. */
const formatsByExtension: Record<string, HistoryFormat> = { '.log': 'jepsen-log', '.edn': 'jepsen-edn', '.txt': 'edn-kv', '.jsonl': 'jsonl' };

export function parseHistory(text: string, format?: HistoryFormat, fileName?: string): ParsedHistory {
  const chosen = format ?? detectFormat(text, fileName);
  if (chosen === undefined) {
    // Nothing but space and comments: an empty history, valid under every model.
    return { events: [], format: formatsByExtension[extname(fileName ?? '')] ?? 'jsonl' };
  }
  const events = parsers[chosen](text, fileName);
  validatePairing(events, fileName);
  return { events, format: chosen };
}

export async function readHistoryFile(path: string, format?: HistoryFormat): Promise<ParsedHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : cause instanceof Error ? cause.message : String(cause);
    throw new BadInputError(`cannot read the history: ${reason}`, path, undefined, { cause });
  }
  return parseHistory(text, format, path);
}

