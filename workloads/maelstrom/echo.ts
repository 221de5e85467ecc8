/** Maelstrom's `echo`: `echo {echo}` answered by `echo_ok` with the same payload. */
import { completion, type MaelstromWorkload } from './maelstrom-workload.js';

export const echoWorkload: MaelstromWorkload = {
  name: 'echo',
  description: 'Maelstrom echo: every echo_ok carries back what was sent',
  ops: ['echo'],
  checkers: ['echo', 'maelstrom-protocol'],
  nextOp: (_spec, rng) => ({ f: 'echo', value: `Please echo ${Math.floor(rng() * 128)}` }),
  createOpRunner: () => async (op, caller) => completion(op, await caller.call({ type: 'echo', echo: op.value }, 'echo_ok'), (body) => body.echo),
};
