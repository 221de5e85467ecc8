/**
 * The 'local' runtime: every node on 127.0.0.1 with real ports of its own, and a userspace
 * proxy on every directed link (client -> node, node -> node), for UDP and for TCP on the same
 * port number, so faults need no root.
 *
 * - listenAddress(node, k): the node's k-th real port (k < portsPerNode), allocated at setup.
 * - addressOf(from, to, k): the proxy port of link from -> to for the node's k-th port (UDP
 *   datagrams and TCP connections alike: udp-proxy.ts, tcp-proxy.ts); the
 *   node sees the proxy's upstream socket as the sender, so protocols must carry node ids in
 *   their messages rather than trust sender addresses. addressOf(n, n) is n's own address.
 * - setNetworkFaults: request direction of from -> to from the faults on from -> to, its reply
 *   direction from the faults on to -> from.
 * - spawn: execa child (stdout and stderr appended to the node's log file), started through
 *   `setpriv --pdeathsig KILL` so it dies with the harness even when the harness is SIGKILLed;
 *   kill / pause / resume by pid; teardown SIGCONTs then SIGKILLs every process still running,
 *   waits for them to exit, and closes every proxy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Address, Logger, NetworkFaults, NodeProcess, Runtime } from '../interfaces.js';
import type { TestSpec } from '../spec.js';
import { allocateNodePorts, releaseNodePorts } from './free-port.js';
import { clientLinkName } from './link-names.js';
import { TcpLinkProxy } from './tcp-proxy.js';
import { UdpLinkProxy, type DirectionFaults } from './udp-proxy.js';

export interface LocalRuntimeOptions {
  /** Real ports allocated per node (listenAddress(node, k) for k < portsPerNode). */
  portsPerNode?: number;
  host?: string;
  /** Per link: limit on upstream sockets (distinct senders) and how long an idle one lives. */
  maxUpstreamsPerLink?: number;
  upstreamIdleMs?: number;
  /** How long teardown waits for a killed process to be reaped before giving up on it. */
  killWaitMs?: number;
}

export { clientLinkName };

/** Salt mixed into the seed so proxy loss decisions never share a stream with workload or nemesis. */
const proxyRngSalt = 0x70726f78; // 'prox'

interface Link {
  from: string;
  to: string;
  port: number;
  proxy: UdpLinkProxy;
  /** Listens on the same port number as `proxy`, so addressOf is one address for both. */
  tcp: TcpLinkProxy;
}

/** How often a link tries a fresh port when the UDP port of its TCP proxy's number is taken. */
const linkPortAttemptsMax = 20;

export class LocalRuntime implements Runtime {
  readonly name = 'local' as const;
  private readonly portsPerNode: number;
  private readonly host: string;
  private readonly maxUpstreamsPerLink: number;
  private readonly upstreamIdleMs: number;
  private readonly killWaitMs: number;
  private log: Logger | undefined;
  private nodes: string[] = [];
  /** node -> its real ports. */
  private readonly nodePorts = new Map<string, number[]>();
  /** `${from}\u0000${to}` -> proxies, one per port index. */
  private readonly links = new Map<string, Link[]>();
  private readonly processes = new Set<LocalNodeProcess>();
  private tornDown = false;

  constructor(options: LocalRuntimeOptions = {}) {
    this.portsPerNode = options.portsPerNode ?? 2;
    this.host = options.host ?? '127.0.0.1';
    this.maxUpstreamsPerLink = options.maxUpstreamsPerLink ?? 256;
    this.upstreamIdleMs = options.upstreamIdleMs ?? 60_000;
    this.killWaitMs = options.killWaitMs ?? 5_000;
    if (!Number.isInteger(this.portsPerNode) || this.portsPerNode < 1) throw new Error(`portsPerNode must be a positive integer, got ${this.portsPerNode}`);
  }

  async setup(spec: TestSpec, log: Logger): Promise<void> {
    if (this.nodes.length > 0) throw new Error('local runtime: setup called twice');
    this.log = log;
    if (spec.nodes.length === 0) throw new Error('local runtime: the spec has no nodes');
    if (new Set(spec.nodes).size !== spec.nodes.length) throw new Error(`local runtime: duplicate node names in ${spec.nodes.join(',')}`);
    if (spec.nodes.includes(clientLinkName)) throw new Error(`local runtime: '${clientLinkName}' is reserved for the harness's clients and cannot name a node`);
    this.nodes = [...spec.nodes];
    this.tornDown = false;
    const ports = await allocateNodePorts(this.nodes.length * this.portsPerNode, this.host);
    this.nodes.forEach((node, i) => this.nodePorts.set(node, ports.slice(i * this.portsPerNode, (i + 1) * this.portsPerNode)));
    const senders = [clientLinkName, ...this.nodes];
    let linkNumber = 0;
    for (const from of senders) {
      for (const to of this.nodes) {
        if (from === to) continue;
        const proxies: Link[] = [];
        this.links.set(linkKey(from, to), proxies); // before starting them: a failed setup's teardown closes what started
        for (let k = 0; k < this.portsPerNode; k++) {
          // Each link its own streams, derived from the seed: replaying the seed replays the losses
          // as far as the arrival order of datagrams allows.
          const seed = ((spec.seed ^ proxyRngSalt) + linkNumber++ * 7919) | 0;
          proxies.push({ from, to, port: k, ...(await this.startLinkProxies(`${from}->${to}:${k}`, this.nodePorts.get(to)![k]!, seed)) });
        }
      }
    }
    log.info('local runtime ready', {
      nodes: Object.fromEntries(this.nodePorts),
      links: this.links.size * this.portsPerNode,
    });
  }

