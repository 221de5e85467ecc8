/**
 * How Maelstrom messages travel as UDP datagrams between the relays and the harness, written
 * once for both ends. A datagram is one of:
 * - whole messages: their JSON text as the node wrote them (first byte '{'), passed on untouched,
 *   several joined by newlines when the node wrote them together (relay.ts batches);
 * - a fragment (first byte 0x01) of a message too big for one datagram: group id, index, count;
 * - a control record (first byte 0x02, then JSON) from a relay to the harness:
 *   the relay's report of what went wrong (non-JSON output, a node that exited).
 * UDP keeps the runtime's faults exact: a partition or a loss drops whole messages.
 */

/** Payload bytes per fragment: under the 65,507-byte UDP limit with room for the header. */
export const fragmentPayloadBytes = 60_000;
const fragmentTag = 0x01;
const controlTag = 0x02;
const fragmentHeaderBytes = 9;
/** A message missing fragments for this long is given up (a fragment was lost). */
export const reassemblyTimeoutMs = 5_000;

export type ControlRecord =
  | { kind: 'protocol-error'; node: string; error: string; detail?: string }
  | { kind: 'node-exited'; node: string; exitCode: number | null; signal: string | null };

export function encodeControl(record: ControlRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record));
  const out = Buffer.allocUnsafe(json.length + 1);
  out[0] = controlTag;
  json.copy(out, 1);
  return out;
}

/** The datagrams that carry one message (usually one: the text itself). */
export function encodeMessage(text: Buffer, groupId: number): Buffer[] {
  if (text.length <= fragmentPayloadBytes) return [text];
  const count = Math.ceil(text.length / fragmentPayloadBytes);
  if (count > 0xffff) throw new Error(`message of ${text.length} bytes is too big to send`);
  const out: Buffer[] = [];
  for (let index = 0; index < count; index++) {
    const payload = text.subarray(index * fragmentPayloadBytes, (index + 1) * fragmentPayloadBytes);
    const datagram = Buffer.allocUnsafe(fragmentHeaderBytes + payload.length);
    datagram[0] = fragmentTag;
    datagram.writeUInt32BE(groupId >>> 0, 1);
    datagram.writeUInt16BE(index, 5);
    datagram.writeUInt16BE(count, 7);
    payload.copy(datagram, fragmentHeaderBytes);
    out.push(datagram);
  }
  return out;
}

/** Calls `each` with every message of a whole-messages datagram (several are joined by newlines). */
export function forEachBatchedMessage(text: Buffer, each: (message: Buffer) => void): void {
  let start = 0;
  for (let end = text.indexOf(10); end >= 0; end = text.indexOf(10, start)) {
    each(text.subarray(start, end));
    start = end + 1;
  }
  each(start === 0 ? text : text.subarray(start));
}

export type Decoded = { kind: 'message'; text: Buffer } | { kind: 'control'; record: ControlRecord } | { kind: 'partial' } | { kind: 'garbage' };

interface Partial {
  parts: (Buffer | undefined)[];
  received: number;
  startedMs: number;
}

/** Turns datagrams back into messages; one per receiving socket. */
export class Reassembler {
  private readonly partial = new Map<string, Partial>();

  /** `sender` tells fragments of different senders apart (their address:port). */
  decode(datagram: Buffer, sender: string): Decoded {
    if (datagram.length === 0) return { kind: 'garbage' };
    const tag = datagram[0]!;
    if (tag === controlTag) {
      try {
        return { kind: 'control', record: JSON.parse(datagram.toString('utf8', 1)) as ControlRecord };
      } catch {
        return { kind: 'garbage' };
      }
    }
    if (tag !== fragmentTag) return { kind: 'message', text: datagram };
    if (datagram.length < fragmentHeaderBytes) return { kind: 'garbage' };
    const key = `${sender}/${datagram.readUInt32BE(1)}`;
    const index = datagram.readUInt16BE(5);
    const count = datagram.readUInt16BE(7);
    const now = Date.now();
    let entry = this.partial.get(key);
    if (entry === undefined) {
      if (this.partial.size > 1000) this.expire(now);
      entry = { parts: new Array(count), received: 0, startedMs: now };
      this.partial.set(key, entry);
    }
    if (index >= entry.parts.length || entry.parts[index] !== undefined) return { kind: 'partial' };
    entry.parts[index] = datagram.subarray(fragmentHeaderBytes);
    entry.received++;
    if (entry.received < entry.parts.length) return { kind: 'partial' };
    this.partial.delete(key);
    return { kind: 'message', text: Buffer.concat(entry.parts as Buffer[]) };
  }

  private expire(nowMs: number): void {
    for (const [key, entry] of this.partial) if (nowMs - entry.startedMs > reassemblyTimeoutMs) this.partial.delete(key);
  }
}
