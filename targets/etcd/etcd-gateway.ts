/**
 * etcd's v3 JSON gateway over HTTP (grpc-gateway in etcd 3.4: POST /v3/kv/{put,range,txn}),
 * with keys and values base64-encoded as the gateway requires. Every call has a timeout.
 */
import type { Address } from '../../harness/interfaces.js';

export const toBase64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const fromBase64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

/** The gateway answered with an error (e.g. 'etcdserver: request timed out'). */
export class EtcdResponseError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: string,
  ) {
    super(`etcd answered HTTP ${httpStatus}: ${body.slice(0, 200)}`);
  }
}

/**
 * Whether a failed call surely did not reach etcd: the connection was refused, so nothing was
 * sent. Everything else (timeout, reset, an error answer) may have been applied.
 */
export function surelyNotSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED';
}

interface RangeResponse {
  kvs?: Array<{ key: string; value?: string; mod_revision?: string }>;
}
interface TxnResponse {
  succeeded?: boolean;
}
/** A member's own view of the cluster (uint64 ids and terms come as decimal strings). */
export interface MemberStatus {
  memberId: string;
  leaderId: string;
  raftTerm: number;
}

export class EtcdGateway {
  private readonly baseUrl: string;

  constructor(
    address: Address,
    private readonly timeoutMs: number,
  ) {
    this.baseUrl = `http://${address.host}:${address.port}`;
  }

  async put(key: string, value: string): Promise<void> {
    await this.post('/v3/kv/put', { key: toBase64(key), value: toBase64(value) });
  }

  /** The key's value, or undefined when it does not exist. Linearizable (not serializable) read. */
  async get(key: string): Promise<string | undefined> {
    const response = (await this.post('/v3/kv/range', { key: toBase64(key) })) as RangeResponse;
    const kv = response.kvs?.[0];
    return kv === undefined ? undefined : fromBase64(kv.value ?? '');
  }

  /**
   * Set key to `to` if it holds `from` (undefined = the key does not exist), in one txn.
   * Returns whether the comparison held and the put was applied.
   */
  async compareAndSet(key: string, from: string | undefined, to: string): Promise<boolean> {
    const compare =
      from === undefined
        ? { key: toBase64(key), result: 'EQUAL', target: 'CREATE', create_revision: '0' }
        : { key: toBase64(key), result: 'EQUAL', target: 'VALUE', value: toBase64(from) };
    const response = (await this.post('/v3/kv/txn', { compare: [compare], success: [{ request_put: { key: toBase64(key), value: toBase64(to) } }] })) as TxnResponse;
    return response.succeeded === true;
  }

  /** POST /v3/maintenance/status: this member's id, the leader it follows, and its raft term. */
  async status(): Promise<MemberStatus> {
    const response = (await this.post('/v3/maintenance/status', {})) as { header?: { member_id?: string; raft_term?: string }; leader?: string };
    return { memberId: response.header?.member_id ?? '', leaderId: response.leader ?? '', raftTerm: Number(response.header?.raft_term ?? 0) };
  }

  /** POST /v3/cluster/member/list: member names (--name) by member id. */
  async memberNames(): Promise<Map<string, string>> {
    const response = (await this.post('/v3/cluster/member/list', {})) as { members?: Array<{ ID?: string; name?: string }> };
    return new Map((response.members ?? []).filter((m) => m.ID !== undefined && m.name !== undefined).map((m) => [m.ID!, m.name!]));
  }

  /** GET /health: true when the member sees a leader and answers. */
  async healthy(): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
    const body = (await response.json()) as { health?: string };
    return response.ok && body.health === 'true';
  }

  /** GET /version: the member process is up and serving HTTP (leader or not). */
  async answers(): Promise<boolean> {
    const response = await fetch(`${this.baseUrl}/version`, { signal: AbortSignal.timeout(this.timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new EtcdResponseError(response.status, text);
    const parsed = JSON.parse(text) as { error?: string };
    if (typeof parsed.error === 'string') throw new EtcdResponseError(response.status, text);
    return parsed;
  }
}
