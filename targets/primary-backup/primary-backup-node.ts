/** Node process of the primary-backup target: `node primary-backup-node.js --node n1 ...` (see node-args.ts). */
import { runNode } from '../replicated/node-main.js';
import { ViewReplicaNode } from '../replicated/view-replica-node.js';

await runNode((args) => new ViewReplicaNode(args, 'star'));