  /** A TCP proxy on a free port, then the UDP proxy on the same number (retried while that UDP port is taken). */
  private async startLinkProxies(name: string, upstreamPort: number, seed: number): Promise<{ proxy: UdpLinkProxy; tcp: TcpLinkProxy }> {
    const upstream = { host: this.host, port: upstreamPort };
    for (let attempt = 1; ; attempt++) {
      const tcp = new TcpLinkProxy({
        name,
        upstream,
        rng: xoroshiro128plus(seed ^ 0x746370), // 'tcp'
        listenHost: this.host,
        onError: (error) => this.log?.warn('tcp proxy socket error', { link: name, error: error.message }),
      });
      const { port } = await tcp.start();
      const proxy = new UdpLinkProxy({
        name,
        upstream,
        rng: xoroshiro128plus(seed),
        listenHost: this.host,
        listenPort: port,
        maxUpstreams: this.maxUpstreamsPerLink,
        idleMs: this.upstreamIdleMs,
        onError: (error) => this.log?.warn('udp proxy socket error', { link: name, error: error.message }),
      });
      try {
        await proxy.start();
        return { proxy, tcp };
      } catch (error) {
        await Promise.all([tcp.close(), proxy.close()]);
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= linkPortAttemptsMax) throw error;
      }
    }
  }

  listenAddress(node: string, port = 0): Address {
    const ports = this.nodePorts.get(node);
    if (ports === undefined) throw new Error(`local runtime: unknown node '${node}' (nodes: ${this.nodes.join(', ') || 'none; setup not run'})`);
    const real = ports[port];
    if (real === undefined) throw new Error(`local runtime: node '${node}' has ports 0..${ports.length - 1}, asked for ${port} (raise portsPerNode)`);
    return { host: this.host, port: real };
  }

  addressOf(from: string, to: string, port = 0): Address {
    if (from === to) return this.listenAddress(to, port);
    const proxies = this.links.get(linkKey(from, to));
    if (proxies === undefined) throw new Error(`local runtime: no link ${from} -> ${to} (senders: client, ${this.nodes.join(', ')})`);
    const link = proxies[port];
    if (link === undefined) throw new Error(`local runtime: link ${from} -> ${to} has ports 0..${proxies.length - 1}, asked for ${port}`);
    return link.proxy.address;
  }

  async setNetworkFaults(faults: NetworkFaults): Promise<void> {
    checkFaultNames(faults, new Set([clientLinkName, ...this.nodes]));
    for (const proxies of this.links.values()) {
      for (const { from, to, proxy, tcp } of proxies) {
        proxy.setFaults(directionFaults(faults, from, to), directionFaults(faults, to, from));
        tcp.setFaults(directionFaults(faults, from, to), directionFaults(faults, to, from));
      }
    }
  }

  async spawn(node: string, file: string, args: readonly string[], options: { env?: Record<string, string>; logFile: string }): Promise<NodeProcess> {
    if (this.tornDown) throw new Error(`local runtime: spawn(${node}) after teardown`);
    if (!this.nodePorts.has(node)) throw new Error(`local runtime: spawn of unknown node '${node}'`);
    // Through setpriv a missing file would only show as a quick exit; say it here instead.
    if (file.includes('/') && !fs.existsSync(file)) throw new Error(`local runtime: cannot start ${node}: no such file ${file}`);
    fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
    // A .js file runs under this very Node binary, so targets need not care where node lives.
    const isScript = /\.[cm]?js$/.test(file);
    const command = isScript ? [process.execPath, file, ...args] : [file, ...args];
    // setpriv execs the command in place (same pid), with "kill me when my parent dies" set:
    // a harness killed with SIGKILL cannot tear down, but its nodes still die with it.
    const wrapped = pdeathsigWrapper === undefined ? command : [pdeathsigWrapper, '--pdeathsig', 'KILL', '--', ...command];
    // The child writes its log straight into the file (its own fd, not a pipe through the
    // harness): a busy or dead harness never blocks or kills a node that logs. execa accepts
    // any fd number at run time; its types only list 0..9, hence the cast.
    const logFd = fs.openSync(options.logFile, 'a');
    const logTo = logFd as unknown as 'inherit';
    let child;
    try {
      child = execa(wrapped[0]!, wrapped.slice(1), {
        env: options.env,
        stdin: 'ignore',
        stdout: logTo,
        stderr: logTo,
        detached: false,
        reject: false,
        buffer: false,
        cleanup: true, // execa kills it if the harness itself exits
      });
    } finally {
      fs.closeSync(logFd); // spawned synchronously above: the child holds its own copy
    }
    if (child.pid === undefined) {
      const result = await child;
      throw new Error(`local runtime: could not start ${file} for ${node}: ${result.message ?? 'no pid'}`);
    }
    const nodeProcess = new LocalNodeProcess(node, child.pid, child);
    this.processes.add(nodeProcess);
    void nodeProcess.exited.then(() => this.processes.delete(nodeProcess));
    this.log?.info('spawned', { node, pid: child.pid, file, args });
    return nodeProcess;
  }

  /** Pids of processes started by this runtime that have not exited yet. */
  livePids(): number[] {
    return [...this.processes].map((p) => p.pid);
  }

  /** Per link, what its proxy forwarded and dropped (for logs and tests). */
  linkStats(): Array<{ link: string; request: { forwarded: number; dropped: number }; reply: { forwarded: number; dropped: number }; upstreams: number }> {
    return [...this.links.values()].flat().map(({ proxy }) => ({
      link: proxy.name,
      request: { ...proxy.stats.request },
      reply: { ...proxy.stats.reply },
      upstreams: proxy.upstreamCount,
    }));
  }

  async teardown(): Promise<void> {
    this.tornDown = true;
    const running = [...this.processes];
    for (const p of running) p.forceKill();
    const stuck: number[] = [];
    await Promise.all(
      running.map(async (p) => {
        const gone = await Promise.race([p.exited.then(() => true), delay(this.killWaitMs).then(() => false)]);
        if (!gone) stuck.push(p.pid);
      }),
    );
    if (stuck.length > 0) this.log?.error('processes did not exit after SIGKILL', { pids: stuck, waitedMs: this.killWaitMs });
    const used = this.linkStats().filter((s) => s.request.forwarded + s.request.dropped > 0);
    if (used.length > 0) {
      // What each link carried and lost: the first thing to look at when a run surprises.
      this.log?.info('link totals', {
        links: Object.fromEntries(used.map((s) => [s.link, { request: s.request, reply: s.reply }])),
      });
    }
    const tcpUsed = [...this.links.values()].flat().filter((link) => link.tcp.stats.connections > 0);
    if (tcpUsed.length > 0) {
      this.log?.info('tcp link totals', { links: Object.fromEntries(tcpUsed.map(({ tcp }) => [tcp.name, tcp.stats])) });
    }
    const links = [...this.links.values()].flat();
    this.links.clear();
    await Promise.all(links.flatMap((link) => [link.proxy.close(), link.tcp.close()]));
    for (const ports of this.nodePorts.values()) releaseNodePorts(ports);
    this.nodePorts.clear();
    this.nodes = [];
  }
}

