/**
 * A userspace UDP proxy for one directed link `from -> to` (Toxiproxy's idea, for datagrams).
 *
 * The sender talks to the proxy's listen socket. For each sender address the proxy keeps an
 * upstream socket connected to the node's real port, so the node's reply comes back on that
 * upstream socket and is relayed to the right sender through the listen socket: a reply
 * travels the same link back. Faults apply per direction: `request` (sender -> node) and
 * `reply` (node -> sender); the runtime sets the reply faults of `from -> to` from the
 * network faults of `to -> from`.
 *
 * Cheap: no allocation per datagram beyond the Buffer Node hands us (no string keys, no
 * closures unless a delay is set). Bounded: at most `maxUpstreams` upstream sockets per link;
 * the least recently used is closed when a new sender arrives at the limit, and idle ones are
 * closed after `idleMs`.
 */
import dgram from 'node:dgram';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Address } from '../interfaces.js';

/** Faults of one direction of a link. */
export interface DirectionFaults {
  /** Drop every datagram. */
  blocked: boolean;
  /** Fraction 0..1 of datagrams dropped, each independently (seeded rng). */
  loss: number;
  /** Extra one-way delay, ms. */
  delayMs: number;
}

export const noDirectionFaults = (): DirectionFaults => ({ blocked: false, loss: 0, delayMs: 0 });

export interface DirectionStats {
  forwarded: number;
  dropped: number;
}

export interface UdpLinkProxyOptions {
  /** For logs and errors, e.g. 'client->n1:0'. */
  name: string;
  /** The node's real address. */
  upstream: Address;
  /** Loss decisions come from this generator only (pure-rand; mutated in place). */
  rng: RandomGenerator;
  /** Host the listen socket binds to; port 0 = any free port unless `listenPort` is given. */
  listenHost?: string;
  listenPort?: number;
  /** Limit on upstream sockets (distinct senders) kept open at once. */
  maxUpstreams?: number;
  /** An upstream socket unused for this long is closed. */
  idleMs?: number;
  /** Socket errors (rare on UDP) are reported here instead of crashing the harness. */
  onError?: (error: Error) => void;
}

/** One sender's upstream socket to the node. */
interface Upstream {
  readonly socket: dgram.Socket;
  readonly senderAddress: string;
  readonly senderPort: number;
  lastUsedMs: number;
}

const twoTo32 = 4294967296;

export class UdpLinkProxy {
  readonly name: string;
  readonly stats: { request: DirectionStats; reply: DirectionStats } = {
    request: { forwarded: 0, dropped: 0 },
    reply: { forwarded: 0, dropped: 0 },
  };
  /** Upstream sockets closed to stay under maxUpstreams or because they sat idle. */
  upstreamsEvicted = 0;

