/**
 * A userspace TCP proxy for one directed link `from -> to`, as Toxiproxy does it: the sender
 * connects to the proxy, the proxy connects on to the node's real port and relays bytes both
 * ways, each direction with its own faults (the runtime sets the reply direction of
 * `from -> to` from the faults of `to -> from`, as for the UDP proxy).
 *
 * - blocked: every byte of that direction waits (nothing is lost, as TCP retransmits) and the
 *   sending socket is paused, so connections hang as on a partitioned network and carry on
 *   once healed if neither end gave up. A connection accepted while the request direction is
 *   blocked is connected on to the node only when it heals (the SYN did not get through).
 * - delayMs: every chunk of that direction arrives this much later, in order.
 * - loss: a lost segment costs TCP a retransmission, not the bytes: each chunk, with that
 *   probability (again for each retry), waits `retransmitMs` longer.
 * A reset on one side resets the other; a FIN travels like data (after the bytes before it).
 */
import net from 'node:net';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Address } from '../interfaces.js';
import { noDirectionFaults, type DirectionFaults } from './udp-proxy.js';

export interface TcpLinkProxyOptions {
  /** For logs and errors, e.g. 'client->n1:0'. */
  name: string;
  /** The node's real address. */
  upstream: Address;
  /** Loss decisions come from this generator only (pure-rand; mutated in place). */
  rng: RandomGenerator;
  listenHost?: string;
  /** 0 = any free port. */
  listenPort?: number;
  /** What one lost segment costs, ms (Linux's minimum retransmission timeout). */
  retransmitMs?: number;
  /** Socket errors are reported here instead of crashing the harness. */
  onError?: (error: Error) => void;
}

export interface TcpDirectionStats {
  bytes: number;
  /** Chunks that paid a retransmission for loss. */
  retransmitted: number;
}

/** Chunks queued in one direction beyond which the sender is paused (backpressure). */
const queuedChunksMax = 64;
/** A chunk is retransmitted at most this often for loss (a link with loss 1 still delivers, late). */
const retransmitsMax = 5;
const twoTo32 = 4294967296;

export class TcpLinkProxy {
  readonly name: string;
  readonly stats: { request: TcpDirectionStats; reply: TcpDirectionStats; connections: number } = {
    request: { bytes: 0, retransmitted: 0 },
    reply: { bytes: 0, retransmitted: 0 },
    connections: 0,
  };
  private readonly server: net.Server;
  private readonly connections = new Set<ProxiedConnection>();
  private requestFaults = noDirectionFaults();
  private replyFaults = noDirectionFaults();
  private boundAddress: Address | undefined;
  private closed = false;

  constructor(private readonly options: TcpLinkProxyOptions) {
    this.name = options.name;
    this.server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    this.server.on('error', (error) => this.options.onError?.(error));
  }

  async start(): Promise<Address> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.listenHost ?? '127.0.0.1', port: this.options.listenPort ?? 0, exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const bound = this.server.address() as net.AddressInfo;
    this.boundAddress = { host: bound.address, port: bound.port };
    return this.boundAddress;
  }

  get address(): Address {
    if (this.boundAddress === undefined) throw new Error(`${this.name}: proxy not started`);
    return this.boundAddress;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  setFaults(request: DirectionFaults, reply: DirectionFaults): void {
    this.requestFaults = { ...request };
    this.replyFaults = { ...reply };
    for (const connection of this.connections) connection.faultsChanged();
  }

  get faults(): { request: DirectionFaults; reply: DirectionFaults } {
    return { request: { ...this.requestFaults }, reply: { ...this.replyFaults } };
  }

  /** Stop listening and reset every connection. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Extra ms one chunk waits for loss: `retransmitMs` per lost try (seeded). */
  lossDelayMs(faults: DirectionFaults, stats: TcpDirectionStats): number {
    if (faults.loss <= 0) return 0;
    let tries = 0;
    while (tries < retransmitsMax && (this.options.rng.next() >>> 0) / twoTo32 < faults.loss) tries++;
    if (tries > 0) stats.retransmitted++;
    return tries * (this.options.retransmitMs ?? 200);
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.stats.connections++;
    const connection = new ProxiedConnection(this, socket, this.options.upstream, {
      request: () => this.requestFaults,
      reply: () => this.replyFaults,
    });
    this.connections.add(connection);
    connection.onGone = () => this.connections.delete(connection);
  }
}

type Item = { data: Buffer; dueMs: number } | { end: true; dueMs: number };

