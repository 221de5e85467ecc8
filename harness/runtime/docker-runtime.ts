/**
 * The 'docker' runtime: every node a container (dockerode) on a bridge of the run's own
 * (docker/bridge.ts: the engine's networking cost most of a start), with a fixed address and MAC,
 * so a node keeps both across kill -9 and restart. All nodes start in parallel; a container's
 * eth0 and rules go in between its start and its command (behind the gate file). Containers run the
 * harness-built node image (docker/node-image.ts) with the project bind-mounted read-only at its
 * own path, or a user's image (--image, docker/user-image.ts) as it is; the run's store folder is
 * bind-mounted read-write at its own path, so node programs, their data directories (kept
 * across kill -9) and their logs are where the other runtimes put them.
 *
 * Faults are iptables rules inside each container's network namespace (node-firewall.ts,
 * sharing the netns runtime's rule code), entered with nsenter; a restarted container has a new
 * namespace, so it waits behind a gate file until its rules are in, and only then runs the
 * node's command. Crash = kill -9 (the engine's kill) and start; pause = the engine's pause.
 * Everything created carries the run's label and is recorded in DIR/docker.json first, so
 * teardown, Ctrl-C and `harness cleanup` remove it, also after the harness was SIGKILLed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import { execa } from 'execa';
import type { Address, Logger, NetworkFaults, NodeProcess, Runtime } from '../interfaces.js';
import { noFaults } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { removeDockerRun } from './docker/cleanup.js';
import { connectEngine, dockerUnavailableReason } from './docker/engine.js';
import { nodeRulesFor, wholeTableRestoreInput } from './node-firewall.js';
import { bridgeName, createBridge, giveEth0, plugIn, vethName } from './docker/bridge.js';
import { ensureNodeImage } from './docker/node-image.js';
import { requireLocalImage } from './docker/user-image.js';
import { dockerRecordPath, runDirLabel, runLabel, type DockerRunRecord } from './docker/run-record.js';
import { newRunPrefix, pickSubnetIndex } from './netns/naming.js';
import { iptablesCommand } from './netns/topology.js';
import { tryRun } from './netns/command.js';
import { RecordWriter } from './record-file.js';

export interface DockerRuntimeOptions {
  runDir: string;
  /** A user's image to run instead of the harness's node image. */
  image?: string;
  portBase?: number;
  docker?: Docker;
}

