/**
 * The ledger RPC protocol: one JSON message per UDP datagram. Requests carry the caller's
 * clientId, its per-client sequence number, and `ack`, the highest seq the client has seen a
 * reply for, so the server may forget its dedup entries up to there.
 */

/** The four call semantics (issue 3). maybe and at-least-once differ only in the client. */
export const semanticsNames = ['maybe', 'at-least-once', 'at-most-once', 'exactly-once'] as const;
export type Semantics = (typeof semanticsNames)[number];

export function isSemantics(value: unknown): value is Semantics {
  return typeof value === 'string' && (semanticsNames as readonly string[]).includes(value);
}

/** A state-changing ledger operation. Amounts are positive integers. */
export type LedgerOp =
  | { f: 'deposit'; account: string; amount: number }
  | { f: 'withdraw'; account: string; amount: number }
  | { f: 'transfer'; from: string; to: string; amount: number };

/** What one execution of a LedgerOp returned. `ok: false` means it changed nothing. */
export type LedgerResult = { ok: true } | { ok: false; error: 'insufficient-funds' | 'bad-request' };

/** Request id as it appears in histories and the final read: "<clientId>:<seq>". */
export function requestId(clientId: string, seq: number): string {
  return `${clientId}:${seq}`;
}

export interface CallRequest {
  t: 'call';
  clientId: string;
  seq: number;
  /** Highest seq of this client whose reply the client has seen (-1: none). */
  ack: number;
  op: LedgerOp;
}
export interface CallReply {
  t: 'reply';
  clientId: string;
  seq: number;
  result: LedgerResult;
}

/** Read one page of the applied request ids; balances come with every page. */
export interface ReadRequest {
  t: 'read';
  nonce: string;
  offset: number;
}
export interface ReadReply {
  t: 'read-reply';
  nonce: string;
  /** Server start number; a read that sees it change restarts from offset 0. */
  incarnation: number;
  balances: Record<string, number>;
  offset: number;
  /** applied.slice(offset, offset + page). */
  applied: string[];
  /** Length of the whole applied list at the time of this page. */
  total: number;
}

export interface PingRequest {
  t: 'ping';
  nonce: string;
}
export interface PingReply {
  t: 'pong';
  nonce: string;
  incarnation: number;
  semantics: Semantics;
}

export type Request = CallRequest | ReadRequest | PingRequest;
export type Reply = CallReply | ReadReply | PingReply;

/** Largest number of ids in one read page: keeps a datagram well under 64 KiB. */
export const readPageSize = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export function isLedgerOp(value: unknown): value is LedgerOp {
  if (!isRecord(value)) return false;
  switch (value.f) {
    case 'deposit':
    case 'withdraw':
      return isName(value.account) && isAmount(value.amount);
    case 'transfer':
      return isName(value.from) && isName(value.to) && isAmount(value.amount);
    default:
      return false;
  }
}

/** A datagram's JSON object, or undefined when it is not one. */
function parseRecord(datagram: Buffer): Record<string, unknown> | undefined {
  try {
    const message: unknown = JSON.parse(datagram.toString('utf8'));
    return isRecord(message) ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a datagram into a Request, or undefined for anything malformed (the server ignores it). */
export function parseRequest(datagram: Buffer): Request | undefined {
  const message = parseRecord(datagram);
  if (message === undefined) return undefined;
  switch (message.t) {
    case 'call':
      if (!isName(message.clientId) || !Number.isSafeInteger(message.seq) || !Number.isSafeInteger(message.ack)) return undefined;
      if (!isLedgerOp(message.op)) return undefined;
      return message as unknown as CallRequest;
    case 'read':
      if (typeof message.nonce !== 'string' || !Number.isSafeInteger(message.offset) || (message.offset as number) < 0) return undefined;
      return message as unknown as ReadRequest;
    case 'ping':
      if (typeof message.nonce !== 'string') return undefined;
      return message as unknown as PingRequest;
    default:
      return undefined;
  }
}

/** Parses a reply datagram; undefined for anything malformed (the client ignores it). */
export function parseReply(datagram: Buffer): Reply | undefined {
  const message = parseRecord(datagram);
  if (message === undefined) return undefined;
  if (message.t === 'reply' && isName(message.clientId) && Number.isSafeInteger(message.seq) && isRecord(message.result)) {
    return message as unknown as CallReply;
  }
  if (message.t === 'read-reply' && typeof message.nonce === 'string' && Array.isArray(message.applied) && isRecord(message.balances)) {
    return message as unknown as ReadReply;
  }
  if (message.t === 'pong' && typeof message.nonce === 'string') return message as unknown as PingReply;
  return undefined;
}
