import { createSocket, type Socket } from 'node:dgram';
import type { Address } from '../../harness/interfaces.js';
import { parseReply, type Reply, type Request } from './protocol.js';

/** How one call is retried: resend every `retryIntervalMs` (never when undefined) until `timeoutMs`. */
export interface CallPolicy {
  timeoutMs: number;
  retryIntervalMs?: number;
  signal?: AbortSignal;
}

/** Key a reply answers: "<clientId>:<seq>" for calls, the nonce for reads and pings. */
export function replyKey(message: Request | Reply): string {
  if (message.t === 'call' || message.t === 'reply') return `${message.clientId}:${message.seq}`;
  return `nonce:${message.nonce}`;
}

/**
 * One UDP socket (on 127.0.0.1 when the server is on loopback; any local address otherwise, so
 * the kernel picks the one routed to a namespace's or container's address) that sends requests to one address and matches replies by key.
 * Losing a request or a reply is normal; the policy says whether and how often to resend.
 */
export class UdpCaller {
  private socket: Socket | undefined;
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  /** Datagrams sent, including retransmissions (for tests and logs). */
  sent = 0;

  constructor(readonly address: Address) {}

  async open(): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('message', (datagram) => {
      const reply = parseReply(datagram);
      if (reply === undefined) return;
      this.waiting.get(replyKey(reply))?.(reply);
    });
    // Sends to a dead port can surface as errors on some systems: a lost message, nothing more.
    socket.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, this.address.host.startsWith('127.') ? '127.0.0.1' : '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    this.socket = socket;
  }

  /** Sends `request` (and resends it per `policy`); the reply, or undefined on timeout/abort. */
  call(request: Request, policy: CallPolicy): Promise<Reply | undefined> {
    const socket = this.socket;
    if (socket === undefined) throw new Error('UdpCaller.call before open()');
    const key = replyKey(request);
    if (this.waiting.has(key)) throw new Error(`UdpCaller: a call for ${key} is already waiting`);
    const datagram = JSON.stringify(request);
    return new Promise((resolve) => {
      let retryTimer: NodeJS.Timeout | undefined;
      const finish = (reply: Reply | undefined) => {
        clearTimeout(deadline);
        clearInterval(retryTimer);
        policy.signal?.removeEventListener('abort', onAbort);
        this.waiting.delete(key);
        resolve(reply);
      };
      const onAbort = () => finish(undefined);
      const send = () => {
        this.sent += 1;
        socket.send(datagram, this.address.port, this.address.host, () => {});
      };
      const deadline = setTimeout(() => finish(undefined), policy.timeoutMs);
      this.waiting.set(key, finish);
      if (policy.signal?.aborted) return finish(undefined);
      policy.signal?.addEventListener('abort', onAbort);
      send();
      if (policy.retryIntervalMs !== undefined) retryTimer = setInterval(send, policy.retryIntervalMs);
    });
  }

  close(): void {
    for (const finish of [...this.waiting.values()]) (finish as (reply: Reply | undefined) => void)(undefined);
    this.socket?.close();
    this.socket = undefined;
  }
}
