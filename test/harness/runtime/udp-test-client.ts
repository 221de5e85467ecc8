/** A UDP socket for tests: send datagrams, collect what comes back. */
import dgram from 'node:dgram';
import type { Address } from '../../../harness/interfaces.js';

export class UdpTestClient {
  readonly received: string[] = [];
  private readonly socket = dgram.createSocket('udp4');
  private waiters: Array<() => void> = [];

  static async open(): Promise<UdpTestClient> {
    const client = new UdpTestClient();
    await new Promise<void>((resolve) => client.socket.bind(0, '127.0.0.1', resolve));
    return client;
  }

  private constructor() {
    this.socket.on('message', (message) => {
      this.received.push(message.toString());
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(to: Address, payload: string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(payload, to.port, to.host, (error) => (error ? reject(error) : resolve())));
  }

  /** Wait until `count` datagrams have been received in total, or `timeoutMs` passed; returns whether they arrived. */
  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, leftMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** Send one datagram and wait for the next reply; undefined after `timeoutMs`. */
  async request(to: Address, payload: string, timeoutMs: number): Promise<string | undefined> {
    const before = this.received.length;
    await this.send(to, payload);
    return (await this.waitFor(before + 1, timeoutMs)) ? this.received[before] : undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
