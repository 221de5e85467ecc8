/**
 * The client of every replicated kv target, for both the register workload (read / write /
 * cas) and the kv workload (get / put / append); values are [key, v].
 *
 * Each operation is one request (clientId, seq) that keeps its identity across resends and
 * across nodes, so nodes can deduplicate it. Outcomes:
 * - ok / fail as the node says (fail = a cas whose `from` did not match, or refused outright);
 * - a read that got no answer in time: fail (a read changes nothing, so it surely did not
 *   "happen" in any way that matters);
 * - an update that got no answer in time: info, unless every node it reached said
 *   "not here" to the request's first transmission, in which case it surely was not applied: fail.
 */
import type { Address, Client, Completion, Op, RunContext } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import { isReadOnly, kvOpFromOp, type KvOp } from './kv-op.js';
import type { ClientReply, ClientRequest } from './protocol.js';
import { RpcTimeoutError, UdpRpc } from './udp-rpc.js';

/**
 * Where requests go first:
 * - primary: everything to the primary (primary-backup);
 * - chain: updates to the head, reads to the tail; with readFromAny, reads to the client's own node;
 * - coordinator: the client's own node coordinates (quorum); an update never moves to another
 *   node once sent, because a late duplicate from another coordinator could overwrite newer writes.
 */
export type Routing = 'primary' | 'chain' | 'coordinator';

export interface KvClientOptions {
  routing: Routing;
  /** Chain bug read-from-any: reads go to whatever node the client is bound to. */
  readFromAny?: boolean;
  opTimeoutMs: number;
  /** Wait for one transmission's answer this long before resending, ms. */
  attemptTimeoutMs?: number;
  /** Transmissions to one node before trying another, when allowed. */
  attemptsPerNode?: number;
}

const redirectBackoffMs = 50;
/**
 * The client asks its own node again for the current primary / head / tail this often, as
 * clients of real systems refresh their routing: with a deposed primary that still answers,
 * a client otherwise never learns about the new one.
 */
const routeRefreshMs = 1000;

export class ReplicatedKvClient implements Client {
  private rpc: UdpRpc | undefined;
  private nodes: string[] = [];
  private addresses = new Map<string, Address>();
  private home = '';
  private writeGuess: string | undefined;
  private readGuess: string | undefined;
  private guessedAtMs = 0;
  private seq = 0;
  /** The node that answered this client's last ok operation (tests use it to find the primary). */
  lastServedBy: string | undefined;
  private readonly clientId: string;

  constructor(
    readonly spec: TestSpec,
    readonly processId: number,
    readonly options: KvClientOptions,
  ) {
    this.clientId = `c${processId}`;
  }

  async open(run: RunContext, node: string): Promise<void> {
    this.nodes = [...run.spec.nodes];
    for (const n of this.nodes) this.addresses.set(n, run.runtime.addressOf('client', n));
    this.home = node;
    this.rpc = await UdpRpc.bind({ host: '0.0.0.0', port: 0 }, `${this.clientId}-${process.pid}`);
  }

  async close(): Promise<void> {
    this.rpc?.close();
    this.rpc = undefined;
  }

  async invoke(run: RunContext, op: Op): Promise<Completion> {
    const rpc = this.rpc;
    if (rpc === undefined) throw new Error('client not open');
    const kvOp = kvOpFromOp(op);
    const readOnly = isReadOnly(kvOp);
    const request: ClientRequest = { t: 'client', clientId: this.clientId, seq: ++this.seq, op: kvOp };
    const deadline = Date.now() + this.options.opTimeoutMs;
    const attemptTimeoutMs = this.options.attemptTimeoutMs ?? 250;
    const attemptsPerNode = this.options.attemptsPerNode ?? 3;
    /** Set once the request may have been applied somewhere (a transmission without a definite answer). */
    let ambiguous = false;
    let lastError = 'timed-out';
    let node = this.firstNode(kvOp);
    while (Date.now() < deadline && !run.signal.aborted) {
      const remaining = deadline - Date.now();
      let transmissions = 0;
      let reply: ClientReply;
      try {
        reply = (await rpc.call(this.addresses.get(node)!, request, {
          attemptTimeoutMs: Math.max(1, Math.min(attemptTimeoutMs, remaining)),
          attemptsMax: Math.max(1, Math.min(attemptsPerNode, Math.ceil(remaining / attemptTimeoutMs))),
          onAttempt: (n) => (transmissions = n),
        })) as ClientReply;
      } catch (error) {
        if (!(error instanceof RpcTimeoutError)) throw error;
        ambiguous = true;
        lastError = `timed-out (${node})`;
        if (readOnly || this.options.routing !== 'coordinator') node = this.nextNode(node, kvOp);
        this.forget(kvOp);
        continue;
      }
      // An answer to a resend may hide what happened to an earlier, lost transmission.
      if (transmissions > 1) ambiguous = true;
      switch (reply.t) {
        case 'ok':
          this.remember(kvOp, node);
          this.lastServedBy = node;
          return { type: 'ok', value: reply.value };
        case 'fail':
          return { type: 'fail', value: op.value, error: reply.error };
        case 'unknown':
          ambiguous = true;
          lastError = `unknown (${node}: ${reply.reason})`;
          // A coordinator that lost track of its own write: resending to it only repeats that.
          if (this.options.routing === 'coordinator' && !readOnly) return { type: 'info', value: op.value, error: lastError };
          await sleep(redirectBackoffMs);
          node = this.nextNode(node, kvOp);
          break;
        case 'redirect':
          lastError = `redirected (${node}: ${reply.reason})`;
          if (this.options.routing === 'coordinator' && !readOnly && ambiguous) break; // stay: see Routing
          if (reply.to !== undefined && reply.to !== node && this.addresses.has(reply.to)) {
            node = reply.to;
          } else {
            await sleep(redirectBackoffMs);
            node = this.nextNode(node, kvOp);
          }
          break;
      }
    }
    if (readOnly || !ambiguous) return { type: 'fail', value: op.value, error: lastError };
    return { type: 'info', value: op.value, error: lastError };
  }

  private isReadRouted(op: KvOp): boolean {
    return this.options.routing === 'chain' && isReadOnly(op);
  }

  private firstNode(op: KvOp): string {
    if (this.options.routing === 'coordinator') return this.home;
    if (Date.now() - this.guessedAtMs > routeRefreshMs) {
      this.writeGuess = undefined;
      this.readGuess = undefined;
      this.guessedAtMs = Date.now();
    }
    if (this.isReadRouted(op)) return this.options.readFromAny ? this.home : (this.readGuess ?? this.home);
    return this.writeGuess ?? this.home;
  }

  private remember(op: KvOp, node: string): void {
    if (this.options.routing === 'coordinator' || (this.isReadRouted(op) && this.options.readFromAny)) return;
    if (this.isReadRouted(op)) this.readGuess = node;
    else this.writeGuess = node;
  }

  private forget(op: KvOp): void {
    if (this.isReadRouted(op)) this.readGuess = undefined;
    else this.writeGuess = undefined;
  }

  private nextNode(node: string, op: KvOp): string {
    if (this.isReadRouted(op) && this.options.readFromAny) return node;
    const i = this.nodes.indexOf(node);
    return this.nodes[(i + 1) % this.nodes.length]!;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
