/**
 * Any node written for Maelstrom, unmodified, as real processes: per node, a relay (relay.ts)
 * started by the runtime runs the node's command and carries its messages over the runtime's
 * network. init (and the workload's after-init request, e.g. broadcast's topology) is sent
 * through the client link and retried until answered; a crash kill -9s the node's process
 * group and its relay, and the restart sends init again, so a node that keeps its state in
 * memory loses it. Pause SIGSTOPs both. What a node does against the protocol is recorded
 * (executionLog, checked by maelstrom-protocol); a node that cannot start is a clear error.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { RunContext, Target } from '../../harness/interfaces.js';
import type { MaelstromWorkload } from '../../workloads/maelstrom/maelstrom-workload.js';
import type { Body } from '../../workloads/maelstrom/message-body.js';
import { NodeProcesses } from '../node-processes.js';
import { HarnessEndpoint, type RpcOutcome } from './harness-endpoint.js';
import { messagesFileName } from './message-record.js';
import type { RelayConfig } from './relay.js';
import type { LatencyDistribution } from './latency.js';
import { LogTail, type EchoedLogs } from './log-tail.js';

export const relayPath = fileURLToPath(new URL('./relay.js', import.meta.url));

export interface MaelstromTargetOptions {
  /** The node's command line, run with /bin/sh -c. */
  bin: string;
  workload: MaelstromWorkload;
  /** How long a node may take to answer init (and the after-init request), ms. */
  initTimeoutMs: number;
  /** How long a restarted node may stay silent before that is recorded against it, ms. */
  initPatienceMs: number;
  /** init is sent again this often until answered, ms. */
  initRetryMs: number;
  /** Bytes queued for a node's stdin past which its relay drops messages. */
  stdinLimitBytes: number;
  /** Maelstrom's --latency and --latency-dist (latency.ts). */
  latencyMs: number;
  latencyDist: LatencyDistribution;
  /** Maelstrom's --log-stderr, --log-net-send, --log-net-recv: what to print as it happens (log-tail.ts). */
  echo: EchoedLogs;
}

/** How long kill waits for the node's process group to be gone, ms. */
const groupExitWaitMs = 3_000;

/** The id init and topology come from; workload clients are c1 and up. */
const initClient = 'c0';

export class MaelstromTarget implements Target {
  private readonly processes = new NodeProcesses('maelstrom node');
  private endpointOpened: Promise<HarnessEndpoint> | undefined;
  private current: HarnessEndpoint | undefined;
  private readonly nodePids = new Map<string, number>();
  /** Nodes the harness itself is stopping: their exit is no protocol violation. */
  private readonly stopping = new Set<string>();
  private readonly nodesUp = new Set<string>();
  /** Echoes node stderr and messages on the harness's stderr (--log-stderr, --log-net-*). */
  private readonly logTail: LogTail | undefined;

  constructor(readonly options: MaelstromTargetOptions) {
    this.logTail = LogTail.wanted(options.echo) ? new LogTail(options.echo) : undefined;
  }

  /** The endpoint, once setup opened it. */
  endpoint(): HarnessEndpoint {
    if (this.current === undefined) throw new Error('maelstrom target: no endpoint before setup');
    return this.current;
  }

  async setup(run: RunContext, node: string): Promise<void> {
    this.endpointOpened ??= (async () => {
      const endpoint = new HarnessEndpoint(run.runtime, run.spec.nodes, run.spec.seed, run.log);
      await endpoint.open();
      endpoint.onNodeExited = (exited, exitCode, signal) => {
        if (!this.stopping.has(exited)) endpoint.recordProtocolError(exited, `exited on its own (code ${exitCode}, signal ${signal}); see nodes/${exited}/node.log`);
      };
      this.current = endpoint;
      return endpoint;
    })();
    await this.endpointOpened;
    await mkdir(join(run.dir, 'nodes', node), { recursive: true });
    this.logTail?.follow(node, join(run.dir, 'nodes', node));
    await this.startNode(run, node, true);
  }