/** One direction of one connection: a queue of chunks, each with the time it may arrive. */
class Flow {
  private readonly queue: Item[] = [];
  private lastDueMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private waitingForDrain = false;
  target: net.Socket | undefined;

  constructor(
    private readonly proxy: TcpLinkProxy,
    private readonly source: net.Socket,
    private readonly faults: () => DirectionFaults,
    private readonly stats: TcpDirectionStats,
  ) {}

  push(data: Buffer | undefined): void {
    const faults = this.faults();
    const extraMs = data === undefined ? 0 : this.proxy.lossDelayMs(faults, this.stats);
    // Never before an earlier chunk: TCP delivers in order.
    const dueMs = Math.max(Date.now() + faults.delayMs + extraMs, this.lastDueMs);
    this.lastDueMs = dueMs;
    this.queue.push(data === undefined ? { end: true, dueMs } : { data, dueMs });
    this.pump();
  }

  /** Deliver what is due, unless blocked; keep the source paused while this direction cannot keep up. */
  pump(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const target = this.target;
    const blocked = this.faults().blocked;
    while (!blocked && target !== undefined && !this.waitingForDrain && this.queue.length > 0) {
      const head = this.queue[0]!;
      const waitMs = head.dueMs - Date.now();
      if (waitMs > 0) {
        this.timer = setTimeout(() => this.pump(), waitMs);
        break;
      }
      this.queue.shift();
      if ('end' in head) {
        target.end();
        continue;
      }
      this.stats.bytes += head.data.length;
      if (!target.write(head.data)) {
        this.waitingForDrain = true;
        target.once('drain', () => {
          this.waitingForDrain = false;
          this.pump();
        });
      }
    }
    const hold = blocked || target === undefined || this.waitingForDrain || this.queue.length >= queuedChunksMax;
    if (hold) this.source.pause();
    else this.source.resume();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

/** A sender's connection and, once the request direction lets it through, its connection on to the node. */
class ProxiedConnection {
  onGone: () => void = () => {};
  private upstream: net.Socket | undefined;
  private readonly request: Flow;
  private replyFlow: Flow | undefined;
  private gone = false;

  constructor(
    private readonly proxy: TcpLinkProxy,
    private readonly downstream: net.Socket,
    private readonly upstreamAddress: Address,
    private readonly faults: { request: () => DirectionFaults; reply: () => DirectionFaults },
  ) {
    this.request = new Flow(proxy, downstream, faults.request, proxy.stats.request);
    downstream.on('data', (chunk: Buffer) => this.request.push(chunk));
    downstream.on('end', () => this.request.push(undefined));
    downstream.on('error', () => this.reset());
    downstream.on('close', () => this.closedOneSide());
    this.faultsChanged();
  }

  faultsChanged(): void {
    if (this.gone) return;
    if (this.upstream === undefined && !this.faults.request().blocked) this.connectUpstream();
    this.request.pump();
    this.replyFlow?.pump();
  }

  destroy(): void {
    this.gone = true;
    this.request.stop();
    this.replyFlow?.stop();
    this.downstream.destroy();
    this.upstream?.destroy();
    this.onGone();
  }

  private connectUpstream(): void {
    const upstream = net.connect({ host: this.upstreamAddress.host, port: this.upstreamAddress.port, allowHalfOpen: true });
    this.upstream = upstream;
    upstream.pause();
    const reply = new Flow(this.proxy, upstream, this.faults.reply, this.proxy.stats.reply);
    reply.target = this.downstream;
    this.replyFlow = reply;
    upstream.on('connect', () => {
      this.request.target = upstream;
      this.request.pump();
      reply.pump();
    });
    upstream.on('data', (chunk: Buffer) => reply.push(chunk));
    upstream.on('end', () => reply.push(undefined));
    upstream.on('error', () => this.reset());
    upstream.on('close', () => this.closedOneSide());
  }

  /** A reset (or a refused connection on to the node) resets the other side at once. */
  private reset(): void {
    if (this.gone) return;
    this.gone = true;
    this.request.stop();
    this.replyFlow?.stop();
    this.downstream.resetAndDestroy();
    this.upstream?.resetAndDestroy();
    this.onGone();
  }

  /** Both sides closed (FIN both ways delivered, or destroyed): forget the connection. */
  private closedOneSide(): void {
    if (this.gone) return;
    if (this.downstream.destroyed && (this.upstream === undefined || this.upstream.destroyed)) {
      this.gone = true;
      this.onGone();
    }
  }
}
