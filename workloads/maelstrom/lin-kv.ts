/**
 * Maelstrom's `lin-kv`: `read {key}`, `write {key, value}`, `cas {key, from, to}` on a few
 * integer keys with values 0..4 (Jepsen's linearizable-register test); recorded as
 * independent [key, v] tuples and checked for linearizability per key (cas-register model).
 */
import type { Op } from '../../harness/interfaces.js';
import { completion, type MaelstromWorkload } from './maelstrom-workload.js';

export const linKvKeyCount = 5;

export const linKvWorkload: MaelstromWorkload = {
  name: 'lin-kv',
  description: 'Maelstrom lin-kv: read / write / cas per key, linearizable',
  ops: ['read', 'write', 'cas'],
  checkers: ['lin-kv', 'maelstrom-protocol'],
  nextOp(_spec, rng): Op {
    const key = Math.floor(rng() * linKvKeyCount);
    const choice = rng();
    if (choice < 1 / 3) return { f: 'read', value: [key, null] };
    if (choice < 2 / 3) return { f: 'write', value: [key, Math.floor(rng() * 5)] };
    return { f: 'cas', value: [key, [Math.floor(rng() * 5), Math.floor(rng() * 5)]] };
  },
  createOpRunner: () => async (op, caller) => {
    const [key, argument] = op.value as [number, unknown];
    switch (op.f) {
      case 'read':
        return completion(op, await caller.call({ type: 'read', key }, 'read_ok'), (body) => [key, body.value]);
      case 'write':
        return completion(op, await caller.call({ type: 'write', key, value: argument }, 'write_ok'), () => op.value);
      default: {
        const [from, to] = argument as [unknown, unknown];
        return completion(op, await caller.call({ type: 'cas', key, from, to }, 'cas_ok'), () => op.value);
      }
    }
  },
};
