/**
 * The key-value state machine behind lin-kv, seq-kv and lww-kv (Maelstrom's PersistentKV):
 * read / write / cas on JSON keys, cas with optional create_if_not_exists. Immutable: apply()
 * returns the next state, so seq-kv can keep past states and lww-kv several replicas.
 */
import { canonicalJson, jsonEqual } from '../../../checkers/models/model.js';
import { errorCodes } from '../errors.js';
import type { Body } from '../../../workloads/maelstrom/message-body.js';
import { errorBody } from './service.js';

export type KvState = ReadonlyMap<string, { value: unknown; ts: number }>;

export const emptyKv = (): KvState => new Map();

export function applyKv(state: KvState, body: Body, ts = 0): [KvState, Body] {
  const key = canonicalJson(body.key ?? null);
  const current = state.get(key);
  switch (body.type) {
    case 'read':
      return [state, current === undefined ? errorBody(errorCodes.keyDoesNotExist, 'key does not exist') : { type: 'read_ok', value: current.value }];
    case 'write':
      return [with_(state, key, body.value, ts), { type: 'write_ok' }];
    case 'cas':
      if (current === undefined) {
        if (body.create_if_not_exists === true) return [with_(state, key, body.to, ts), { type: 'cas_ok' }];
        return [state, errorBody(errorCodes.keyDoesNotExist, 'key does not exist')];
      }
      if (!jsonEqual(current.value, body.from)) return [state, errorBody(errorCodes.preconditionFailed, `current value ${JSON.stringify(current.value)} is not ${JSON.stringify(body.from)}`)];
      return [with_(state, key, body.to, ts), { type: 'cas_ok' }];
    default:
      return [state, errorBody(errorCodes.notSupported, `kv services do not know ${JSON.stringify(body.type)}`)];
  }
}

function with_(state: KvState, key: string, value: unknown, ts: number): KvState {
  const next = new Map(state);
  next.set(key, { value, ts });
  return next;
}
