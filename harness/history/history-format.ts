/**
 * The history file formats `harness check` reads. See docs/history-format.md.
 * - jepsen-log: Jepsen's log lines `INFO  jepsen.util - <process> <type> <f> <value>` (Porcupine's etcd data)
 * - edn-kv:     one EDN map a line with :key and :value (Porcupine's kv data)
 * - jepsen-edn: Jepsen / Knossos history files: an EDN vector or list of op maps, or one map a line
 * - jsonl:      the harness's own history.jsonl, one JSON event a line
 */
export type HistoryFormat = 'jepsen-log' | 'edn-kv' | 'jepsen-edn' | 'jsonl';

export const historyFormats: readonly HistoryFormat[] = ['jepsen-log', 'edn-kv', 'jepsen-edn', 'jsonl'];

export function isHistoryFormat(name: string): name is HistoryFormat {
  return (historyFormats as readonly string[]).includes(name);
}

/** The four event types, in the order error messages list them. */
export const eventTypes = ['invoke', 'ok', 'fail', 'info'] as const;
