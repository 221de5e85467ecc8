/** Maelstrom's `g-set`: `add {element}` and `read` -> `read_ok {value}`; final reads on every node; set-full. */
import { completion, finalReadNode, finalReadsOnEveryNode, recoveryMs, slotOf, type MaelstromWorkload } from './maelstrom-workload.js';

export const gSetWorkload: MaelstromWorkload = {
  name: 'g-set',
  description: 'Maelstrom g-set: every acknowledged add is in every final read (set-full)',
  ops: ['add', 'read', 'final-read'],
  checkers: ['set-full', 'maelstrom-protocol'],
  nextOp: (spec, rng, processId, opIndex) => (rng() < 0.5 ? { f: 'add', value: opIndex * spec.concurrency + slotOf(spec, processId) } : { f: 'read', value: null }),
  finalOps: finalReadsOnEveryNode,
  finalOpsDelayMs: recoveryMs,
  createOpRunner: () => async (op, caller) => {
    if (op.f === 'add') return completion(op, await caller.call({ type: 'add', element: op.value }, 'add_ok'), () => op.value);
    return completion(op, await caller.call({ type: 'read' }, 'read_ok', finalReadNode(op)), (body) => body.value);
  },
};
