/**
 * One node of the txn-store (its process: txn-store-node.ts): a shard of the keys and a
 * coordinator for the clients bound to it, sharing one log (fsync'ed) and one UDP endpoint.
 * Peers are reached at the addresses the runtime gave (--peer), so the faults cut node-to-node
 * messages; this node's own shard is called directly.
 */
import { join } from 'node:path';
import { ExecutionLog } from '../rpc/execution-log.js';
import type { NodeArgs } from '../replicated/node-args.js';
import type { StartableNode } from '../replicated/node-main.js';
import { RpcTimeoutError, UdpRpc } from '../replicated/udp-rpc.js';
import { Coordinator } from './coordinator.js';
import { txnLogFileName, type TxnLogRecord } from './log-records.js';
import { modeFlags } from './modes.js';
import type { CrashAtCommitPoint, DecisionQuery, DecisionReply, ShardReply, ShardRequest, TxnRequest } from './protocol.js';
import { Shard } from './shard.js';

/** Node-to-node calls: each transmission waits this long; a step or vote gives up after `attemptsMax`, a commit delivery after `persistentAttemptsMax`. */
export const peerCallTimings = { attemptTimeoutMs: 150, attemptsMax: 4, persistentAttemptsMax: 200 };

type Message = TxnRequest | ShardRequest | DecisionQuery | CrashAtCommitPoint | { t: 'health' };

export class TxnStoreServer implements StartableNode {
  private rpc!: UdpRpc;
  private readonly log: ExecutionLog<TxnLogRecord>;
  private readonly shard: Shard;
  private readonly coordinator: Coordinator;
  /** The harness asked for a crash at the next commit point. */
  private crashArmed = false;

  constructor(private readonly args: NodeArgs) {
    const flags = modeFlags(args.mode);
    const nodesInOrder = [args.node, ...args.peers.keys()].sort();
    this.log = new ExecutionLog<TxnLogRecord>(join(args.dataDir, txnLogFileName), true);
    this.shard = new Shard(this.log, flags, (node, query) => this.ask(node, query));
    this.coordinator = new Coordinator(args.node, nodesInOrder, (node, request, persistent) => this.callShard(node, request, persistent === true), this.log, flags, () => {
      const armed = this.crashArmed;
      this.crashArmed = false;
      return armed;
    });
    this.shard.recover(this.log.existing);
    this.coordinator.recover(this.log.existing);
  }

  async start(): Promise<void> {
    this.rpc = await UdpRpc.bind(this.args.listen, `${this.args.node}-${process.pid}`);
    this.rpc.serve((body) => this.handle(body as Message));
    this.shard.start();
    this.coordinator.start();
  }

  stop(): void {
    this.shard.stop();
    this.coordinator.stop();
    this.rpc.close();
    this.log.close();
  }

  private handle(message: Message): unknown {
    switch (message.t) {
      case 'health':
        return { t: 'healthy', node: this.args.node };
      case 'txn-request':
        return this.coordinator.handle(message);
      case 'crash-at-commit-point':
        this.crashArmed = true;
        return { t: 'armed' };
      case 'decision?':
        return this.coordinator.decisionQuery(message);
      case 'exec':
      case 'prepare':
      case 'commit':
      case 'abort':
        return this.shard.handle(message);
      default:
        return undefined;
    }
  }

  private async callShard(node: string, request: ShardRequest, persistent: boolean): Promise<ShardReply | undefined> {
    if (node === this.args.node) return this.shard.handle(request);
    return (await this.callPeer(node, request, persistent ? peerCallTimings.persistentAttemptsMax : peerCallTimings.attemptsMax)) as ShardReply | undefined;
  }

  private async ask(node: string, query: DecisionQuery): Promise<DecisionReply | undefined> {
    if (node === this.args.node) return this.coordinator.decisionQuery(query);
    return (await this.callPeer(node, query, 1)) as DecisionReply | undefined;
  }

  private async callPeer(node: string, body: unknown, attemptsMax: number): Promise<unknown> {
    const address = this.args.peers.get(node);
    if (address === undefined) return undefined;
    try {
      return await this.rpc.call(address, body, { attemptTimeoutMs: peerCallTimings.attemptTimeoutMs, attemptsMax });
    } catch (error) {
      if (error instanceof RpcTimeoutError) return undefined;
      throw error;
    }
  }
}