/** A child started by the local runtime; signals go by pid and only while it has not exited (pid reuse). */
class LocalNodeProcess implements NodeProcess {
  readonly exited: Promise<{ exitCode?: number; signal?: string }>;
  private hasExited = false;

  constructor(
    readonly node: string,
    readonly pid: number,
    child: PromiseLike<{ exitCode?: number; signal?: string }>,
  ) {
    this.exited = Promise.resolve(child).then(
      (result) => {
        this.hasExited = true;
        return { exitCode: result.exitCode, signal: result.signal };
      },
      () => {
        this.hasExited = true;
        return {};
      },
    );
  }

  kill(signal: 'SIGKILL' | 'SIGTERM'): void {
    if (signal === 'SIGTERM') this.signal('SIGCONT'); // a stopped process cannot act on SIGTERM
    this.signal(signal);
  }

  pause(): void {
    this.signal('SIGSTOP');
  }

  resume(): void {
    this.signal('SIGCONT');
  }

  /** SIGCONT first so a paused process does not linger, then SIGKILL. */
  forceKill(): void {
    this.signal('SIGCONT');
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.hasExited) return;
    try {
      process.kill(this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error; // exited, not reaped yet
    }
  }
}

function directionFaults(faults: NetworkFaults, from: string, to: string): DirectionFaults {
  return {
    blocked: faults.blocked[from]?.includes(to) ?? false,
    loss: faults.loss[from]?.[to] ?? 0,
    delayMs: faults.delayMs[from]?.[to] ?? 0,
  };
}

function checkFaultNames(faults: NetworkFaults, known: Set<string>): void {
  const check = (where: string, name: string) => {
    if (!known.has(name)) throw new Error(`network faults: unknown link end '${name}' in ${where} (known: ${[...known].join(', ')})`);
  };
  for (const [from, tos] of Object.entries(faults.blocked)) {
    check('blocked', from);
    for (const to of tos) check(`blocked.${from}`, to);
  }
  for (const field of ['loss', 'delayMs'] as const) {
    for (const [from, tos] of Object.entries(faults[field])) {
      check(field, from);
      for (const to of Object.keys(tos)) check(`${field}.${from}`, to);
    }
  }
}

/** util-linux's setpriv (Essential on Debian) when present; without it nodes outlive a SIGKILLed harness. */
const pdeathsigWrapper = ['/usr/bin/setpriv', '/bin/setpriv'].find((candidate) => fs.existsSync(candidate));

function linkKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
