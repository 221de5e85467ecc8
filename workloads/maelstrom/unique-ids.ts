/** Maelstrom's `unique-ids`: `generate` answered by `generate_ok {id}`; ids of any JSON type must all differ. */
import { completion, type MaelstromWorkload } from './maelstrom-workload.js';

export const uniqueIdsWorkload: MaelstromWorkload = {
  name: 'unique-ids',
  description: 'Maelstrom unique-ids: every generated id is distinct',
  ops: ['generate'],
  checkers: ['unique-ids', 'maelstrom-protocol'],
  nextOp: () => ({ f: 'generate', value: null }),
  createOpRunner: () => async (op, caller) => completion(op, await caller.call({ type: 'generate' }, 'generate_ok'), (body) => body.id),
};
