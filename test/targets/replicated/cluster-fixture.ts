/**
 * A replicated target's three nodes on the local runtime (a real UDP proxy on every link),
 * with clients that record a history like the run loop does, so scripted fault scenarios can
 * be checked with the linearizability checker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEvent } from '../../../harness/event.js';
import { type Completion, type Logger, type NetworkFaults, noFaults, type Op, type RunContext, type Target, type TargetDefinition } from '../../../harness/interfaces.js';
import { LocalRuntime } from '../../../harness/runtime/local-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';
import type { ReplicatedKvClient } from '../../../targets/replicated/kv-client.js';
import { UdpRpc } from '../../../targets/replicated/udp-rpc.js';

const quietLog: Logger = { info() {}, warn() {}, error() {} };
export const nodes = ['n1', 'n2', 'n3'];

export function specFor(target: string, mode: string, workload: 'register' | 'kv', opTimeoutMs = 1500): TestSpec {
  return {
    name: `${target}-${mode}-test`,
    nodes,
    target,
    targetOptions: { mode },
    workload,
    nemesis: [],
    runtime: 'local',
    concurrency: 3,
    timeLimitMs: 1000,
    rateHz: 0,
    nemesisIntervalMs: 1000,
    opTimeoutMs,
    seed: 11,
    checkers: [],
    command: 'test',
  };
}

export class ClusterFixture {
  readonly runtime = new LocalRuntime();
  readonly dir = mkdtempSync(join(tmpdir(), 'replicated-test-'));
  readonly abort = new AbortController();
  readonly run: RunContext;
  readonly target: Target;
  readonly history: HistoryEvent[] = [];
  private readonly clients: ReplicatedKvClient[] = [];
  private readonly startNs = process.hrtime.bigint();
  private nextProcess = 0;

  constructor(
    readonly definition: TargetDefinition,
    readonly spec: TestSpec,
  ) {
    this.run = { spec, runtime: this.runtime, log: quietLog, dir: this.dir, signal: this.abort.signal, startNs: process.hrtime.bigint() };
    this.target = definition.createTarget(spec);
  }

  async setup(): Promise<void> {
    await this.runtime.setup(this.spec, quietLog);
    await Promise.all(nodes.map((node) => this.target.setup(this.run, node)));
  }

  /** A new client process bound to `node` (its first contact). */
  async client(node: string): Promise<ReplicatedKvClient> {
    const client = this.definition.createClient(this.spec, this.target, this.nextProcess++) as ReplicatedKvClient;
    await client.open(this.run, node);
    this.clients.push(client);
    return client;
  }

  /** Invoke and record invoke + completion, as the run loop does. */
  async invoke(client: ReplicatedKvClient, op: Op): Promise<Completion> {
    this.record(client.processId, 'invoke', op.f, op.value);
    const completion = await client.invoke(this.run, op);
    this.record(client.processId, completion.type, op.f, completion.value, completion.error);
    return completion;
  }

  private record(process: number, type: HistoryEvent['type'], f: string, value: unknown, error?: string): void {
    const timeNs = Number(process_hrtime() - this.startNs);
    this.history.push({ index: this.history.length, timeNs, process, type, f, value, ...(error === undefined ? {} : { error }) });
  }

  /** Cut `isolated` off from the other nodes (both directions); clients still reach everyone. */
  async isolate(isolated: string): Promise<void> {
    const faults: NetworkFaults = noFaults();
    const others = nodes.filter((n) => n !== isolated);
    faults.blocked[isolated] = others;
    for (const other of others) faults.blocked[other] = [isolated];
    await this.runtime.setNetworkFaults(faults);
  }

  /** The newest view any node reports (view-replicated targets), asked at each node's own port. */
  async currentView(): Promise<{ num: number; members: string[] }> {
    const rpc = await UdpRpc.bind({ host: '127.0.0.1', port: 0 }, 'fixture');
    try {
      const replies = await Promise.all(
        nodes.map((node) => rpc.call(this.runtime.listenAddress(node), { t: 'health' }, { attemptTimeoutMs: 200, attemptsMax: 3 }) as Promise<{ view: { num: number; members: string[] } | null }>),
      );
      const views = replies.map((r) => r.view).filter((v) => v !== null);
      return views.reduce((a, b) => (b.num > a.num ? b : a));
    } finally {
      rpc.close();
    }
  }

  /** Wait until some node reports a view without `node` (the majority side moved on). */
  async waitForViewWithout(node: string, timeoutMs = 15_000): Promise<{ num: number; members: string[] }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = await this.currentView();
      if (!view.members.includes(node)) return view;
      if (Date.now() > deadline) throw new Error(`no view without ${node} after ${timeoutMs} ms (newest ${JSON.stringify(view)})`);
      await sleep(100);
    }
  }

  async heal(): Promise<void> {
    await this.runtime.setNetworkFaults(noFaults());
  }

  async teardown(): Promise<void> {
    for (const client of this.clients) await client.close();
    await Promise.all(nodes.map((node) => this.target.teardown(this.run, node)));
    await this.runtime.teardown();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const process_hrtime = (): bigint => process.hrtime.bigint();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