  private readonly upstream: Address;
  private readonly rng: RandomGenerator;
  private readonly listenHost: string;
  private readonly listenPort: number;
  private readonly maxUpstreams: number;
  private readonly idleMs: number;
  private readonly onError: (error: Error) => void;
  private readonly listenSocket: dgram.Socket;
  /** sender address -> sender port -> upstream; two-level so lookups build no string key. */
  private readonly upstreams = new Map<string, Map<number, Upstream>>();
  private upstreamTotal = 0;
  private requestFaults = noDirectionFaults();
  private replyFaults = noDirectionFaults();
  private boundAddress: Address | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: UdpLinkProxyOptions) {
    this.name = options.name;
    this.upstream = options.upstream;
    this.rng = options.rng;
    this.listenHost = options.listenHost ?? '127.0.0.1';
    this.listenPort = options.listenPort ?? 0;
    this.maxUpstreams = options.maxUpstreams ?? 256;
    this.idleMs = options.idleMs ?? 60_000;
    this.onError = options.onError ?? (() => {});
    if (!(this.maxUpstreams >= 1)) throw new Error(`${this.name}: maxUpstreams must be >= 1, got ${this.maxUpstreams}`);
    this.listenSocket = dgram.createSocket('udp4');
    this.listenSocket.on('error', (error) => this.onError(error));
    this.listenSocket.on('message', (message, sender) => this.onRequest(message, sender.address, sender.port));
  }

  /** Bind the listen socket; resolves to the address senders must use. */
  async start(): Promise<Address> {
    await new Promise<void>((resolve, reject) => {
      this.listenSocket.once('error', reject);
      this.listenSocket.bind(this.listenPort, this.listenHost, () => {
        this.listenSocket.off('error', reject);
        resolve();
      });
    });
    const { address, port } = this.listenSocket.address();
    this.boundAddress = { host: address, port };
    this.idleTimer = setInterval(() => this.closeIdleUpstreams(), Math.max(10, this.idleMs / 2));
    this.idleTimer.unref();
    return this.boundAddress;
  }

  /** Address senders use (after start). */
  get address(): Address {
    if (this.boundAddress === undefined) throw new Error(`${this.name}: proxy not started`);
    return this.boundAddress;
  }

  /** Number of upstream sockets open now. */
  get upstreamCount(): number {
    return this.upstreamTotal;
  }

  /** Replace the faults of both directions. Values are copied. */
  setFaults(request: DirectionFaults, reply: DirectionFaults): void {
    checkDirectionFaults(this.name, 'request', request);
    checkDirectionFaults(this.name, 'reply', reply);
    this.requestFaults = { ...request };
    this.replyFaults = { ...reply };
  }

  get faults(): { request: DirectionFaults; reply: DirectionFaults } {
    return { request: { ...this.requestFaults }, reply: { ...this.replyFaults } };
  }

  /** Close every socket; datagrams still delayed are dropped. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer !== undefined) clearInterval(this.idleTimer);
    const closing: Promise<void>[] = [];
    for (const bySender of this.upstreams.values()) {
      for (const upstream of bySender.values()) closing.push(closeSocket(upstream.socket));
    }
    this.upstreams.clear();
    this.upstreamTotal = 0;
    closing.push(closeSocket(this.listenSocket));
    await Promise.all(closing);
  }

  private onRequest(message: Buffer, senderAddress: string, senderPort: number): void {
    if (this.closed) return;
    const upstream = this.upstreamFor(senderAddress, senderPort);
    upstream.lastUsedMs = Date.now();
    if (this.shouldDrop(this.requestFaults)) {
      this.stats.request.dropped++;
      return;
    }
    this.stats.request.forwarded++;
    const delayMs = this.requestFaults.delayMs;
    if (delayMs > 0) {
      setTimeout(() => this.sendUpstream(upstream, message), delayMs);
    } else {
      this.sendUpstream(upstream, message);
    }
  }

  private onReply(upstream: Upstream, message: Buffer, fromPort: number): void {
    if (this.closed || fromPort !== this.upstream.port) return; // only the node's replies travel this link
    upstream.lastUsedMs = Date.now();
    if (this.shouldDrop(this.replyFaults)) {
      this.stats.reply.dropped++;
      return;
    }
    this.stats.reply.forwarded++;
    const delayMs = this.replyFaults.delayMs;
    if (delayMs > 0) {
      setTimeout(() => this.sendToSender(upstream, message), delayMs);
    } else {
      this.sendToSender(upstream, message);
    }
  }

  private sendUpstream(upstream: Upstream, message: Buffer): void {
    if (this.closed) return;
    try {
      upstream.socket.send(message, this.upstream.port, this.upstream.host);
    } catch (error) {
      this.onError(error as Error); // socket closed by eviction while a delayed datagram waited
    }
  }

  private sendToSender(upstream: Upstream, message: Buffer): void {
    if (this.closed) return;
    this.listenSocket.send(message, upstream.senderPort, upstream.senderAddress);
  }

  private shouldDrop(faults: DirectionFaults): boolean {
    if (faults.blocked) return true;
    if (faults.loss <= 0) return false;
    return (this.rng.next() >>> 0) / twoTo32 < faults.loss;
  }

  private upstreamFor(senderAddress: string, senderPort: number): Upstream {
    let bySender = this.upstreams.get(senderAddress);
    const existing = bySender?.get(senderPort);
    if (existing !== undefined) return existing;
    if (this.upstreamTotal >= this.maxUpstreams) this.evictLeastRecentlyUsed();
    if (bySender === undefined) {
      bySender = new Map();
      this.upstreams.set(senderAddress, bySender);
    }
    const socket = dgram.createSocket('udp4');
    const upstream: Upstream = { socket, senderAddress, senderPort, lastUsedMs: Date.now() };
    socket.on('error', (error) => this.onError(error));
    socket.on('message', (message, from) => this.onReply(upstream, message, from.port));
    // Sends issued before the bind completes are queued by Node, so no await is needed here.
    socket.bind(0, this.listenHost);
    bySender.set(senderPort, upstream);
    this.upstreamTotal++;
    return upstream;
  }

  private evictLeastRecentlyUsed(): void {
    let oldest: Upstream | undefined;
    for (const bySender of this.upstreams.values()) {
      for (const upstream of bySender.values()) {
        if (oldest === undefined || upstream.lastUsedMs < oldest.lastUsedMs) oldest = upstream;
      }
    }
    if (oldest !== undefined) this.removeUpstream(oldest);
  }

  private closeIdleUpstreams(): void {
    const cutoffMs = Date.now() - this.idleMs;
    for (const bySender of this.upstreams.values()) {
      for (const upstream of bySender.values()) {
        if (upstream.lastUsedMs < cutoffMs) this.removeUpstream(upstream);
      }
    }
  }

  private removeUpstream(upstream: Upstream): void {
    const bySender = this.upstreams.get(upstream.senderAddress);
    if (bySender?.get(upstream.senderPort) !== upstream) return;
    bySender.delete(upstream.senderPort);
    if (bySender.size === 0) this.upstreams.delete(upstream.senderAddress);
    this.upstreamTotal--;
    this.upstreamsEvicted++;
    void closeSocket(upstream.socket);
  }
}

function checkDirectionFaults(name: string, direction: string, faults: DirectionFaults): void {
  if (!(faults.loss >= 0 && faults.loss <= 1)) throw new Error(`${name}: ${direction} loss must be in 0..1, got ${faults.loss}`);
  if (!(faults.delayMs >= 0) || !Number.isFinite(faults.delayMs)) {
    throw new Error(`${name}: ${direction} delayMs must be a finite number >= 0, got ${faults.delayMs}`);
  }
}

function closeSocket(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}
