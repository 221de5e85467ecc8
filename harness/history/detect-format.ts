/**
 * Tells a history's format from its first content, so `harness check` works without --format:
 * `{"` starts a JSON line (jsonl); `{:` an EDN map (edn-kv when the maps carry :key, else
 * jepsen-edn); `[`, `(` or a tag `#` an EDN collection (jepsen-edn); Jepsen log lines
 * (jepsen-log).
 */
import { BadInputError } from '../exit-codes.js';
import { EdnReader } from './edn.js';
import type { HistoryFormat } from './history-format.js';
import { jepsenLogEventPattern } from './jepsen-log.js';

/** How many leading EDN maps to look at for :key. */
const ednMapsSampled = 20;

/** The format of `text`, or undefined when it holds nothing but space and comments (an empty history). */
export function detectFormat(text: string, fileName?: string): HistoryFormat | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === ';') {
      const end = text.indexOf('\n', i);
      if (end === -1) return undefined;
      i = end - 1;
    } else if (!(c === ' ' || c === '\t' || c === '\r' || c === ',')) break;
  }
  if (i >= text.length) return undefined;
  const first = text[i];
  const lineEnd = text.indexOf('\n', i);
  const firstLine = text.slice(i, lineEnd === -1 ? text.length : lineEnd);
  // Before the bracket rules: a log line may start with "[timestamp]" or "{GMT}".
  if (/\bINFO\b.*\bjepsen\./.test(firstLine)) return 'jepsen-log';
  if (first === '{') {
    const next = /\S/.exec(text.slice(i + 1, i + 200))?.[0];
    if (next === '"' || next === '}') return 'jsonl';
    return hasKeyedMaps(text) ? 'edn-kv' : 'jepsen-edn';
  }
  if (first === '[' || first === '(' || first === '#') return 'jepsen-edn';
  if (jepsenLogEventPattern.test(firstLineWith(text, 'jepsen.util')) || /\bINFO\b.*\bjepsen\./.test(text.slice(0, 100_000))) return 'jepsen-log';
  throw new BadInputError(
    'cannot tell the history format from the content (expected JSON lines, EDN op maps or Jepsen log lines); give --format',
    fileName,
    line,
  );
}

function firstLineWith(text: string, needle: string): string {
  const at = text.indexOf(needle);
  if (at === -1) return '';
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end === -1 ? text.length : end);
}

/** True if one of the first EDN maps has a :key entry (Porcupine's kv layout). */
function hasKeyedMaps(text: string): boolean {
  const reader = new EdnReader(text);
  try {
    for (let n = 0; n < ednMapsSampled && reader.hasMore(); n++) {
      const form = reader.read();
      if (form !== null && typeof form === 'object' && !Array.isArray(form) && 'key' in form) return true;
    }
  } catch {
    // Malformed: the jepsen-edn reader will say where.
  }
  return false;
}
