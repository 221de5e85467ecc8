/**
 * Redis with one primary and replicas (Debian's redis-server) as a Target: the first node of
 * the spec is the primary, every other node runs `--replicaof` it. Replication is
 * asynchronous and there is no failover (no Sentinel): what that does under faults, e.g.
 * stale reads from replicas or writes lost when the primary restarts, is what the checker
 * reports. Redis runs with its default persistence settings; only where it listens, where
 * its files go, whom it replicates and the diskless-sync delay (startup speed) are set.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Address, RunContext } from '../../harness/interfaces.js';
import { addressOverTransport } from '../../harness/runtime/registry.js';
import { RespConnection, RespError } from './resp-connection.js';
import { NodeProcesses, ProcessTarget } from '../node-processes.js';
import { waitUntil } from '../tcp-server-target.js';

export interface RedisTargetOptions {
  binary: string;
  /** How long a server may take to answer PING after (re)start, ms. */
  startTimeoutMs: number;
  /** How long setup waits for a replica's link to the primary to be up, ms. */
  replicationTimeoutMs: number;
}

export const defaultRedisTargetOptions: RedisTargetOptions = {
  binary: process.env.HARNESS_REDIS_SERVER ?? 'redis-server',
  startTimeoutMs: 10_000,
  replicationTimeoutMs: 20_000,
};


export const nodeDir = (run: RunContext, node: string): string => join(run.dir, 'nodes', node);
export const primaryOf = (run: RunContext): string => run.spec.nodes[0]!;

/** Where clients reach a node (Redis speaks TCP): through the runtime's links where they carry TCP. */
export function clientAddressOf(run: RunContext, node: string): Address {
  return addressOverTransport(run.runtime, 'tcp', 'client', node, 0);
}

export class RedisTarget extends ProcessTarget {
  protected readonly processes = new NodeProcesses('redis-server');

  constructor(readonly options: RedisTargetOptions = defaultRedisTargetOptions) {
    super();
  }

  commandLine(run: RunContext, node: string): string[] {
    const listen = run.runtime.listenAddress(node, 0);
    const primary = primaryOf(run);
    const args = [
      '--port', String(listen.port),
      '--bind', listen.host,
      '--dir', nodeDir(run, node),
      '--daemonize', 'no',
      // The servers are reached from outside their namespace without a password.
      '--protected-mode', 'no',
      '--logfile', '',
      // Only speed: Redis 7 waits 5 s before a diskless full sync to batch replicas; the
      // harness starts (and restarts) replicas one by one and would wait 5 s each time.
      '--repl-diskless-sync-delay', '0',
    ];
    if (node !== primary) {
      // Through the link replica -> primary where the runtime proxies TCP, so partitions cut replication too.
      const primaryAddress = addressOverTransport(run.runtime, 'tcp', node, primary, 0);
      args.push('--replicaof', primaryAddress.host, String(primaryAddress.port));
    }
    return args;
  }

  /** Target.primary: fixed, the spec's first node (no failover here). */
  async primary(run: RunContext): Promise<string> {
    return primaryOf(run);
  }

  async setup(run: RunContext, node: string): Promise<void> {
    await mkdir(nodeDir(run, node), { recursive: true });
    await this.start(run, node);
    if (node !== primaryOf(run)) {
      await waitUntil(async () => /master_link_status:up/.test(await info(run, node, 'replication')), this.options.replicationTimeoutMs, run.signal, `redis replica ${node} to sync`);
    }
    run.log.info('redis node ready', { node, role: node === primaryOf(run) ? 'primary' : 'replica' });
  }

  async start(run: RunContext, node: string): Promise<void> {
    const logFile = join(nodeDir(run, node), 'redis.log');
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, this.options.binary, this.commandLine(run, node), { logFile }),
      (_server, hasExited) =>
        waitUntil(
          async () => {
            if (hasExited()) throw new Error(`redis-server ${node} exited during start; see ${logFile}`);
            const connection = new RespConnection(run.runtime.listenAddress(node, 0), 1000);
            try {
              return (await connection.command(['PING'])) === 'PONG';
            } finally {
              connection.close();
            }
          },
          this.options.startTimeoutMs,
          run.signal,
          `redis-server ${node} to answer`,
        ),
    );
  }
}

/** INFO <section> of a node, asked on its own address. */
async function info(run: RunContext, node: string, section: string): Promise<string> {
  const connection = new RespConnection(run.runtime.listenAddress(node, 0), 1000);
  try {
    const reply = await connection.command(['INFO', section]);
    if (reply instanceof RespError) throw new Error(reply.message);
    return String(reply);
  } finally {
    connection.close();
  }
}

