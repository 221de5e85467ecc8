/**
 * Maelstrom's `g-counter` and `pn-counter`: `add {delta}` and `read` -> `read_ok {value}`;
 * every final read must be the sum of the acknowledged adds plus any subset of the unknown ones.
 * g-counter draws deltas 0..4, pn-counter -5..4 (Maelstrom's rand-int 10 minus 5).
 */
import { completion, finalReadNode, finalReadsOnEveryNode, recoveryMs, type MaelstromWorkload } from './maelstrom-workload.js';

function counterWorkload(name: string, description: string, minDelta: number): MaelstromWorkload {
  return {
    name,
    description,
    ops: ['add', 'read', 'final-read'],
    checkers: ['counter', 'maelstrom-protocol'],
    nextOp: (_spec, rng) => (rng() < 0.5 ? { f: 'add', value: minDelta + Math.floor(rng() * (5 - minDelta)) } : { f: 'read', value: null }),
    finalOps: finalReadsOnEveryNode,
    finalOpsDelayMs: recoveryMs,
    createOpRunner: () => async (op, caller) => {
      if (op.f === 'add') return completion(op, await caller.call({ type: 'add', delta: op.value }, 'add_ok'), () => op.value);
      return completion(op, await caller.call({ type: 'read' }, 'read_ok', finalReadNode(op)), (body) => body.value);
    },
  };
}

export const gCounterWorkload = counterWorkload('g-counter', 'Maelstrom g-counter: final reads within the acknowledged and possible increments', 0);
export const pnCounterWorkload = counterWorkload('pn-counter', 'Maelstrom pn-counter: final reads within the acknowledged and possible increments and decrements', -5);
