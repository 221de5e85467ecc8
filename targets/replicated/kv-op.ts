/**
 * The operations every replicated target executes, and the deterministic state machine that
 * applies them. Both workloads map onto it: register (read / write / cas, value [key, v]) and
 * kv (get / put / append, value [key, v]).
 */
import { preconditionFailed } from '../../harness/interfaces.js';

export type KvOpName = 'read' | 'write' | 'cas' | 'get' | 'put' | 'append';
export const kvOpNames: readonly KvOpName[] = ['read', 'write', 'cas', 'get', 'put', 'append'];

/** One client operation as it travels to a node. For cas, `arg` is [from, to]. */
export interface KvOp {
  f: KvOpName;
  key: string;
  arg: unknown;
}

/** What applying an op yields: ok with the value to report, or fail (a cas whose `from` did not match: precondition-failed). */
export interface KvResult {
  type: 'ok' | 'fail';
  value: unknown;
  error?: string;
}

/** Keys a store holds; a missing key reads as null (register) or "" (kv). */
export type KvData = Record<string, unknown>;

export const isReadOnly = (op: KvOp): boolean => op.f === 'read' || op.f === 'get';

/** Apply `op` to `data` in place; returns what the client is told. Deterministic, so replicas agree. */
export function applyKvOp(data: KvData, op: KvOp): KvResult {
  const has = Object.prototype.hasOwnProperty.call(data, op.key);
  switch (op.f) {
    case 'read':
      return { type: 'ok', value: [op.key, has ? data[op.key] : null] };
    case 'get':
      return { type: 'ok', value: [op.key, has ? data[op.key] : ''] };
    case 'write':
    case 'put':
      data[op.key] = op.arg;
      return { type: 'ok', value: [op.key, op.arg] };
    case 'append': {
      const current = has ? String(data[op.key]) : '';
      data[op.key] = current + String(op.arg);
      return { type: 'ok', value: [op.key, op.arg] };
    }
    case 'cas': {
      const [from, to] = op.arg as [unknown, unknown];
      const current = has ? data[op.key] : null;
      if (!jsonEqual(current, from)) return { type: 'fail', value: [op.key, op.arg], error: preconditionFailed };
      data[op.key] = to;
      return { type: 'ok', value: [op.key, op.arg] };
    }
  }
}

function jsonEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Parse a history op ({f, value: [key, v]}) into a KvOp; throws on a shape the targets do not serve. */
export function kvOpFromOp(op: { f: string; value: unknown }): KvOp {
  if (!(kvOpNames as readonly string[]).includes(op.f)) throw new Error(`operation '${op.f}' is not served by the replicated kv targets`);
  if (!Array.isArray(op.value) || op.value.length !== 2 || typeof op.value[0] !== 'string') {
    throw new Error(`operation ${op.f} needs value [key, v], got ${JSON.stringify(op.value)}`);
  }
  return { f: op.f as KvOpName, key: op.value[0], arg: op.value[1] };
}
