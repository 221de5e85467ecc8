/**
 * A 3-member etcd cluster (Debian's etcd-server, 3.4) as a Target: one `etcd` process per
 * node, pre-vote on, data dir in the run folder so a killed member restarts with its state.
 * Port 0 of a node is its client URL, port 1 its peer URL. Peers always talk to each
 * other's real addresses: network faults reach them only on a runtime that carries TCP (its
 * registry entry says; on 'local' the link proxies carry UDP only, so etcd runs there unfaulted).
 */
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { RunContext } from '../../harness/interfaces.js';
import { addressOverTransport } from '../../harness/runtime/registry.js';
import { EtcdGateway } from './etcd-gateway.js';
import { NodeProcesses, ProcessTarget } from '../node-processes.js';
import { waitUntil } from '../tcp-server-target.js';

export interface EtcdTargetOptions {
  /** Path or name of the etcd binary. */
  binary: string;
  /** How long a member may take to answer after (re)start, ms. */
  startTimeoutMs: number;
  /** How long setup waits for the cluster to have a leader, ms. */
  healthyTimeoutMs: number;
  /** Raft heartbeat and election timeout, ms (etcd's defaults: 100 and 1000). */
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
}

export const defaultEtcdTargetOptions: EtcdTargetOptions = {
  binary: process.env.HARNESS_ETCD ?? 'etcd',
  startTimeoutMs: 15_000,
  healthyTimeoutMs: 30_000,
  heartbeatIntervalMs: 100,
  electionTimeoutMs: 1000,
};


export const nodeDir = (run: RunContext, node: string): string => join(run.dir, 'nodes', node);
export const dataDir = (run: RunContext, node: string): string => join(nodeDir(run, node), 'data');

const url = (address: { host: string; port: number }): string => `http://${address.host}:${address.port}`;

/** Where the harness's clients reach a member (TCP): through the runtime's links where they carry TCP. */
export function clientAddressOf(run: RunContext, node: string): { host: string; port: number } {
  return addressOverTransport(run.runtime, 'tcp', 'client', node, 0);
}

export class EtcdTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('etcd member');

  constructor(readonly options: EtcdTargetOptions = defaultEtcdTargetOptions) {
    super();
  }

  /** etcd's command line for a member; the --initial-* flags are ignored once its data dir exists. */
  commandLine(run: RunContext, node: string): string[] {
    const client = run.runtime.listenAddress(node, 0);
    const peer = run.runtime.listenAddress(node, 1);
    const cluster = run.spec.nodes.map((n) => `${n}=${url(run.runtime.listenAddress(n, 1))}`).join(',');
    return [
      '--name', node,
      '--data-dir', dataDir(run, node),
      '--listen-client-urls', url(client),
      '--advertise-client-urls', url(client),
      '--listen-peer-urls', url(peer),
      '--initial-advertise-peer-urls', url(peer),
      '--initial-cluster', cluster,
      '--initial-cluster-state', 'new',
      '--initial-cluster-token', `harness-${run.spec.name}-${run.spec.seed}`,
      '--pre-vote',
      '--heartbeat-interval', String(this.options.heartbeatIntervalMs),
      '--election-timeout', String(this.options.electionTimeoutMs),
      '--logger', 'zap',
      '--log-outputs', 'stderr',
    ];
  }

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(nodeDir(run, node), { recursive: true });
    await this.start(run, node);
    // Every member is started in parallel by the run loop; a leader needs a quorum of them.
    await waitUntil(() => new EtcdGateway(clientAddressOf(run, node), 1000).healthy(), this.options.healthyTimeoutMs, run.signal, `etcd ${node} to see a leader`);
    run.log.info('etcd member healthy', { node });
  }

  /**
   * Target.primary: the raft leader, as the members that answer say (the newest term wins).
   * Each member names itself by id in its status, so the ids map to node names.
   */
  async primary(run: RunContext): Promise<string | undefined> {
    const statuses = await Promise.all(
      run.spec.nodes.map((node) =>
        new EtcdGateway(clientAddressOf(run, node), 500).status().then(
          (status) => ({ node, status }),
          () => undefined, // paused, killed or cut off: the others may know
        ),
      ),
    );
    const answered = statuses.filter((s) => s !== undefined);
    const newest = answered.filter(({ status }) => status.leaderId !== '' && status.leaderId !== '0').sort((a, b) => b.status.raftTerm - a.status.raftTerm)[0];
    if (newest === undefined) return undefined;
    const leaderId = newest.status.leaderId;
    const self = answered.find(({ status }) => status.memberId === leaderId);
    if (self !== undefined) return self.node;
    // The leader itself did not answer (paused, cut off): the member list names it.
    const names = await new EtcdGateway(clientAddressOf(run, newest.node), 500).memberNames().catch(() => new Map<string, string>());
    return names.get(leaderId);
  }

  /**
   * Start the member's process and wait until it accepts TCP connections on its client port.
   * Not until it answers: etcd serves clients only once it has published itself through raft,
   * which a member restarted into a partition may not manage for as long as it lasts; that is
   * etcd's behaviour under test, not a failed start. A member that exits during start is one.
   */
  async start(run: RunContext, node: string): Promise<void> {
    const logFile = join(nodeDir(run, node), 'etcd.log');
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, this.options.binary, this.commandLine(run, node), { logFile }),
      (_member, hasExited) =>
        waitUntil(
          async () => {
            if (hasExited()) throw new Error(`etcd ${node} exited during start; see ${logFile}`);
            return acceptsConnections(run.runtime.listenAddress(node, 0), 1000);
          },
          this.options.startTimeoutMs,
          run.signal,
          `etcd ${node} to listen`,
        ),
    );
  }
}

/** Whether a TCP connection to `address` is accepted within timeoutMs (then closed at once). */
function acceptsConnections(address: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const done = (accepted: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(accepted);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
