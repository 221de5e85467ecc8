/**
 * The harness's end of the Maelstrom network: one UDP socket for every client (c1..cN), the
 * init/topology sender and the services. It sends to a node through the runtime's client link
 * (addressOf('client', node)), so a client's request and its reply cross the runtime's network
 * as node-to-node messages do. It answers service requests, matches replies to the RPCs
 * waiting for them, and records what a node did against the protocol (protocolErrors).
 */
import dgram from 'node:dgram';
import type { Logger, Runtime } from '../../harness/interfaces.js';
import { seededRng } from '../../harness/seeded-rng.js';
import { maelstromServices } from './services/registry.js';
import type { Body } from '../../workloads/maelstrom/message-body.js';
import type { MaelstromService } from './services/service.js';
import { Reassembler, encodeControl, encodeMessage, forEachBatchedMessage, type ControlRecord } from './wire.js';

export interface MaelstromMessage {
  id?: number;
  src: string;
  dest: string;
  body: Body & { msg_id?: number; in_reply_to?: number };
}

export interface ProtocolError {
  /** ms since the endpoint opened. */
  atMs: number;
  node: string;
  error: string;
  detail?: string;
}

export type RpcOutcome = { kind: 'reply'; body: MaelstromMessage['body'] } | { kind: 'timeout' };

interface Waiter {
  resolve(outcome: RpcOutcome): void;
  timer: NodeJS.Timeout;
}

/** Client ids are c<number> (Maelstrom's); anything else that is no node or service is unknown. */
const clientIdPattern = /^c\d+$/;

export class HarnessEndpoint {
  readonly protocolErrors: ProtocolError[] = [];
  /** Messages the nodes sent to the harness (replies and service calls). */
  readonly counts = { toHarness: 0, fromHarness: 0, serviceCalls: 0 };
  private readonly socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  private readonly reassembler = new Reassembler();
  private readonly waiters = new Map<string, Waiter>();
  private readonly sentIds = new Set<string>();
  private readonly services = new Map<string, MaelstromService>();
  private readonly nodes: Set<string>;
  private readonly openedMs = performance.now();
  private nextMsgId = 1;
  private nextGroupId = 1;
  private closed = false;
  /** Called when a relay says its node exited. */
  onNodeExited: (node: string, exitCode: number | null, signal: string | null) => void = () => {};

  constructor(
    private readonly runtime: Runtime,
    nodes: readonly string[],
    seed: number,
    private readonly log: Logger,
  ) {
    this.nodes = new Set(nodes);
    for (const [name, create] of Object.entries(maelstromServices)) this.services.set(name, create(seededRng(seed, `maelstrom-service-${name}`)));
    this.socket.on('message', (datagram, sender) => this.onDatagram(datagram, `${sender.address}:${sender.port}`));
    this.socket.on('error', (error) => log.warn('maelstrom endpoint socket error', { error: error.message }));
  }

  async open(): Promise<void> {
    // On netns the nodes reach the harness over the root namespace's link, not loopback.
    const host = this.runtime.name === 'local' ? '127.0.0.1' : '0.0.0.0';
    await new Promise<void>((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.bind(0, host, () => {
        this.socket.off('error', reject);
        resolve();
      });
    });
  }

  get serviceNames(): string[] {
    return [...this.services.keys()];
  }

  /** A fresh msg_id, unique over every sender of the harness. */
  msgId(): number {
    return this.nextMsgId++;
  }

  /** Send body from src to node and wait for the reply with in_reply_to = its msg_id. */
  rpc(src: string, node: string, body: Body, timeoutMs: number): Promise<RpcOutcome> {
    const msgId = this.msgId();
    const key = `${src}/${msgId}`;
    this.sentIds.add(key);
    return new Promise<RpcOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.waiters.set(key, { resolve, timer });
      this.send({ src, dest: node, body: { ...body, msg_id: msgId } });
    });
  }

  recordProtocolError(node: string, error: string, detail?: string): void {
    const entry: ProtocolError = { atMs: Math.round(performance.now() - this.openedMs), node, error, ...(detail === undefined ? {} : { detail }) };
    if (this.protocolErrors.length < 1000) this.protocolErrors.push(entry);
    if (this.protocolErrors.length <= 20) this.log.warn(`maelstrom node ${node}: ${error}`, detail === undefined ? {} : { detail });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'timeout' });
    }
    this.waiters.clear();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  private send(message: MaelstromMessage): void {
    if (this.closed) return;
    this.counts.fromHarness++;
    this.sendDatagrams(message.dest, encodeMessage(Buffer.from(JSON.stringify(message)), this.nextGroupId++));
  }

  private sendDatagrams(node: string, datagrams: Buffer[]): void {
    if (this.closed || !this.nodes.has(node)) return;
    const to = this.runtime.addressOf('client', node);
    for (const datagram of datagrams) this.socket.send(datagram, to.port, to.host);
  }

  private onDatagram(datagram: Buffer, sender: string): void {
    const decoded = this.reassembler.decode(datagram, sender);
    if (decoded.kind === 'control') return this.onControl(decoded.record);
    if (decoded.kind !== 'message') return;
    // A relay may join several messages with newlines (relay.ts, batching).
    forEachBatchedMessage(decoded.text, (message) => this.onMessage(message.toString('utf8')));
  }

  private onMessage(line: string): void {
    this.counts.toHarness++;
    let message: MaelstromMessage;
    try {
      message = JSON.parse(line) as MaelstromMessage;
    } catch {
      return this.recordProtocolError('?', 'a datagram that is not JSON reached the harness');
    }
    const from = typeof message.src === 'string' ? message.src : '?';
    const service = this.services.get(message.dest);
    if (service !== undefined) return this.onServiceCall(service, message, from);
    if (!clientIdPattern.test(message.dest)) return this.recordProtocolError(from, `sent a message to '${message.dest}', which is no node, client or service`);
    const inReplyTo = message.body?.in_reply_to;
    const key = `${message.dest}/${String(inReplyTo)}`;
    const waiter = this.waiters.get(key);
    if (waiter !== undefined) {
      this.waiters.delete(key);
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: 'reply', body: message.body });
      return;
    }
    // A late reply to a request the client gave up on is fine (Maelstrom drops it too); a reply
    // to a msg_id this client never sent is the node's mistake.
    if (!this.sentIds.has(key)) {
      this.recordProtocolError(from, inReplyTo === undefined ? `sent ${message.dest} a ${String(message.body?.type)} without in_reply_to` : `replied to ${message.dest} with in_reply_to ${String(inReplyTo)}, which ${message.dest} never sent`);
    }
  }

  private onServiceCall(service: MaelstromService, message: MaelstromMessage, from: string): void {
    this.counts.serviceCalls++;
    if (!this.nodes.has(from)) return this.recordProtocolError(from, `called ${service.name} with src '${from}', which is no node`);
    const reply = service.handle(from, message.body);
    this.send({ src: service.name, dest: from, body: { ...reply, in_reply_to: message.body.msg_id } });
  }

  private onControl(record: ControlRecord): void {
    switch (record.kind) {
      case 'protocol-error':
        return this.recordProtocolError(record.node, record.error, record.detail);
      case 'node-exited':
        return this.onNodeExited(record.node, record.exitCode, record.signal);
      default:
        return;
    }
  }
}
