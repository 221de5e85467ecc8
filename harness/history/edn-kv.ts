/**
 * edn-kv (Porcupine's kv test data, ../shared/porcupine-data/FORMAT.md): one EDN map a line,
 * `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`. The key moves into
 * the value as Jepsen's independent tuple ["0", "x 0 0 y"], the encoding of the kv model.
 */
import type { HistoryEvent } from '../event.js';
import { parseEdnOps } from './jepsen-edn.js';

export function parseEdnKv(text: string, fileName?: string): HistoryEvent[] {
  return parseEdnOps(text, fileName, { keyed: true });
}
