/**
 * jepsen-edn: history files as Jepsen and Knossos write them. Either one EDN vector or list
 * of operation maps, or operation maps one after another (usually one a line). `;` comments,
 * commas as whitespace, keys in any order, unknown keys ignored, a missing :value is nil.
 */
import type { HistoryEvent } from '../event.js';
import { EdnReader } from './edn.js';
import { ednOpToEvent, type EdnOpOptions } from './edn-op.js';

export function parseJepsenEdn(text: string, fileName?: string): HistoryEvent[] {
  return parseEdnOps(text, fileName, { keyed: false });
}

/** Shared with edn-kv: every operation map in the text, as events in file order. */
export function parseEdnOps(text: string, fileName: string | undefined, options: EdnOpOptions): HistoryEvent[] {
  const reader = new EdnReader(text, fileName);
  const events: HistoryEvent[] = [];
  const opener = reader.peek();
  if (opener === '[' || opener === '(') {
    // The whole history is one collection: read its elements one at a time, so each op knows its line.
    const closer = opener === '[' ? ']' : ')';
    const openLine = reader.line;
    reader.consume();
    for (;;) {
      const next = reader.peek();
      if (next === '') reader.fail(`unexpected end of input: the "${opener}" of the history opened on line ${openLine} is not closed`);
      if (next === closer) {
        reader.consume();
        break;
      }
      const line = reader.line;
      events.push(ednOpToEvent(reader.readOperation(), line, events.length, fileName, options));
    }
    if (reader.hasMore()) reader.fail(`unexpected text after the history's closing "${closer}"`);
    return events;
  }
  while (reader.hasMore()) {
    const line = reader.line;
    events.push(ednOpToEvent(reader.readOperation(), line, events.length, fileName, options));
  }
  return events;
}
