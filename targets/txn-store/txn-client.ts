/**
 * The txn-store's client: each operation (a list-append / rw-register `txn`, a bank `transfer`
 * or `read`) is one transaction sent to the client's own node, its coordinator, and resent
 * there with the same id until it answers or the operation times out. Outcomes: ok and fail as
 * the coordinator decided (fail: aborted, surely without effect: a lock wait timeout, a refused
 * vote, insufficient funds); no answer: info for a transaction that writes (it may have
 * committed), fail for a read-only one (it changed nothing, whatever became of it).
 */
import type { Address, Client, Completion, Op, RunContext } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import { bankAccounts, type BankTransfer } from '../../workloads/bank.js';
import { RpcTimeoutError, UdpRpc } from '../replicated/udp-rpc.js';
import type { TxnBody, TxnReply, TxnRequest } from './protocol.js';

/** The client resends its request after this long without an answer, ms. */
const attemptTimeoutMs = 300;

export class TxnStoreClient implements Client {
  private rpc: UdpRpc | undefined;
  private home: Address | undefined;
  private seq = 0;
  private readonly clientId: string;

  constructor(
    readonly spec: TestSpec,
    readonly processId: number,
  ) {
    this.clientId = `c${processId}`;
  }

  async open(run: RunContext, node: string): Promise<void> {
    this.home = run.runtime.addressOf('client', node);
    this.rpc = await UdpRpc.bind({ host: '0.0.0.0', port: 0 }, `${this.clientId}-${process.pid}`);
  }

  async close(): Promise<void> {
    this.rpc?.close();
    this.rpc = undefined;
  }

  async invoke(run: RunContext, op: Op): Promise<Completion> {
    if (this.rpc === undefined || this.home === undefined) throw new Error('client not open');
    const body = bodyOf(op);
    const request: TxnRequest = { t: 'txn-request', id: `${this.clientId}:${++this.seq}`, attempt: 0, body };
    let reply: TxnReply;
    try {
      reply = (await this.rpc.call(this.home, request, {
        attemptTimeoutMs,
        attemptsMax: Math.max(1, Math.floor(run.spec.opTimeoutMs / attemptTimeoutMs)),
        onAttempt: (attempt) => (request.attempt = attempt),
      })) as TxnReply;
    } catch (error) {
      if (!(error instanceof RpcTimeoutError)) throw error;
      return { type: isReadOnly(body) ? 'fail' : 'info', value: op.value, error: 'timed-out' };
    }
    return reply.t === 'ok' ? { type: 'ok', value: reply.value } : { type: 'fail', value: op.value, error: reply.error };
  }
}

function bodyOf(op: Op): TxnBody {
  switch (op.f) {
    case 'txn':
      if (!Array.isArray(op.value)) throw new Error(`txn needs a value of micro-ops, got ${JSON.stringify(op.value)}`);
      return { kind: 'txn', ops: op.value as [string, number, unknown][] };
    case 'transfer': {
      const { from, to, amount } = op.value as BankTransfer;
      return { kind: 'transfer', from, to, amount };
    }
    case 'read':
      return { kind: 'balances', accounts: [...bankAccounts] };
    default:
      throw new Error(`operation '${op.f}' is not served by the txn-store`);
  }
}

function isReadOnly(body: TxnBody): boolean {
  if (body.kind === 'balances') return true;
  if (body.kind === 'transfer') return false;
  return body.ops.every(([f]) => f === 'r');
}
