/** Node process of the txn-store target: `node txn-store-node.js --node n1 ...` (targets/replicated/node-args.ts). */
import { runNode } from '../replicated/node-main.js';
import { TxnStoreServer } from './txn-store-server.js';

await runNode((args) => new TxnStoreServer(args));
