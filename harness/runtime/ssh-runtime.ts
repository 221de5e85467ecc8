/**
 * The 'ssh' runtime (Jepsen's model): every node is a host reached over SSH
 * (`--hosts n1=user@addr[:port],...`, `--ssh-key FILE`). The harness runs the node's command
 * there (the project and the run's data paths must exist at the same paths on each host: a
 * shared or synced checkout), applies faults with iptables on the host (node-firewall.ts, the
 * harness's own two chains only) and signals the node process for crash and pause, and
 * collects each node's log back into the store over SFTP at teardown. Every node process
 * carries HX_RUN=<prefix> in its environment and the run is recorded in DIR/ssh.json first, so
 * teardown and `harness cleanup` find what a run left on its hosts, also after SIGKILL.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ClientChannel } from 'ssh2';
import type { Address, Logger, NetworkFaults, NodeProcess, Runtime } from '../interfaces.js';
import { noFaults } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { newRunPrefix } from './netns/naming.js';
import { chainsRestoreInput, nodeRulesFor } from './node-firewall.js';
import { RecordWriter } from './record-file.js';
import { installChainsCommand, removeChainsCommand, restoreRulesCommand, runProcessesCommand } from './ssh/host-commands.js';
import { sshRecordPath, type SshRunRecord } from './ssh/run-record.js';
import { parseHost, shellQuote, SshHost } from './ssh/ssh-host.js';

export interface SshRuntimeOptions {
  runDir: string;
  portBase?: number;
}

interface NodeHost {
  host: SshHost;
  /** The harness's address as this host sees it (SSH_CLIENT): where links to 'client' go. */
  clientAddress: string;
  /** Local log file to collect the node's remote log into. */
  logFile?: string;
  appliedRules?: string;
}

/** The ssh runtime's settings from the spec; a message naming what is missing otherwise. */
export function sshOptionsProblem(spec: TestSpec): string | undefined {
  const hosts = spec.runtimeOptions?.hosts;
  if (hosts === undefined) return '--runtime ssh needs --hosts n1=user@address[:port],... (one host per node)';
  const missing = spec.nodes.filter((node) => hosts[node] === undefined);
  if (missing.length > 0) return `--hosts names no host for node(s) ${missing.join(', ')} (nodes: ${spec.nodes.join(', ')})`;
  if (spec.runtimeOptions?.sshKey === undefined) return '--runtime ssh needs --ssh-key FILE (key-based login to every host)';
  return undefined;
}

export class SshRuntime implements Runtime {
  readonly name = 'ssh';
  /**
   * sshd starts each node's command in a session of its own (setsid), so its pid leads a process
   * group and every signal goes to the group: what a node's shell started is crashed and paused
   * with it. A target's own `setsid` would fork there (a group leader cannot setsid) and its
   * parent exit at once: "exited during start".
   */
  readonly signalsWholeNode = true;
  private readonly portBase: number;
  private readonly records: RecordWriter<SshRunRecord>;
  private record: SshRunRecord | undefined;
  private log: Logger | undefined;
  private readonly nodes = new Map<string, NodeHost>();
  private faults: NetworkFaults = noFaults();

  constructor(private readonly options: SshRuntimeOptions) {
    this.portBase = options.portBase ?? 7000;
    this.records = new RecordWriter(sshRecordPath(options.runDir));
  }

  async setup(spec: TestSpec, log: Logger): Promise<void> {
    if (this.record !== undefined) throw new Error('ssh runtime: setup called twice');
    const problem = sshOptionsProblem(spec);
    if (problem !== undefined) throw new Error(problem);
    this.log = log;
    const hosts = Object.fromEntries(spec.nodes.map((node) => [node, spec.runtimeOptions!.hosts![node]!]));
    const prefix = newRunPrefix();
    this.record = { version: 1, state: 'active', createdAt: new Date().toISOString(), harnessPid: process.pid, prefix, hosts, keyFile: spec.runtimeOptions!.sshKey!, remoteDir: `/tmp/chaos-harness-${prefix}` };
    await this.records.save(this.record);
    await Promise.all(
      spec.nodes.map(async (node) => {
        const host = new SshHost(node, parseHost(hosts[node]!), this.record!.keyFile);
        await host.connect();
        const entry: NodeHost = { host, clientAddress: '' };
        this.nodes.set(node, entry);
        const { stdout } = await host.run(`echo "$SSH_CLIENT"; mkdir -p ${shellQuote(this.record!.remoteDir)}`);
        entry.clientAddress = stdout.trim().split(/\s+/)[0] ?? '';
        if (!/^\d+\.\d+\.\d+\.\d+$/.test(entry.clientAddress)) throw new Error(`ssh runtime: ${node} did not say where the harness connects from (SSH_CLIENT '${stdout.trim()}')`);
        const chains = await host.run(installChainsCommand);
        if (chains.code !== 0) throw new Error(`ssh runtime: installing the fault chains on ${node} failed (root and iptables needed there): ${chains.stderr.trim()}`);
      }),
    );
    log.info('ssh runtime ready', { prefix, hosts, clients: Object.fromEntries([...this.nodes].map(([node, n]) => [node, n.clientAddress])) });
  }

  listenAddress(node: string, port = 0): Address {
    return { host: parseHost(this.requireRecord().hosts[node] ?? this.unknown(node)).address, port: this.portBase + port };
  }

  addressOf(from: string, to: string, port = 0): Address {
    if (from !== 'client') this.listenAddress(from);
    return this.listenAddress(to, port);
  }

