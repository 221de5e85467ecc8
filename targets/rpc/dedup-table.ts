import type { LedgerResult } from './protocol.js';

/**
 * The at-most-once dedup table: per client, the replies of requests it has not yet
 * acknowledged. A request still running is `pending`, so a duplicate arriving meanwhile is
 * held (its sender waits for the original's reply) instead of running twice. Entries at or
 * below a client's ack are discarded, and a late duplicate of a discarded request is `stale`:
 * it must neither run again nor get an answer (its client already has one).
 */
export type DedupEntry<Waiter> = { state: 'pending'; waiters: Waiter[] } | { state: 'done'; result: LedgerResult };

export class DedupTable<Waiter> {
  private readonly entries = new Map<string, Map<number, DedupEntry<Waiter>>>();
  /** Highest ack seen per client: everything at or below it is forgotten on purpose. */
  private readonly watermarks = new Map<string, number>();

  lookup(clientId: string, seq: number): DedupEntry<Waiter> | 'stale' | undefined {
    if (seq <= (this.watermarks.get(clientId) ?? -1)) return 'stale';
    return this.entries.get(clientId)?.get(seq);
  }

  /** Marks a request as running; its first sender is the first waiter. */
  begin(clientId: string, seq: number, waiter: Waiter): void {
    this.clientEntries(clientId).set(seq, { state: 'pending', waiters: [waiter] });
  }

  /** Adds a sender to wait for a running request's reply. */
  hold(clientId: string, seq: number, waiter: Waiter): void {
    const entry = this.entries.get(clientId)?.get(seq);
    if (entry?.state !== 'pending') throw new Error(`hold: request ${clientId}:${seq} is not pending`);
    if (!entry.waiters.includes(waiter)) entry.waiters.push(waiter);
  }

  /** Stores the reply of a finished request and returns who waits for it. */
  complete(clientId: string, seq: number, result: LedgerResult): Waiter[] {
    const entries = this.clientEntries(clientId);
    const entry = entries.get(seq);
    entries.set(seq, { state: 'done', result });
    return entry?.state === 'pending' ? entry.waiters : [];
  }

  /** Forget the client's finished entries at or below `ack` (the client has their replies). */
  acknowledge(clientId: string, ack: number): void {
    if (ack <= (this.watermarks.get(clientId) ?? -1)) return;
    this.watermarks.set(clientId, ack);
    const entries = this.entries.get(clientId);
    if (entries === undefined) return;
    for (const [seq, entry] of entries) {
      // A pending entry below the ack cannot happen with a sequential client; keep it anyway
      // so that its original run still finds somewhere to store its reply.
      if (seq <= ack && entry.state === 'done') entries.delete(seq);
    }
    if (entries.size === 0) this.entries.delete(clientId);
  }

  /** Number of entries held (pending or done), for the server's log and tests. */
  size(): number {
    let count = 0;
    for (const entries of this.entries.values()) count += entries.size;
    return count;
  }

  private clientEntries(clientId: string): Map<number, DedupEntry<Waiter>> {
    let entries = this.entries.get(clientId);
    if (entries === undefined) {
      entries = new Map();
      this.entries.set(clientId, entries);
    }
    return entries;
  }
}
