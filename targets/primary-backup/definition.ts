import { fileURLToPath } from 'node:url';
import { replicatedTargetDefinition } from '../replicated/replicated-definition.js';

/** Primary-backup replication with view numbers agreed by a majority (see view-replica-node.ts). */
export const primaryBackupTargetDefinition = replicatedTargetDefinition({
  name: 'primary-backup',
  description: 'primary-backup kv store: the primary orders writes and acks after every backup applied them; majority-agreed views fence deposed primaries',
  program: fileURLToPath(new URL('./primary-backup-node.js', import.meta.url)),
  modes: {
    correct: 'acks after every backup applied; views agreed by a majority fence a deposed primary',
    'ack-before-replicate': 'the primary acks at once and replicates in the background (loses acked writes on failover)',
    'no-fencing': 'a primary drops silent backups on its own and reads locally (two primaries after a partition)',
  },
  routing: 'primary',
});
