/**
 * The register workload against Redis: writes and cas go to the primary, reads go to the
 * node the client is bound to, so clients bound to replicas read asynchronously replicated
 * data (Redis's documented behaviour, which the linearizability checker is expected to flag).
 * cas is a Lua script, atomic on the primary. Values are JSON text under register:<key>.
 *
 * Failures: a failed read changed nothing -> fail; a write or cas with an error reply
 * (-READONLY, -ERR) or a refused connection -> fail with that error (Redis did not run it);
 * a timeout or reset -> info. A cas whose comparison did not hold -> fail with error
 * precondition-failed, the one error the linearizability models read as "the register held
 * another value" (docs/history-format.md, "What fail means").
 */
import { preconditionFailed, type Client, type Completion, type Op, type RunContext } from '../../harness/interfaces.js';
import { RespConnection, RespConnectionError, RespError, type RespValue } from './resp-connection.js';
import { clientAddressOf, primaryOf } from './redis-target.js';

export const registerKeyPrefix = 'register:';

/** KEYS[1] = key; ARGV[1] = expected value, ARGV[2] = new value, ARGV[3] = '1' when the key is expected absent. */
export const casScript = [
  "local current = redis.call('GET', KEYS[1])",
  "if (ARGV[3] == '1' and current == false) or (ARGV[3] ~= '1' and current == ARGV[1]) then",
  "  redis.call('SET', KEYS[1], ARGV[2])",
  '  return 1',
  'end',
  'return 0',
].join('\n');

export class RedisRegisterClient implements Client {
  private reads: RespConnection | undefined;
  private writes: RespConnection | undefined;

  constructor(private readonly opTimeoutMs: number) {}

  async open(run: RunContext, node: string): Promise<void> {
    this.reads = new RespConnection(clientAddressOf(run, node), this.opTimeoutMs);
    this.writes = node === primaryOf(run) ? this.reads : new RespConnection(clientAddressOf(run, primaryOf(run)), this.opTimeoutMs);
  }

  async close(): Promise<void> {
    this.reads?.close();
    this.writes?.close();
    this.reads = this.writes = undefined;
  }

  async invoke(_run: RunContext, op: Op): Promise<Completion> {
    if (this.reads === undefined || this.writes === undefined) throw new Error('redis client: invoke before open');
    if (!Array.isArray(op.value) || op.value.length !== 2) throw new Error(`redis client: register op value must be [key, v], got ${JSON.stringify(op.value)}`);
    const [key, argument] = op.value as [string, unknown];
    const redisKey = `${registerKeyPrefix}${key}`;
    let reply: RespValue;
    try {
      switch (op.f) {
        case 'read':
          reply = await this.reads.command(['GET', redisKey]);
          if (reply instanceof RespError) return { type: 'fail', value: op.value, error: reply.message };
          return { type: 'ok', value: [key, reply === null ? null : (JSON.parse(String(reply)) as unknown)] };
        case 'write':
          reply = await this.writes.command(['SET', redisKey, JSON.stringify(argument)]);
          if (reply instanceof RespError) return { type: 'fail', value: op.value, error: reply.message };
          return { type: 'ok', value: op.value };
        case 'cas': {
          const [from, to] = argument as [unknown, unknown];
          reply = await this.writes.command(['EVAL', casScript, '1', redisKey, from === null ? '' : JSON.stringify(from), JSON.stringify(to), from === null ? '1' : '0']);
          // An error reply: the script did not run, a definite refusal.
          if (reply instanceof RespError) return { type: 'fail', value: op.value, error: reply.message };
          return reply === 1 ? { type: 'ok', value: op.value } : { type: 'fail', value: op.value, error: preconditionFailed };
        }
        default:
          throw new Error(`redis client: unknown register operation '${op.f}'`);
      }
    } catch (error) {
      if (!(error instanceof RespConnectionError)) throw error;
      if (op.f === 'read' || error.surelyNotSent) return { type: 'fail', value: op.value, error: error.message };
      return { type: 'info', value: op.value, error: error.message };
    }
  }
}
