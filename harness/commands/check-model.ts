/**
 * Which model `harness check` uses for a file when --model is not given: the format's own
 * model (jepsen-log: cas-register, edn-kv: kv), else the one the operations make obvious
 * (txn histories: list-append, rw-register or multi-register by their micro-ops).
 */
import type { ModelName } from '../../checkers/models/registry.js';
import { isClientEvent, type HistoryEvent } from '../event.js';
import type { HistoryFormat } from '../history/history-format.js';
import { txnKindOf, type TxnKind } from '../history/txn-kind.js';

const modelByFormat: Partial<Record<HistoryFormat, ModelName>> = { 'jepsen-log': 'cas-register', 'edn-kv': 'kv' };

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isPair(value: unknown): value is [unknown, unknown] {
  return Array.isArray(value) && value.length === 2;
}

/**
 * True when a register history uses Jepsen's independent keys, as the harness's register
 * workload writes it: every read, write and cas invoke has value [key, v] (a read [key, null],
 * a cas [key, [from, to]]). Such a history is one register per key.
 */
export function isKeyedRegisterHistory(events: readonly HistoryEvent[]): boolean {
  let registerInvokes = 0;
  for (const event of events) {
    if (!isClientEvent(event) || event.type !== 'invoke') continue;
    if (event.f !== 'read' && event.f !== 'write' && event.f !== 'cas') continue;
    registerInvokes++;
    if (!isPair(event.value) || !isScalar(event.value[0])) return false;
    if (event.f === 'cas' && !isPair(event.value[1])) return false;
    if (event.f === 'read' && event.value[1] !== null) return false;
  }
  return registerInvokes > 0;
}

/** The model for a history, or undefined when the operations do not say. */
export function defaultModelFor(format: HistoryFormat, events: readonly HistoryEvent[]): ModelName | TxnKind | undefined {
  const byFormat = modelByFormat[format];
  if (byFormat !== undefined) return byFormat;
  const functions = new Set<string>();
  for (const event of events) if (isClientEvent(event)) functions.add(event.f);
  const only = (...names: string[]): boolean => functions.size > 0 && [...functions].every((f) => names.includes(f));
  if (only('read', 'write')) return 'register';
  if (only('read', 'write', 'cas')) return 'cas-register';
  if (only('get', 'put', 'append')) return 'kv';
  if (only('acquire', 'release')) return 'mutex';
  if (only('txn')) return txnKindOf(events) ?? 'multi-register';
  return undefined;
}
