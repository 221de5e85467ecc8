/**
 * What the report shows of a Maelstrom run's messages (targets/maelstrom/message-record.ts):
 * messages sent per second by each sender, totals per sender -> receiver with how many never
 * arrived, and, for a small run, every message as an arrow from its send to its receipt (a
 * Lamport diagram, as Maelstrom's messages.svg).
 *
 * A message between two nodes is its sender's `send` record, matched with the receiver's `recv`
 * of the same (src, dest, type, msg_id, in_reply_to), first come first matched; one without a
 * match never arrived (a partition, a loss, a crash). Clients and services live in the harness,
 * which keeps no record: a message from one is the node's `recv` (sent when it arrived), and a
 * message to one is taken as arriving when sent.
 */
import type { MessageRecord } from '../../targets/maelstrom/message-record.js';
import type { MessageFlow } from './report-data.js';

/** A run with more messages than this gets the counts, not the diagram (it would be a solid block). */
export const lamportArrowsMax = 3000;
/** About this many time buckets over the run, at least 100 ms each (finer, a rate of a few messages is all spikes). */
const bucketsTarget = 200;

export function messageFlow(records: readonly MessageRecord[], nodes: readonly string[], durationMs: number): MessageFlow | null {
  if (records.length === 0) return null;
  const isNode = new Set(nodes);
  const others = [...new Set(records.flatMap((r) => [r.src, r.dest]).filter((name) => !isNode.has(name)))].sort();
  const endpoints = [...nodes, ...others];
  const indexOf = new Map(endpoints.map((name, i) => [name, i]));

  const keyOf = (r: MessageRecord): string => `${r.src}\u0000${r.dest}\u0000${r.type}\u0000${r.id ?? ''}\u0000${r.re ?? ''}`;
  const sorted = [...records].sort((a, b) => a.t - b.t);
  const unmatchedSends = new Map<string, MessageRecord[]>();
  const messages: { src: number; dest: number; sendMs: number; recvMs: number | null; type: string }[] = [];
  const received = new Map<MessageRecord, number>();
  for (const r of sorted) {
    if (r.k === 'send' && isNode.has(r.src) && isNode.has(r.dest)) {
      const queue = unmatchedSends.get(keyOf(r));
      if (queue === undefined) unmatchedSends.set(keyOf(r), [r]);
      else queue.push(r);
    } else if (r.k === 'recv' && isNode.has(r.src)) {
      const queue = unmatchedSends.get(keyOf(r));
      const send = queue?.shift();
      if (send !== undefined) received.set(send, r.t);
    }
  }
  for (const r of sorted) {
    const src = indexOf.get(r.src)!;
    const dest = indexOf.get(r.dest)!;
    if (r.k === 'send') {
      const betweenNodes = isNode.has(r.src) && isNode.has(r.dest);
      messages.push({ src, dest, sendMs: r.t, recvMs: betweenNodes ? (received.get(r) ?? null) : r.t, type: r.type });
    } else if (!isNode.has(r.src)) {
      messages.push({ src, dest, sendMs: r.t, recvMs: r.t, type: r.type });
    }
  }

  // A loop, not Math.max(...spread): a flood has more messages than a call takes arguments.
  let spanMs = Math.max(durationMs, 1);
  for (const m of messages) if (m.sendMs > spanMs) spanMs = m.sendMs;
  const bucketMs = Math.max(100, Math.ceil(spanMs / bucketsTarget));
  const bucketCount = Math.ceil(spanMs / bucketMs) + 1;
  const sentPerBucket = endpoints.map(() => new Array<number>(bucketCount).fill(0));
  const pairTotals = new Map<string, { src: number; dest: number; sent: number; received: number }>();
  for (const m of messages) {
    const bucket = Math.min(bucketCount - 1, Math.max(0, Math.floor(m.sendMs / bucketMs)));
    const row = sentPerBucket[m.src]!;
    row[bucket] = (row[bucket] ?? 0) + 1;
    const key = `${m.src}>${m.dest}`;
    let pair = pairTotals.get(key);
    if (pair === undefined) pairTotals.set(key, (pair = { src: m.src, dest: m.dest, sent: 0, received: 0 }));
    pair.sent += 1;
    if (m.recvMs !== null) pair.received += 1;
  }
  return {
    endpoints,
    nodeCount: nodes.length,
    total: messages.length,
    bucketMs,
    sentPerBucket,
    pairs: [...pairTotals.values()].sort((a, b) => a.src - b.src || a.dest - b.dest),
    arrows: messages.length <= lamportArrowsMax ? messages : null,
  };
}
