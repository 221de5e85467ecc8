/**
 * A replicated store as a Target: one node process per node, started through the runtime
 * (its own namespace on 'netns'), listening on runtime.listenAddress(node) and told to reach
 * each peer at runtime.addressOf(node, peer), so node-to-node traffic crosses the faults.
 * Data dirs live in the run folder (nodes/<node>/data) and survive kill -9 and start().
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address, NodeProcess, RunContext } from '../../harness/interfaces.js';
import { NodeProcesses, ProcessTarget } from '../node-processes.js';
import { formatNodeArgs } from './node-args.js';
import { primaryFromViews } from './primary-from-views.js';
import { RpcTimeoutError, UdpRpc } from './udp-rpc.js';

export interface ClusterTargetOptions {
  /** Compiled node program (dist/targets/<name>/<name>-node.js). */
  program: string;
  /** Passed to every node as --mode (correct or a bug's name). */
  mode: string;
  startTimeoutMs: number;
  /** The nodes agree on views led by a primary (primary-backup, chain): faults can aim at it. */
  hasPrimary: boolean;
}

export const nodeDir = (run: RunContext, node: string): string => join(run.dir, 'nodes', node);
export const nodeDataDir = (run: RunContext, node: string): string => join(nodeDir(run, node), 'data');

export class ClusterTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('replica');
  /** Target.primary: only for clusters with a primary (a quorum store has none). */
  readonly primary?: (run: RunContext) => Promise<string | undefined>;

  constructor(readonly options: ClusterTargetOptions) {
    super();
    if (options.hasPrimary) this.primary = primaryFromViews;
  }

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(nodeDataDir(run, node), { recursive: true });
    await this.start(run, node);
  }

  async start(run: RunContext, node: string): Promise<void> {
    const peers = new Map<string, Address>();
    for (const peer of run.spec.nodes) if (peer !== node) peers.set(peer, run.runtime.addressOf(node, peer));
    const listen = run.runtime.listenAddress(node);
    const args = formatNodeArgs({ node, listen, peers, mode: this.options.mode, dataDir: nodeDataDir(run, node), seed: run.spec.seed });
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, process.execPath, [this.options.program, ...args], { logFile: join(nodeDir(run, node), 'node.log') }),
      (child) => waitHealthy(listen, child, this.options.startTimeoutMs, run.signal),
    );
  }
}

/** A health probe is sent this often while a node starts, ms; an answer may take up to attempts x this. */
const healthAttemptMs = 40;
const healthAttemptsPerCall = 5;

/** Asks the node's own address for `health` until it answers; fails early if the process exits. */
async function waitHealthy(address: Address, child: NodeProcess, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const rpc = await UdpRpc.bind({ host: '0.0.0.0', port: 0 }, `health-${child.pid}`);
  let exited = false;
  void child.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (exited) throw new Error(`replica on ${address.host}:${address.port} exited during start (see its node.log)`);
      if (signal.aborted) throw new Error('replica start aborted');
      try {
        // A port not yet bound drops the probe silently (UDP), so each attempt is the polling
        // step; the attempts of one call share its id, so a slow answer to an earlier one counts.
        await rpc.call(address, { t: 'health' }, { attemptTimeoutMs: healthAttemptMs, attemptsMax: healthAttemptsPerCall });
        return;
      } catch (error) {
        if (!(error instanceof RpcTimeoutError)) throw error;
      }
    }
    throw new Error(`replica on ${address.host}:${address.port} did not answer within ${timeoutMs} ms`);
  } finally {
    rpc.close();
  }
}
