/**
 * Which model `harness check` uses for a file when --model is not given: the format's own
 * model (jepsen-log: cas-register, edn-kv: kv), else the one the operations make obvious.
 */
import type { ModelName } from '../../checkers/models/registry.js';
import { isClientEvent, type HistoryEvent } from '../event.js';
import type { HistoryFormat } from '../history/history-format.js';

const modelByFormat: Partial<Record<HistoryFormat, ModelName>> = { 'jepsen-log': 'cas-register', 'edn-kv': 'kv' };

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The model for a history, or undefined when the operations do not say. Register histories
 * count only when written values are scalars: the harness's register workload writes
 * [key, value] tuples, which no CLI model reads.
 */
export function defaultModelFor(format: HistoryFormat, events: readonly HistoryEvent[]): ModelName | undefined {
  const byFormat = modelByFormat[format];
  if (byFormat !== undefined) return byFormat;
  const functions = new Set<string>();
  let scalarRegisterValues = true;
  for (const event of events) {
    if (!isClientEvent(event)) continue;
    functions.add(event.f);
    if (event.type === 'invoke' && event.f === 'write' && !isScalar(event.value)) scalarRegisterValues = false;
    if (event.type === 'invoke' && event.f === 'cas' && !(Array.isArray(event.value) && event.value.length === 2 && event.value.every(isScalar))) {
      scalarRegisterValues = false;
    }
  }
  const only = (...names: string[]): boolean => functions.size > 0 && [...functions].every((f) => names.includes(f));
  if (only('read', 'write') && scalarRegisterValues) return 'register';
  if (only('read', 'write', 'cas') && scalarRegisterValues) return 'cas-register';
  if (only('get', 'put', 'append')) return 'kv';
  if (only('acquire', 'release')) return 'mutex';
  if (only('txn')) return 'multi-register';
  return undefined;
}