  async spawn(node: string, file: string, args: readonly string[], options: { env?: Record<string, string>; logFile: string }): Promise<NodeProcess> {
    const entry = this.nodeHost(node);
    const record = this.requireRecord();
    entry.logFile = options.logFile;
    const remoteLog = `${record.remoteDir}/${node}.log`;
    const env = [`HX_RUN=${record.prefix}`, ...Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`)].map(shellQuote);
    // `echo $$` says the pid, which `exec` then hands to the node's command.
    const command = `mkdir -p ${shellQuote(record.remoteDir)} && echo "$$" && exec env ${env.join(' ')} ${[file, ...args].map(shellQuote).join(' ')} >> ${shellQuote(remoteLog)} 2>&1 < /dev/null`;
    const channel = await entry.host.exec(command);
    const exited = new Promise<{ exitCode?: number; signal?: string }>((resolve) => channel.on('close', (code: number | null, signal?: string) => resolve({ exitCode: code ?? undefined, signal })));
    const pid = await firstLineAsPid(channel, exited, node);
    this.log?.info('spawned', { node, host: record.hosts[node], pid, file });
    // The process group the pid leads (signalsWholeNode); the pid alone should it lead none.
    const signal = (name: string): Promise<void> =>
      entry.host.run(`kill -${name} -- -${pid} 2>/dev/null || kill -${name} ${pid} 2>/dev/null; true`).then(() => undefined, () => undefined);
    return {
      node,
      pid,
      exited,
      kill: (name) => void (name === 'SIGKILL' ? signal('CONT').then(() => signal('KILL')) : signal('TERM')),
      pause: () => signal('STOP'),
      resume: () => signal('CONT'),
    };
  }

  async setNetworkFaults(faults: NetworkFaults): Promise<void> {
    const addresses = (node: string): Map<string, string> =>
      new Map([['client', this.nodeHost(node).clientAddress], ...[...this.nodes.keys()].map((n) => [n, this.listenAddress(n).host] as [string, string])]);
    const first = this.nodes.keys().next().value;
    if (first !== undefined) nodeRulesFor(addresses(first), faults, this.name); // refuse before changing anything
    this.faults = faults;
    await Promise.all(
      [...this.nodes].map(async ([node, entry]) => {
        const input = chainsRestoreInput(nodeRulesFor(addresses(node), this.faults, this.name).get(node)!, { clientAddress: entry.clientAddress, sshPort: entry.host.host.port });
        if (entry.appliedRules === input) return;
        const result = await entry.host.run(restoreRulesCommand, { input });
        if (result.code !== 0) throw new Error(`ssh runtime: iptables-restore on ${node} failed: ${result.stderr.trim()}`);
        entry.appliedRules = input;
      }),
    );
    this.log?.info('ssh faults applied', { blocked: faults.blocked, loss: faults.loss });
  }

  async teardown(): Promise<void> {
    const record = this.record;
    if (record === undefined) return;
    const problems: string[] = [];
    const noteProblem = (node: string, error: unknown) => problems.push(`${node}: ${error instanceof Error ? error.message : String(error)}`);
    // Every log is collected before any remote folder goes: hosts may share one filesystem
    // (the tests' namespaces do), and one host's removal must not take another's log first.
    await Promise.all([...this.nodes].map(([node, entry]) => cleanHost(entry.host, record, entry.logFile).catch((error) => noteProblem(node, error))));
    await Promise.all(
      [...this.nodes].map(async ([node, entry]) => {
        try {
          await removeRemoteDir(entry.host, record);
        } catch (error) {
          noteProblem(node, error);
        } finally {
          entry.host.close();
        }
      }),
    );
    if (problems.length > 0) {
      this.log?.error('ssh teardown left something behind; run `harness cleanup`', { problems });
      return;
    }
    this.record = undefined;
    this.nodes.clear();
    await this.records.save({ ...record, state: 'removed' });
    this.log?.info('ssh runtime removed', { prefix: record.prefix });
  }

  private requireRecord(): SshRunRecord {
    if (this.record === undefined) throw new Error('ssh runtime: not set up');
    return this.record;
  }

  private nodeHost(node: string): NodeHost {
    return this.nodes.get(node) ?? this.unknown(node);
  }

  private unknown(node: string): never {
    throw new Error(`ssh runtime: unknown node '${node}'`);
  }
}

/**
 * On one host: kill the run's processes, remove the fault chains and collect the node's log into
 * `localLog` (when given); removeRemoteDir comes after, once every host's log is collected.
 * Used by teardown and `harness cleanup`.
 */
export async function cleanHost(host: SshHost, record: SshRunRecord, localLog: string | undefined): Promise<string[]> {
  const killed = (await host.run(runProcessesCommand(record.prefix, true))).stdout.split('\n').filter(Boolean);
  const chains = await host.run(removeChainsCommand);
  if (chains.code !== 0) throw new Error(`removing the fault chains failed: ${chains.stderr.trim()}`);
  if (localLog !== undefined) {
    mkdirSync(path.dirname(localLog), { recursive: true });
    await host.download(`${record.remoteDir}/${host.name}.log`, localLog).catch(() => undefined); // a node that never started has no log
  }
  return killed;
}

/** Removes the run's remote folder (node logs) from the host. */
export async function removeRemoteDir(host: SshHost, record: SshRunRecord): Promise<void> {
  await host.run(`rm -rf ${shellQuote(record.remoteDir)}`);
}

/** The pid the remote shell printed before exec'ing the node's command. */
function firstLineAsPid(channel: ClientChannel, exited: Promise<unknown>, node: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const line = /^(\d+)\n/.exec(text);
      if (line !== null) {
        channel.off('data', onData);
        resolve(Number(line[1]));
      }
    };
    channel.on('data', onData);
    void exited.then(() => reject(new Error(`ssh runtime: the command for ${node} ended before it started (output: ${text.trim()})`)));
  });
}
