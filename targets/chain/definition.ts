import { fileURLToPath } from 'node:url';
import { replicatedTargetDefinition } from '../replicated/replicated-definition.js';

/** Chain replication; the head is also the chain master that repairs the chain (see view-replica-node.ts). */
export const chainTargetDefinition = replicatedTargetDefinition({
  name: 'chain',
  description: 'chain-replicated kv store: writes enter at the head and are acked by the tail, reads at the tail; the head repairs the chain',
  program: fileURLToPath(new URL('./chain-node.js', import.meta.url)),
  modes: {
    correct: 'reads at the tail, which first confirms its view with every member',
    'read-from-any': 'clients read from whichever node they are bound to, from its local state (stale reads)',
  },
  routing: 'chain',
  readFromAnyModes: ['read-from-any'],
});
