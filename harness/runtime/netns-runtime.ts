/**
 * The 'netns' runtime: every node in its own Linux network namespace with its own address,
 * joined by a bridge in a namespace of its own, plus one link from the root namespace (where
 * the harness's clients run) so clients reach every node. Faults are iptables rules inside
 * the run's namespaces (firewall.ts); the host firewall is never touched. Everything created
 * is recorded in DIR/netns.json first, so `harness cleanup` can remove a dead run's leftovers.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import type { Address, Logger, NetworkFaults, NodeProcess, Runtime } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { netnsUnavailableReason } from './netns/availability.js';
import { removeLayout } from './netns/cleanup.js';
import { runIn, tryRun } from './netns/command.js';
import { restoreInput, rulesFor } from './netns/firewall.js';
import { layoutFor, newRunPrefix, pickSubnetIndex, type NetnsLayout } from './netns/naming.js';
import { writeRunRecord, type NetnsRunRecord } from './netns/run-record.js';
import { createTopology, existingNamespaces, iptablesCommand, namespacesOf } from './netns/topology.js';

export interface NetnsRuntimeOptions {
  /** The run's store folder: netns.json goes here before anything is created. */
  runDir: string;
  /** Port k of every node is portBase + k (each node has its own address, so no clashes). */
  portBase?: number;
}

/** Setup tries fresh names this often before it gives up (see setup). */
const setupAttemptsMax = 3;

/** How long `ip netns exec` may take to exec the server, so the pid we signal is the server's. */
const execWaitMs = 5_000;

export class NetnsRuntime implements Runtime {
  readonly name = 'netns' as const;
  private readonly portBase: number;
  private layout: NetnsLayout | undefined;
  private record: NetnsRunRecord | undefined;
  private log: Logger | undefined;
  private readonly processes = new Set<number>();
  /** Rules last applied per namespace (joined), so unchanged namespaces are not touched. */
  private readonly appliedRules = new Map<string, string>();
  private readonly exitHook = (): void => this.removeSynchronously();
  private recordWrites: Promise<void> = Promise.resolve();

  constructor(private readonly options: NetnsRuntimeOptions) {
    this.portBase = options.portBase ?? 7000;
  }

  /** The layout (names, addresses) once setup ran; for tests and diagnostics. */
  get currentLayout(): NetnsLayout | undefined {
    return this.layout;
  }

  async setup(spec: TestSpec, log: Logger): Promise<void> {
    const unavailable = netnsUnavailableReason();
    if (unavailable !== undefined) throw new Error(unavailable);
    if (this.layout !== undefined) throw new Error('netns runtime: setup called twice');
    this.log = log;
    // Two runs starting at once may pick the same free /24 (or, rarely, prefix): the loser's
    // `ip` fails on an existing route or name; it removes what it made and tries fresh names.
    for (let attempt = 1; ; attempt++) {
      const prefix = newRunPrefix();
      // A prefix in use by another run (1 in 1.7 million) must never be taken, or removed on failure.
      if ([...(await existingNamespaces())].some((name) => name.startsWith(prefix))) continue;
      const rootState = (await tryRun('ip', ['-4', 'route', 'show'])).stdout + (await tryRun('ip', ['-4', 'addr', 'show'])).stdout;
      const layout = layoutFor(prefix, spec.nodes, pickSubnetIndex(prefix, rootState));
      this.record = { version: 1, state: 'active', createdAt: new Date().toISOString(), harnessPid: process.pid, layout, pids: [] };
      // The record first: whatever happens from here on, cleanup can find it.
      await this.saveRecord();
      this.layout = layout;
      process.on('exit', this.exitHook);
      try {
        await createTopology(layout);
        break;
      } catch (error) {
        log.error('netns setup failed; removing what was created', { attempt, error: String(error) });
        await this.teardown();
        if (attempt >= setupAttemptsMax || this.layout !== undefined) throw error;
      }
    }
    const layout = this.requireLayout();
    const prefix = layout.prefix;
    log.info('netns runtime ready', { prefix, subnet: layout.subnet, nodes: layout.nodes.map((n) => ({ node: n.node, namespace: n.namespace, address: n.address })) });
  }

  listenAddress(node: string, port = 0): Address {
    return { host: this.nodeLayout(node).address, port: this.portBase + port };
  }

  /** Straight to the node's address: faults live in the kernel, not in a proxy. */
  addressOf(from: string, to: string, port = 0): Address {
    if (from !== 'client') this.nodeLayout(from);
    return this.listenAddress(to, port);
  }