  async start(run: RunContext, node: string): Promise<void> {
    await this.startNode(run, node, false);
  }

  async kill(run: RunContext, node: string): Promise<void> {
    this.stopping.add(node);
    this.signalGroup(node, 'SIGCONT');
    this.signalGroup(node, 'SIGKILL');
    await this.processes.kill(run, node);
    await this.groupGone(run, node);
    this.nodePids.delete(node);
  }

  /** SIGKILL is asynchronous: wait (bounded) until no process of the node's group is left. */
  private async groupGone(run: RunContext, node: string): Promise<void> {
    const pid = this.nodePids.get(node);
    if (pid === undefined) return;
    const deadlineMs = performance.now() + groupExitWaitMs;
    while (performance.now() < deadlineMs) {
      try {
        process.kill(-pid, 0);
      } catch {
        return; // ESRCH: the whole group is gone
      }
      await sleep(10);
    }
    run.log.warn('maelstrom node: processes of its group still there after SIGKILL', { node, pid, waitedMs: groupExitWaitMs });
  }

  async pause(_run: RunContext, node: string): Promise<void> {
    this.signalGroup(node, 'SIGSTOP');
    this.processes.pause(node);
  }

  async resume(_run: RunContext, node: string): Promise<void> {
    this.processes.resume(node);
    this.signalGroup(node, 'SIGCONT');
  }

  async teardown(run: RunContext, node: string): Promise<void> {
    await this.kill(run, node);
    this.nodesUp.delete(node);
    if (this.nodesUp.size === 0) {
      await this.current?.close();
      this.logTail?.stop();
    }
  }

  /** What the nodes did against the protocol (checked by maelstrom-protocol). */
  async executionLog(): Promise<unknown[]> {
    return [...(this.current?.protocolErrors ?? [])];
  }

  private async startNode(run: RunContext, node: string, initial: boolean): Promise<void> {
    const dir = join(run.dir, 'nodes', node);
    const config: RelayConfig = {
      node,
      listen: run.runtime.listenAddress(node),
      peers: Object.fromEntries(run.spec.nodes.filter((peer) => peer !== node).map((peer) => [peer, run.runtime.addressOf(node, peer)])),
      command: this.options.bin,
      nodeLog: join(dir, 'node.log'),
      nodeDir: dir,
      pidFile: join(dir, 'node.pid'),
      stdinLimitBytes: this.options.stdinLimitBytes,
      messagesFile: join(dir, messagesFileName),
      clockZeroNs: String(run.startNs),
      latencyMs: this.options.latencyMs,
      latencyDist: this.options.latencyDist,
      seed: run.spec.seed,
    };
    this.nodesUp.add(node);
    await this.processes.start(
      run,
      node,
      () => run.runtime.spawn(node, process.execPath, [relayPath, JSON.stringify(config)], { logFile: join(dir, 'relay.log') }),
      async (_relay, hasExited) => {
        this.stopping.delete(node);
        try {
          await this.initialize(run, node, hasExited);
        } catch (error) {
          // A restarted node that cannot be reached yet (a partition) or will not answer is the
          // node's failure, recorded; only a node that will not start at all stops the run.
          if (initial || hasExited()) {
            await this.readPid(node, config.pidFile);
            this.signalGroup(node, 'SIGKILL'); // the relay is killed by NodeProcesses
            await this.groupGone(run, node);
            throw error;
          }
          // A restart on a loaded machine, or behind lost datagrams, may take longer: keep
          // asking in the background; only a node still silent after initPatienceMs is recorded.
          this.keepInitializing(run, node, hasExited, (error as Error).message);
        }
        await this.readPid(node, config.pidFile);
      },
    );
  }

