/**
 * The register workload against etcd: read / write / cas on [key, v], one gateway per
 * client bound to one member. Values are stored as JSON text under /register/<key>.
 *
 * What a failure means (Jepsen's etcd client): a read that failed changed nothing -> fail;
 * a write or cas whose connection was refused was never sent -> fail with that error; any
 * other error or a timeout may have been applied -> info. A cas whose comparison did not hold
 * -> fail with error precondition-failed, the one error the linearizability models read as
 * "the register held another value" (docs/history-format.md, "What fail means").
 */
import { preconditionFailed, type Client, type Completion, type Op, type RunContext } from '../../harness/interfaces.js';
import { EtcdGateway, surelyNotSent } from './etcd-gateway.js';
import { clientAddressOf } from './etcd-target.js';

export const registerKeyPrefix = '/register/';

export class EtcdRegisterClient implements Client {
  private gateway: EtcdGateway | undefined;

  constructor(private readonly opTimeoutMs: number) {}

  async open(run: RunContext, node: string): Promise<void> {
    this.gateway = new EtcdGateway(clientAddressOf(run, node), this.opTimeoutMs);
  }

  async close(): Promise<void> {
    this.gateway = undefined;
  }

  async invoke(_run: RunContext, op: Op): Promise<Completion> {
    const gateway = this.gateway;
    if (gateway === undefined) throw new Error('etcd client: invoke before open');
    if (!Array.isArray(op.value) || op.value.length !== 2) throw new Error(`etcd client: register op value must be [key, v], got ${JSON.stringify(op.value)}`);
    const [key, argument] = op.value as [string, unknown];
    const etcdKey = `${registerKeyPrefix}${key}`;
    try {
      switch (op.f) {
        case 'read': {
          const text = await gateway.get(etcdKey);
          return { type: 'ok', value: [key, text === undefined ? null : (JSON.parse(text) as unknown)] };
        }
        case 'write':
          await gateway.put(etcdKey, JSON.stringify(argument));
          return { type: 'ok', value: op.value };
        case 'cas': {
          const [from, to] = argument as [unknown, unknown];
          const applied = await gateway.compareAndSet(etcdKey, from === null ? undefined : JSON.stringify(from), JSON.stringify(to));
          return applied ? { type: 'ok', value: op.value } : { type: 'fail', value: op.value, error: preconditionFailed };
        }
        default:
          throw new Error(`etcd client: unknown register operation '${op.f}'`);
      }
    } catch (error) {
      const message = describe(error);
      // Never sent: a definite refusal, a plain fail with its own error (it constrains nothing).
      if (op.f === 'read' || surelyNotSent(error)) return { type: 'fail', value: op.value, error: message };
      return { type: 'info', value: op.value, error: message };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed-out';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