/** Docker runs take their /24s from here (netns runs use 10.231), so the two never collide. */
const subnetBase = '10.232';
const setupAttemptsMax = 3;
const ruleCommandTimeoutMs = 10_000;
/** What a node's table holds without a fault: also what a fresh namespace amounts to (every chain accepts). */
const noFaultTableInput = wholeTableRestoreInput({ input: [], output: [] });
/** The gate wait inside a container polls this often, seconds (busybox sleep takes fractions). */
const gatePollS = '0.02';
/** The project: its dist/ holds the node programs, node_modules what they import. */
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Read-only binds that put the project where it is on the host: the project, and its
 * node_modules where that is a symlink out of it (a git worktree sharing another checkout's).
 */
function projectBinds(): string[] {
  const binds = [`${projectRoot}:${projectRoot}:ro`];
  const modules = path.join(projectRoot, 'node_modules');
  const real = existsSync(modules) ? realpathSync(modules) : modules;
  if (!real.startsWith(projectRoot)) binds.push(`${real}:${real}:ro`);
  return binds;
}

export interface SpawnPhasesMs {
  /** createContainer (0 when the container was reused). */
  create: number;
  /** The engine's start. */
  start: number;
  /** Finding the started container's pid. */
  inspect: number;
  /** Its eth0, made in its namespace. */
  network: number;
  /** iptables-restore in its namespace (0 when skipped: a fresh namespace that needs no rule). */
  rules: number;
  /** From the spawn call to the gate opened: the node's command runs from here. */
  total: number;
  /** Its veth's host end onto the bridge, while the command starts. */
  plugIn: number;
}

interface NodeContainer {
  name: string;
  address: string;
  /** Host end of its veth on the run's bridge. */
  veth: string;
  container?: Docker.Container;
  /** The command the container was created with (reused on restart when the same). */
  commandKey?: string;
  /** Host pid of the running container's init, while it runs. */
  pid?: number;
  /** Rules last applied to that pid's namespace. */
  applied?: { pid: number; input: string };
  /** Engine calls on this container go one after another (pause before resume before kill). */
  queue: Promise<unknown>;
}

export class DockerRuntime implements Runtime {
  readonly name = 'docker';
  /** The engine's kill and freezer act on the whole container. */
  readonly signalsWholeNode = true;
  private readonly docker: Docker;
  /** Unbounded: container waits last as long as the node runs. */
  private readonly waits: Docker;
  private readonly portBase: number;
  private readonly records: RecordWriter<DockerRunRecord>;
  private record: DockerRunRecord | undefined;
  private log: Logger | undefined;
  private image: string | undefined;
  private readonly nodes = new Map<string, NodeContainer>();
  private clientAddress = '';
  private faults: NetworkFaults = noFaults();
  private readonly exitHook = (): void => this.removeSynchronously();

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker ?? connectEngine();
    this.waits = connectEngine(0);
    this.portBase = options.portBase ?? 7000;
    this.records = new RecordWriter(dockerRecordPath(options.runDir));
  }

  /** Image build time of this run's setup, ms (undefined when the image was reused). */
  imageBuiltInMs: number | undefined;
  /** How long setup's bridge create took, ms (the benchmark's split). */
  networkCreateMs: number | undefined;
  /** Each node's last spawn, split into its engine calls and rule setup, ms (the benchmark's split). */
  readonly spawnPhasesMs = new Map<string, SpawnPhasesMs>();

  async setup(spec: TestSpec, log: Logger): Promise<void> {
    if (this.record !== undefined) throw new Error('docker runtime: setup called twice');
    this.log = log;
    const unavailable = await dockerUnavailableReason(this.docker);
    if (unavailable !== undefined) throw new Error(unavailable);
    if (spec.nodes.length === 0 || spec.nodes.length > 250) throw new Error(`docker runtime needs 1..250 nodes, got ${spec.nodes.length}`);
    if (this.options.image === undefined) {
      const image = await ensureNodeImage(this.docker);
      this.image = image.name;
      this.imageBuiltInMs = image.builtInMs;
      log.info(image.builtInMs === undefined ? 'docker node image reused' : 'docker node image built', { image: image.name, builtInMs: image.builtInMs });
    } else {
      await requireLocalImage(this.docker, this.options.image); // before anything of the run exists
      this.image = this.options.image;
      log.info('docker runtime runs the user image', { image: this.image });
    }
    for (let attempt = 1; ; attempt++) {
      const prefix = newRunPrefix();
      const hostState = (await Promise.all([tryRun('ip', ['-4', 'route', 'show']), tryRun('ip', ['-4', 'addr', 'show'])])).map((r) => r.stdout).join('');
      const base = `${subnetBase}.${pickSubnetIndex(prefix, hostState, subnetBase)}`;
      const bridge = bridgeName(prefix);
      this.nodes.clear();
      spec.nodes.forEach((node, i) => this.nodes.set(node, { name: `${prefix}-${node}`, address: `${base}.${i + 1}`, veth: vethName(prefix, i + 1), queue: Promise.resolve() }));
      this.clientAddress = `${base}.254`;
      // The record first, with every container it will make: whatever happens from here on, cleanup can find it.
      this.record = { version: 1, state: 'active', createdAt: new Date().toISOString(), harnessPid: process.pid, prefix, bridge, subnet: `${base}.0/24`, containers: [...this.nodes.values()].map((n) => n.name) };
      await this.records.save(this.record);
      process.on('exit', this.exitHook);
      const networkStartMs = performance.now();
      try {
        await createBridge(bridge, this.clientAddress);
        // Another run may have picked the same subnet between the look and the create.
        const taken = (await tryRun('ip', ['-4', '-o', 'addr', 'show'])).stdout.split('\n').filter((line) => line.includes(` ${base}.`) && !line.includes(` ${bridge} `));
        if (taken.length > 0) throw new Error(`subnet ${base}.0/24 is in use: ${taken[0]!.trim()}`);
        this.networkCreateMs = Math.round(performance.now() - networkStartMs);
        break;
      } catch (error) {
        log.error('docker run bridge could not be made; trying fresh names', { attempt, error: String(error) });
        await this.teardown();
        if (attempt >= setupAttemptsMax) throw error;
      }
    }
    log.info('docker runtime ready', { prefix: this.record.prefix, bridge: this.record.bridge, image: this.image, nodes: [...this.nodes].map(([node, n]) => ({ node, container: n.name, address: n.address })) });
  }

  listenAddress(node: string, port = 0): Address {
    return { host: this.nodeContainer(node).address, port: this.portBase + port };
  }

  /** Straight to the node's address: faults live in its namespace, not in a proxy. */
  addressOf(from: string, to: string, port = 0): Address {
    if (from !== 'client') this.nodeContainer(from);
    return this.listenAddress(to, port);
  }

  async spawn(node: string, file: string, args: readonly string[], options: { env?: Record<string, string>; logFile: string }): Promise<NodeProcess> {
    const entry = this.nodeContainer(node);
    const record = this.requireRecord();
    const spawnStartMs = performance.now();
    const phases: SpawnPhasesMs = { create: 0, start: 0, inspect: 0, network: 0, rules: 0, total: 0, plugIn: 0 };
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    const gate = path.join(this.options.runDir, 'nodes', node, '.docker-gate');
    mkdirSync(path.dirname(gate), { recursive: true });
    rmSync(gate, { force: true });
    // The node's command runs once its rules are in, with its output appended to its log in the store.
    // (A user's image may have a sleep without fractions: then it sleeps whole seconds.)
    const command = ['/bin/sh', '-c', `while [ ! -e "$HX_GATE" ]; do sleep ${gatePollS} 2>/dev/null || sleep 1; done; exec "$@" >>"$HX_LOG" 2>&1`, 'hx-node', file, ...args];
    const env = [...Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`), `HX_GATE=${gate}`, `HX_LOG=${options.logFile}`];
    const commandKey = JSON.stringify([command, env]);
    if (entry.container !== undefined && entry.commandKey !== commandKey) {
      await entry.container.remove({ force: true }).catch(() => undefined);
      entry.container = undefined;
    }
    const created = entry.container === undefined;
    if (entry.container === undefined) {
      const createStartMs = performance.now();
      entry.container = await this.docker.createContainer({
        name: entry.name,
        Image: this.image,
        Entrypoint: [''], // a user's image's entrypoint is set aside: the node's command is what runs
        Cmd: command,
        Env: env,
        Labels: this.labels(),
        WorkingDir: this.options.runDir,
        // runc still gives it a network namespace of its own (loopback up), but the engine makes no
        // sandbox for it: no libnetwork-setkey prestart hook and set-ipv6, two runs of the dockerd
        // binary that took ~0.8 s of a ~1.2 s start here. Its eth0 comes from docker/bridge.ts.
        NetworkDisabled: true,
        HostConfig: {
          Init: true, // the node is not PID 1, so it gets signals as usual
          NetworkMode: 'none',
          // A user's image is used as it is: the project is not mounted over whatever it holds.
          Binds: [...(this.options.image === undefined ? projectBinds() : []), `${this.options.runDir}:${this.options.runDir}`],
        },
      });
      entry.commandKey = commandKey;
      phases.create = Math.round(performance.now() - createStartMs);
    }
    const container = entry.container;
    // A reused container must have stopped (a kill in flight finishes first): start it afresh.
    if (!created && (await container.inspect()).State.Running) {
      await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
      await this.waits.getContainer(entry.name).wait({ condition: 'not-running' });
    }
    const exitedCall = this.waits.getContainer(entry.name).wait({ condition: 'next-exit' });
    const startStartMs = performance.now();
    await container.start();
    phases.start = Math.round(performance.now() - startStartMs);
    const inspectStartMs = performance.now();
    const pid = Number((await container.inspect()).State.Pid);
    entry.pid = pid;
    phases.inspect = Math.round(performance.now() - inspectStartMs);
    const exited = exitedCall.then(
      (result: { StatusCode?: number }) => ({ exitCode: result.StatusCode }),
      () => ({}),
    );
    void exited.then(() => {
      if (entry.pid === pid) entry.pid = undefined;
    });
    let stepStartMs = performance.now();
    try {
      await giveEth0({ veth: entry.veth, pid, address: entry.address, gateway: this.clientAddress });
      phases.network = Math.round(performance.now() - stepStartMs);
      stepStartMs = performance.now();
      // A fresh namespace's table is the one of no fault (all accepted): nothing to restore until
      // there is a fault (unless setNetworkFaults already reached this pid).
      if (entry.applied?.pid !== pid) entry.applied = { pid, input: noFaultTableInput };
      await this.applyRules(node);
      phases.rules = Math.round(performance.now() - stepStartMs);
      // Its address and rules are in: the command may start, while its veth's host end goes onto the bridge.
      writeFileSync(gate, '');
      phases.total = Math.round(performance.now() - spawnStartMs);
      stepStartMs = performance.now();
      await plugIn(record.bridge!, entry.veth);
      phases.plugIn = Math.round(performance.now() - stepStartMs);
    } catch (error) {
      await container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
      throw error;
    }
    this.spawnPhasesMs.set(node, phases);
    this.log?.info('spawned', { node, container: entry.name, pid, file });
    const enqueue = (call: () => Promise<unknown>): Promise<void> => {
      const next = entry.queue.then(call).catch(() => undefined); // not running / not paused: nothing to do
      entry.queue = next;
      return next.then(() => undefined);
    };
    return {
      node,
      pid,
      exited,
      kill: (signal) => void enqueue(async () => {
        if (signal === 'SIGKILL') await container.unpause().catch(() => undefined);
        await container.kill({ signal });
      }),
      pause: () => enqueue(() => container.pause()),
      resume: () => enqueue(() => container.unpause()),
    };
  }

  async setNetworkFaults(faults: NetworkFaults): Promise<void> {
    nodeRulesFor(this.addresses(), faults, this.name); // refuse what cannot be applied before changing anything
    this.faults = faults;
    await Promise.all([...this.nodes.keys()].map((node) => this.applyRules(node)));
    this.log?.info('docker faults applied', { blocked: faults.blocked, loss: faults.loss });
  }

  async teardown(): Promise<void> {
    const record = this.record;
    if (record === undefined) return;
    const report = await removeDockerRun(this.docker, record.prefix, { containers: record.containers, network: record.network, bridge: record.bridge });
    if (report.problems.length > 0) {
      this.log?.error('docker teardown left something behind; run `harness cleanup`', { problems: report.problems });
      return;
    }
    this.record = undefined;
    process.off('exit', this.exitHook);
    for (const entry of this.nodes.values()) entry.container = undefined;
    await this.records.save({ ...record, state: 'removed' });
    this.log?.info('docker runtime removed', { prefix: record.prefix, containers: report.removedContainers, networks: report.removedNetworks });
  }

  /** The current faults' rules into a running node's namespace (skipped when unchanged for that pid). */
  private async applyRules(node: string): Promise<void> {
    const entry = this.nodeContainer(node);
    const pid = entry.pid;
    if (pid === undefined) return; // not running: its rules go in when it starts
    const input = wholeTableRestoreInput(nodeRulesFor(this.addresses(), this.faults, this.name).get(node)!);
    if (entry.applied?.pid === pid && entry.applied.input === input) return;
    const result = await execa('nsenter', ['-t', String(pid), '-n', `${iptablesCommand}-restore`, '-w', '5'], { input, reject: false, timeout: ruleCommandTimeoutMs });
    if (result.exitCode !== 0) {
      if (entry.pid !== pid) return; // it was killed meanwhile; the next start applies the rules
      throw new Error(`docker runtime: iptables-restore in ${entry.name} (pid ${pid}) failed: ${String(result.stderr).trim()}`);
    }
    entry.applied = { pid, input };
  }

  private addresses(): Map<string, string> {
    return new Map([['client', this.clientAddress], ...[...this.nodes].map(([node, n]) => [node, n.address] as [string, string])]);
  }

  private labels(): Record<string, string> {
    return { [runLabel]: this.requireRecord().prefix, [runDirLabel]: this.options.runDir };
  }

  /**
   * Last resort on process exit without teardown ('exit' handlers must be synchronous): the
   * docker CLI removes the run's containers, ip its bridge. SIGKILL skips even this; `harness
   * cleanup` is for that.
   */
  private removeSynchronously(): void {
    const record = this.record;
    if (record === undefined || !existsSync('/usr/bin/docker')) return;
    if (record.containers.length > 0) spawnSync('/usr/bin/docker', ['rm', '-f', ...record.containers], { timeout: 20_000, stdio: 'ignore' });
    if (record.bridge !== undefined) spawnSync('ip', ['link', 'del', record.bridge], { timeout: 20_000, stdio: 'ignore' });
  }

  private requireRecord(): DockerRunRecord {
    if (this.record === undefined) throw new Error('docker runtime: not set up');
    return this.record;
  }

  private nodeContainer(node: string): NodeContainer {
    const found = this.nodes.get(node);
    if (found === undefined) throw new Error(`docker runtime: unknown node '${node}'`);
    return found;
  }
}
