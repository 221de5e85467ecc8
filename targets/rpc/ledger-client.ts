import type { Address, Client, Completion, Op, RunContext } from '../../harness/interfaces.js';
import { isLedgerOp, type LedgerOp, type ReadReply, type Semantics } from './protocol.js';
import { UdpCaller } from './udp-caller.js';

export interface LedgerClientOptions {
  semantics: Semantics;
  /** Give up on one operation after this long and report `info` (it may have run). */
  opTimeoutMs: number;
  /** Resend an unanswered request this often (not for `maybe`: one try). */
  retryIntervalMs: number;
}

/** The ledger's final read: balances and every applied request id (repeated if applied twice). */
export interface LedgerReadValue {
  balances: Record<string, number>;
  applied: string[];
}

/**
 * One logical client of the ledger (one history process). Operation values carry their
 * request id "<clientId>:<seq>" (workloads/ledger.ts); the client resends the very same
 * (clientId, seq) until it gets a reply, also across a server restart, and tells the server
 * the highest seq it has seen a reply for so dedup entries can be dropped.
 *
 * Completions: ok = the server ran it; fail = the server said it changed nothing
 * (insufficient funds); info = no reply in time, it may or may not have run.
 */
export class LedgerClient implements Client {
  private caller: UdpCaller | undefined;
  /** Highest seq with a reply seen, per clientId. */
  private readonly acks = new Map<string, number>();
  private readCount = 0;

  constructor(
    readonly options: LedgerClientOptions,
    readonly processId: number,
    /** Where to send, given the run; defaults to the runtime's client -> node link. */
    private readonly resolveAddress: (run: RunContext, node: string) => Address = (run, node) => run.runtime.addressOf('client', node),
  ) {}

  async open(run: RunContext, node: string): Promise<void> {
    this.caller = new UdpCaller(this.resolveAddress(run, node));
    await this.caller.open();
  }

  async close(): Promise<void> {
    this.caller?.close();
    this.caller = undefined;
  }

  /** Datagrams sent so far, retransmissions included. */
  get datagramsSent(): number {
    return this.caller?.sent ?? 0;
  }

  async invoke(run: RunContext, op: Op): Promise<Completion> {
    if (this.caller === undefined) throw new Error('LedgerClient.invoke before open()');
    if (op.f === 'read') return this.read(run, this.caller);
    return this.call(run, this.caller, op);
  }

  private async call(run: RunContext, caller: UdpCaller, op: Op): Promise<Completion> {
    const { clientId, seq, ledgerOp } = toCall(op);
    const ack = this.acks.get(clientId) ?? -1;
    const reply = await caller.call(
      { t: 'call', clientId, seq, ack, op: ledgerOp },
      {
        timeoutMs: this.options.opTimeoutMs,
        retryIntervalMs: this.options.semantics === 'maybe' ? undefined : this.options.retryIntervalMs,
        signal: run.signal,
      },
    );
    if (reply === undefined || reply.t !== 'reply') {
      return { type: 'info', value: op.value, error: run.signal.aborted ? 'aborted' : 'timed-out' };
    }
    if (seq > ack) this.acks.set(clientId, seq);
    if (reply.result.ok) return { type: 'ok', value: op.value };
    return { type: 'fail', value: op.value, error: reply.result.error };
  }

  /** Reads every page of the applied list; balances come from the last page, so they match it. */
  private async read(run: RunContext, caller: UdpCaller): Promise<Completion> {
    const applied: string[] = [];
    let incarnation: number | undefined;
    for (;;) {
      this.readCount += 1;
      const reply = await caller.call(
        { t: 'read', nonce: `${this.processId}/${this.readCount}`, offset: applied.length },
        { timeoutMs: this.options.opTimeoutMs, retryIntervalMs: this.options.retryIntervalMs, signal: run.signal },
      );
      // A read changes nothing, so a read without an answer is a definite fail.
      if (reply === undefined || reply.t !== 'read-reply') return { type: 'fail', value: null, error: run.signal.aborted ? 'aborted' : 'timed-out' };
      if (incarnation !== undefined && reply.incarnation !== incarnation) {
        applied.length = 0; // the server restarted between pages: start over
        incarnation = reply.incarnation;
        continue;
      }
      incarnation = reply.incarnation;
      applied.push(...reply.applied);
      if (applied.length >= reply.total || reply.applied.length === 0) {
        const value: LedgerReadValue = { balances: (reply as ReadReply).balances, applied };
        return { type: 'ok', value };
      }
    }
  }
}

/** Splits a ledger op value ({id: "<clientId>:<seq>", ...}) into the request to send. */
function toCall(op: Op): { clientId: string; seq: number; ledgerOp: LedgerOp } {
  const value = op.value as Record<string, unknown> | null;
  const id = value?.id;
  const match = typeof id === 'string' ? /^(.+):(\d+)$/.exec(id) : null;
  if (match === null) throw new Error(`ledger op needs value.id "<clientId>:<seq>", got ${JSON.stringify(op.value)}`);
  const ledgerOp = { ...value, f: op.f } as Record<string, unknown>;
  delete ledgerOp.id;
  if (!isLedgerOp(ledgerOp)) throw new Error(`not a ledger operation: ${op.f} ${JSON.stringify(op.value)}`);
  return { clientId: match[1]!, seq: Number(match[2]), ledgerOp };
}