  async spawn(node: string, file: string, args: readonly string[], options: { env?: Record<string, string>; logFile: string }): Promise<NodeProcess> {
    const { namespace } = this.nodeLayout(node);
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    // The server writes its log straight to the file (an fd it inherits), not through a pipe
    // to the harness: a harness killed with SIGKILL must not take its servers down with
    // SIGPIPE, so that what it leaves is what `harness cleanup` must find.
    const logFd = openSync(options.logFile, 'a');
    let child;
    try {
      // `ip netns exec` enters the namespace and execs `file` in the same process: the
      // child's pid becomes the server's pid, which is what crash and pause signal.
      child = execa('ip', ['netns', 'exec', namespace, file, ...args], {
        env: options.env,
        // execa passes any file descriptor number through; its types only list 3..9.
        stdio: ['ignore', logFd as 3, logFd as 3],
        reject: false,
        detached: false,
        cleanup: true,
      });
    } finally {
      closeSync(logFd);
    }
    const pid = child.pid;
    if (pid === undefined) throw new Error(`netns runtime: could not start ${file} for ${node}`);
    this.processes.add(pid);
    if (this.record !== undefined) {
      this.record = { ...this.record, pids: [...this.record.pids, pid] };
      await this.saveRecord();
    }
    const exited = child.then(
      (result) => ({ exitCode: result.exitCode, signal: result.signal }),
      () => ({}),
    );
    void exited.then(() => this.processes.delete(pid));
    await waitForExec(pid, exited);
    const send = (signal: NodeJS.Signals): void => {
      try {
        process.kill(pid, signal);
      } catch {
        // Already exited.
      }
    };
    this.log?.info('spawned', { node, namespace, pid, file });
    return {
      node,
      pid,
      exited,
      kill: (signal) => {
        if (signal === 'SIGKILL') send('SIGCONT'); // harmless, and a paused process then also runs its SIGTERM handler
        send(signal);
      },
      pause: () => send('SIGSTOP'),
      resume: () => send('SIGCONT'),
    };
  }

  async setNetworkFaults(faults: NetworkFaults): Promise<void> {
    const layout = this.requireLayout();
    const rules = rulesFor(layout, faults);
    await Promise.all(
      [...rules].map(async ([namespace, namespaceRules]) => {
        const input = restoreInput(namespaceRules);
        if (this.appliedRules.get(namespace) === input) return;
        await runIn(namespace, `${iptablesCommand}-restore`, ['-w', '5', '--noflush'], { input });
        this.appliedRules.set(namespace, input);
      }),
    );
    this.log?.info('netns faults applied', { rules: Object.fromEntries([...rules].filter(([, r]) => r.length > 0).map(([ns, r]) => [ns, r.map((x) => x.join(' '))])) });
  }

  async teardown(): Promise<void> {
    const layout = this.layout;
    if (layout === undefined) return;
    const report = await removeLayout(layout, [...this.processes, ...(this.record?.pids ?? [])]);
    if (report.problems.length > 0) {
      this.log?.error('netns teardown left something behind; run `harness cleanup`', { problems: report.problems });
      return;
    }
    this.layout = undefined;
    this.processes.clear();
    this.appliedRules.clear();
    process.off('exit', this.exitHook);
    if (this.record !== undefined) {
      this.record = { ...this.record, state: 'removed' };
      await this.saveRecord();
    }
    this.log?.info('netns runtime removed', { prefix: layout.prefix, killedPids: report.killedPids, namespaces: report.removedNamespaces });
  }

  /**
   * Last resort on process exit without teardown (an uncaught error, process.exit): 'exit'
   * handlers must be synchronous, so this kills and deletes with spawnSync. SIGKILL of the
   * harness skips even this; `harness cleanup` is for that.
   */
  private removeSynchronously(): void {
    const layout = this.layout;
    if (layout === undefined) return;
    for (const namespace of namespacesOf(layout)) {
      const pids = spawnSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8', timeout: 5_000 }).stdout ?? '';
      for (const pid of pids.split('\n').map(Number).filter((n) => n > 0 && n !== process.pid)) {
        try {
          process.kill(pid, 'SIGCONT');
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone.
        }
      }
    }
    for (const namespace of namespacesOf(layout)) spawnSync('ip', ['netns', 'del', namespace], { timeout: 5_000 });
    spawnSync('ip', ['link', 'del', layout.client.rootLink], { timeout: 5_000 });
  }

  /** Record writes go one after another (nodes spawn in parallel), each writing the latest record. */
  private saveRecord(): Promise<void> {
    const write = this.recordWrites.then(() => writeRunRecord(this.options.runDir, this.record!));
    this.recordWrites = write.catch(() => {});
    return write;
  }

  private requireLayout(): NetnsLayout {
    if (this.layout === undefined) throw new Error('netns runtime: not set up');
    return this.layout;
  }

  private nodeLayout(node: string): NetnsLayout['nodes'][number] {
    const found = this.requireLayout().nodes.find((n) => n.node === node);
    if (found === undefined) throw new Error(`netns runtime: unknown node '${node}'`);
    return found;
  }
}

/** Wait until the child is no longer `ip` (it has exec'd the server), or has exited. */
async function waitForExec(pid: number, exited: Promise<unknown>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + execWaitMs;
  while (!done && Date.now() < deadline) {
    let command: string;
    try {
      command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return; // gone
    }
    if (command !== 'ip') return;
    await sleep(5);
  }
  if (!done) throw new Error(`netns runtime: pid ${pid} is still 'ip netns exec' after ${execWaitMs} ms`);
}
