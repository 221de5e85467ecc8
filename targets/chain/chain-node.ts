/** Node process of the chain-replication target: `node chain-node.js --node n1 ...` (see node-args.ts). */
import { runNode } from '../replicated/node-main.js';
import { ViewReplicaNode } from '../replicated/view-replica-node.js';

await runNode((args) => new ViewReplicaNode(args, 'chain'));