  /** The relay writes the node's pid (its process group) right after starting it. */
  private async readPid(node: string, pidFile: string): Promise<void> {
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(pid) && pid > 0) this.nodePids.set(node, pid);
  }

  private keepInitializing(run: RunContext, node: string, hasExited: () => boolean, firstError: string): void {
    const sinceMs = performance.now();
    const stillThisProcess = () => !hasExited() && !this.stopping.has(node);
    void (async () => {
      while (stillThisProcess() && !run.signal.aborted) {
        try {
          await this.initialize(run, node, () => !stillThisProcess());
          run.log.info('maelstrom node answered init late, after its restart', { node, waitedMs: Math.round(performance.now() - sinceMs) });
          return;
        } catch (error) {
          if (!stillThisProcess()) return;
          if (performance.now() - sinceMs > this.options.initPatienceMs) {
            this.endpoint().recordProtocolError(node, `${firstError} (still silent ${this.options.initPatienceMs} ms after its restart: ${(error as Error).message.slice(0, 200)})`);
            return;
          }
        }
      }
    })();
  }

  /** init, then the workload's after-init request, each retried until answered or initTimeoutMs. */
  private async initialize(run: RunContext, node: string, hasExited: () => boolean): Promise<void> {
    await this.request(run, node, { type: 'init', node_id: node, node_ids: run.spec.nodes }, hasExited);
    const after = this.options.workload.afterInit?.(run.spec, node);
    if (after !== undefined) await this.request(run, node, after, hasExited);
  }

  private async request(run: RunContext, node: string, body: Body, hasExited: () => boolean): Promise<void> {
    const endpoint = this.endpoint();
    const expect = `${body.type}_ok`;
    const deadlineMs = performance.now() + this.options.initTimeoutMs;
    // Each retry is a new request; the answer to any of them counts (a slow node answers late).
    const answers: Array<Promise<RpcOutcome>> = [];
    while (performance.now() < deadlineMs) {
      if (hasExited()) throw await this.startError(run, node, `exited before answering ${body.type}`);
      if (run.signal.aborted) throw new Error(`start of ${node} aborted`);
      answers.push(endpoint.rpc(initClient, node, body, deadlineMs - performance.now()));
      // Under --latency an answer takes two latencies (more, drawn from a distribution): no
      // second init before the first one's answer had a fair chance.
      const retryMs = Math.max(this.options.initRetryMs, 4 * this.options.latencyMs);
      const retry = sleep(Math.min(retryMs, Math.max(0, deadlineMs - performance.now()))).then((): RpcOutcome => ({ kind: 'timeout' }));
      const outcome = await Promise.race([...answers.map((answer) => answer.then((o) => (o.kind === 'reply' ? o : new Promise<RpcOutcome>(() => {})))), retry]);
      if (outcome.kind === 'timeout') continue;
      if (outcome.body.type === expect) return;
      throw await this.startError(run, node, `answered ${body.type} with ${JSON.stringify(outcome.body).slice(0, 300)}, expected ${expect}`);
    }
    if (hasExited()) throw await this.startError(run, node, `exited before answering ${body.type}`);
    throw await this.startError(run, node, `did not answer ${body.type} with ${expect} (in_reply_to its msg_id) within ${this.options.initTimeoutMs} ms`);
  }

  private async startError(run: RunContext, node: string, what: string): Promise<Error> {
    const seen = this.endpoint().protocolErrors.filter((e) => e.node === node).slice(0, 3).map((e) => `${e.error}${e.detail === undefined ? '' : `: ${e.detail.slice(0, 120)}`}`);
    const tail = await tailOf(join(run.dir, 'nodes', node, 'node.log'), 600);
    return new Error(
      `maelstrom node ${node} (--bin ${JSON.stringify(this.options.bin)}) ${what}` +
        (seen.length > 0 ? `; it also ${seen.join('; ')}` : '') +
        (tail === '' ? '; its stderr (nodes/' + node + '/node.log) is empty' : `; last of its stderr (nodes/${node}/node.log): ${tail}`),
    );
  }

  private signalGroup(node: string, signal: NodeJS.Signals): void {
    const pid = this.nodePids.get(node);
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone already.
    }
  }
}

async function tailOf(file: string, bytes: number): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').trim();
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
