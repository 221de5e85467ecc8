/** Client <-> node messages shared by every replicated target. */
import type { KvOp } from './kv-op.js';

/** A client request. (clientId, seq) identifies it across resends and across nodes, for deduplication. */
export interface ClientRequest {
  t: 'client';
  clientId: string;
  seq: number;
  op: KvOp;
}

export type ClientReply =
  | { t: 'ok'; value: unknown }
  /** Definitely not applied (a cas whose `from` did not match, or an op the target refuses). */
  | { t: 'fail'; value: unknown; error: string }
  /**
   * Not served here; nothing was done with this request. `to` is where the node believes it
   * should go (primary / head / tail), when it knows.
   */
  | { t: 'redirect'; to?: string; reason: string }
  /** This node cannot tell what happened to the request (e.g. it was deposed while applying it). */
  | { t: 'unknown'; reason: string };
