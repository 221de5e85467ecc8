import type { LedgerOp, LedgerResult } from './protocol.js';

/**
 * One execution of a request by the ledger server, one JSON line in the node's
 * executions.jsonl. For exactly-once this file is the write-ahead log (fsync'd before the
 * reply, replayed on restart); for the other semantics it is only an audit record the
 * server never reads back, which is how a checker sees re-executions after a restart.
 */
export interface ExecutionRecord {
  kind: 'exec';
  /** "<clientId>:<seq>" */
  id: string;
  clientId: string;
  seq: number;
  /** The request's ack: lets a WAL replay discard dedup entries the client has seen. */
  ack: number;
  op: LedgerOp;
  result: LedgerResult;
  /** Which start of the server executed it (1 = first start). */
  incarnation: number;
  /** Wall clock, ms since the epoch (only for reading the log). */
  atMs: number;
}

/** Written once per server start, so the log shows where restarts happened. */
export interface StartRecord {
  kind: 'start';
  incarnation: number;
  pid: number;
  semantics: string;
  atMs: number;
}

export type LogRecord = ExecutionRecord | StartRecord;

/** File name of the execution log inside a node's data dir. */
export const executionLogFileName = 'executions.jsonl';

/**
 * Parses the execution log's text. A kill -9 can at worst leave a torn last line; that line
 * is reported in `tornTail` and otherwise ignored (its reply was never sent).
 */
export function parseLogRecords<R = LogRecord>(text: string): { records: R[]; validLength: number; tornTail: boolean } {
  const records: R[] = [];
  let position = 0;
  while (position < text.length) {
    const end = text.indexOf('\n', position);
    if (end === -1) return { records, validLength: Buffer.byteLength(text.slice(0, position)), tornTail: true };
    const line = text.slice(position, end);
    try {
      records.push(JSON.parse(line) as R);
    } catch {
      return { records, validLength: Buffer.byteLength(text.slice(0, position)), tornTail: true };
    }
    position = end + 1;
  }
  return { records, validLength: Buffer.byteLength(text), tornTail: false };
}
