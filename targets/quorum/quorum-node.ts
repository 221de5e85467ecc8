/** Node process of the quorum target: `node quorum-node.js --node n1 ...` (see node-args.ts). */
import { runNode } from '../replicated/node-main.js';
import { QuorumReplica } from './quorum-replica.js';

await runNode((args) => new QuorumReplica(args));
