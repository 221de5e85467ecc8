import { fileURLToPath } from 'node:url';
import { replicatedTargetDefinition } from '../replicated/replicated-definition.js';

/** ABD-style quorum store (see quorum-replica.ts). cas and append are refused: not linearizable on plain quorums. */
export const quorumTargetDefinition = replicatedTargetDefinition({
  name: 'quorum',
  description: 'quorum kv store: versioned values, majority reads and writes (R+W>N), read repair; read/write/get/put only (cas and append fail: not linearizable on plain quorums)',
  program: fileURLToPath(new URL('./quorum-node.js', import.meta.url)),
  modes: {
    correct: 'R = W = majority, reads write back the newest version to a write quorum',
    r1w1: 'R = W = 1 (stale reads)',
  },
  routing: 'coordinator',
  ops: ['read', 'write', 'get', 'put'],
});
