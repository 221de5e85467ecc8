/**
 * The record of the messages a Maelstrom node's relay carried: nodes/<node>/messages.jsonl, one
 * line per message the node sent (`send`) and per message handed to it (`recv`), stamped on the
 * history's time line (ms since the run's time zero, RunContext.startNs: the relay reads the
 * same monotonic clock as the harness on local, netns and docker). The report draws the message
 * counts and, for a small run, a Lamport diagram from it (Maelstrom's messages.svg), matching a
 * node-to-node `send` with the peer's `recv`.
 *
 * Written in batches (every 100 ms, and when the node exits): a relay killed with the node loses
 * at most the last batch, which the report shows as messages never received.
 */
import fs from 'node:fs';

export const messagesFileName = 'messages.jsonl';

export interface MessageRecord {
  /** ms since the run's time zero. */
  t: number;
  /** send: the node wrote it; recv: the relay wrote it to the node's stdin. */
  k: 'send' | 'recv';
  src: string;
  dest: string;
  type: string;
  /** The body's msg_id and in_reply_to, when it has them. */
  id?: number;
  re?: number;
}

/** Appends records to one node's messages.jsonl in batches. */
export class MessageRecorder {
  private lines: string[] = [];
  private readonly fd: number;
  private readonly zeroNs: bigint;

  constructor(file: string, clockZeroNs: string) {
    this.fd = fs.openSync(file, 'a');
    this.zeroNs = BigInt(clockZeroNs);
    setInterval(() => this.flush(), 100).unref();
  }

  record(k: MessageRecord['k'], src: unknown, dest: unknown, body: { type?: unknown; msg_id?: unknown; in_reply_to?: unknown }): void {
    const t = Number(process.hrtime.bigint() - this.zeroNs) / 1e6;
    const id = typeof body.msg_id === 'number' ? `,"id":${body.msg_id}` : '';
    const re = typeof body.in_reply_to === 'number' ? `,"re":${body.in_reply_to}` : '';
    this.lines.push(`{"t":${t.toFixed(3)},"k":"${k}","src":${JSON.stringify(String(src))},"dest":${JSON.stringify(String(dest))},"type":${JSON.stringify(String(body.type))}${id}${re}}\n`);
  }

  flush(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    fs.writeSync(this.fd, text);
  }
}

/** One node's records; a torn or foreign line is skipped (the relay may have died mid-write). */
export function readMessageRecords(file: string): MessageRecord[] {
  if (!fs.existsSync(file)) return [];
  const records: MessageRecord[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    try {
      const record = JSON.parse(line) as MessageRecord;
      if (typeof record.t === 'number' && (record.k === 'send' || record.k === 'recv') && typeof record.src === 'string' && typeof record.dest === 'string') records.push(record);
    } catch {
      // torn last line of a killed relay
    }
  }
  return records;
}
