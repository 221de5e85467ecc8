/**
 * Command line of a replicated node process:
 *   --node n1 --listen 127.0.0.1:4001 --peer n2=127.0.0.1:5002 --peer n3=... --mode correct
 *   --data-dir DIR --seed 7
 * Peer addresses are what the runtime's addressOf(thisNode, peer) returned, so node-to-node
 * traffic crosses the runtime's faults.
 */
import type { Address } from '../../harness/interfaces.js';
import { parseAddress } from './udp-rpc.js';

export interface NodeArgs {
  node: string;
  listen: Address;
  /** Every other node of the cluster, by name, as this node must address it. */
  peers: Map<string, Address>;
  mode: string;
  dataDir: string;
  seed: number;
}

export function parseNodeArgs(argv: readonly string[]): NodeArgs {
  const peers = new Map<string, Address>();
  let node: string | undefined;
  let listen: Address | undefined;
  let mode = 'correct';
  let dataDir: string | undefined;
  let seed = 1;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--node':
        node = value;
        break;
      case '--listen':
        listen = parseAddress(value);
        break;
      case '--peer': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new Error(`--peer needs name=host:port, got '${value}'`);
        peers.set(value.slice(0, eq), parseAddress(value.slice(eq + 1)));
        break;
      }
      case '--mode':
        mode = value;
        break;
      case '--data-dir':
        dataDir = value;
        break;
      case '--seed':
        seed = Number(value);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (node === undefined || listen === undefined || dataDir === undefined) throw new Error('--node, --listen and --data-dir are required');
  return { node, listen, peers, mode, dataDir, seed };
}

export function formatNodeArgs(args: NodeArgs): string[] {
  const out = ['--node', args.node, '--listen', `${args.listen.host}:${args.listen.port}`, '--mode', args.mode, '--data-dir', args.dataDir, '--seed', String(args.seed)];
  for (const [name, a] of args.peers) out.push('--peer', `${name}=${a.host}:${a.port}`);
  return out;
}
