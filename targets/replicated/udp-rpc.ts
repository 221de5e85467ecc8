/**
 * Request/reply over UDP, one JSON message a datagram. Every protocol of the replicated
 * targets (client -> node and node -> node) speaks this, so the runtime's faults (the proxy
 * on 'local', iptables on 'netns') reach every message.
 *
 * Replies go back to the datagram's source address: on 'local' that is the link's proxy,
 * which forwards them back over the same link, so a partition cuts replies too.
 */
import dgram from 'node:dgram';
import type { Address } from '../../harness/interfaces.js';

interface RequestMessage {
  rpc: 'req';
  id: string;
  body: unknown;
}
interface ReplyMessage {
  rpc: 'rep';
  id: string;
  body: unknown;
}

/** Largest datagram we send; state transfers of the test workloads stay far below it. */
const datagramBytesMax = 60_000;

export class RpcTimeoutError extends Error {
  constructor(readonly to: Address, readonly attempts: number) {
    super(`no reply from ${to.host}:${to.port} after ${attempts} attempt(s)`);
  }
}

/** Handles one request; returns the reply body, or undefined to send no reply. */
export type RequestHandler = (body: unknown, from: Address) => Promise<unknown> | unknown;

export interface CallOptions {
  /** How long to wait for a reply to each attempt. */
  attemptTimeoutMs: number;
  /** Attempts in all (the same request id is resent, so the receiver can deduplicate). */
  attemptsMax: number;
  /** Called before each attempt (1-based); lets a client know whether a request was ever sent twice. */
  onAttempt?: (attempt: number) => void;
}

export class UdpRpc {
  private readonly socket: dgram.Socket;
  private readonly pending = new Map<string, (body: unknown) => void>();
  private handler: RequestHandler = () => undefined;
  private nextId = 0;
  private closed = false;

  private constructor(socket: dgram.Socket, private readonly idPrefix: string) {
    this.socket = socket;
    socket.on('message', (data, rinfo) => this.receive(data, { host: rinfo.address, port: rinfo.port }));
    // A datagram to a closed port yields ECONNREFUSED on some systems; it is just a lost message.
    socket.on('error', () => undefined);
  }

  /** Bind to `listen` (port 0 = any free port). `idPrefix` keeps request ids unique across restarts. */
  static async bind(listen: Address, idPrefix: string): Promise<UdpRpc> {
    const socket = dgram.createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(listen.port, listen.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpRpc(socket, idPrefix);
  }

  get address(): Address {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  serve(handler: RequestHandler): void {
    this.handler = handler;
  }

  /** Send a request and wait for its reply, resending the same request on each timeout. */
  async call(to: Address, body: unknown, options: CallOptions): Promise<unknown> {
    const id = `${this.idPrefix}.${this.nextId++}`;
    try {
      for (let attempt = 1; attempt <= options.attemptsMax; attempt++) {
        if (this.closed) break;
        options.onAttempt?.(attempt);
        const reply = await this.attempt(id, to, body, options.attemptTimeoutMs);
        if (this.closed) throw new Error('rpc endpoint closed');
        if (reply.received) return reply.body;
      }
    } finally {
      this.pending.delete(id);
    }
    throw new RpcTimeoutError(to, options.attemptsMax);
  }

  private attempt(id: string, to: Address, body: unknown, timeoutMs: number): Promise<{ received: boolean; body?: unknown }> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ received: false });
      }, timeoutMs);
      this.pending.set(id, (replyBody) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve({ received: true, body: replyBody });
      });
      this.send(to, { rpc: 'req', id, body } satisfies RequestMessage);
    });
  }

  private send(to: Address, message: RequestMessage | ReplyMessage): void {
    if (this.closed) return;
    const data = Buffer.from(JSON.stringify(message));
    if (data.length > datagramBytesMax) throw new Error(`message of ${data.length} bytes exceeds ${datagramBytesMax}`);
    this.socket.send(data, to.port, to.host, () => undefined);
  }

  private receive(data: Buffer, from: Address): void {
    let message: RequestMessage | ReplyMessage;
    try {
      message = JSON.parse(data.toString('utf8')) as RequestMessage | ReplyMessage;
    } catch {
      return; // not ours; a stray datagram is dropped like a lost one
    }
    if (message.rpc === 'rep') {
      this.pending.get(message.id)?.(message.body);
      return;
    }
    if (message.rpc !== 'req') return;
    Promise.resolve()
      .then(() => this.handler(message.body, from))
      .then(
        (reply) => {
          if (reply !== undefined) this.send(from, { rpc: 'rep', id: message.id, body: reply });
        },
        (error: unknown) => {
          process.stderr.write(`rpc handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        },
      );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const resolve of this.pending.values()) resolve(undefined);
    this.pending.clear();
    this.socket.close();
  }
}

export function parseAddress(text: string): Address {
  const colon = text.lastIndexOf(':');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`bad address '${text}', expected host:port`);
  return { host: text.slice(0, colon), port };
}

export const formatAddress = (a: Address): string => `${a.host}:${a.port}`;
