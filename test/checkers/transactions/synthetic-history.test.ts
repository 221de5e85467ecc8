import assert from 'node:assert/strict';
import { syntheticListAppendHistory } from '../../../bench/synthetic-list-append-history.js';
import { checkTransactions } from '../../../checkers/transactions/check.js';

describe('the bench\'s synthetic list-append history', () => {
  it('is strict serializable, keeps at most 32 appends a key, and a dropped append is caught', () => {
    const events = syntheticListAppendHistory({ txns: 3000, clients: 10, activeKeys: 20, appendsPerKeyMax: 32, seed: 3 });
    assert.equal(checkTransactions(events, { model: 'list-append' }).valid, true);
    const appends = new Map<unknown, number>();
    for (const event of events) if (event.type === 'invoke') for (const [f, key] of event.value as [string, number][]) if (f === 'append') appends.set(key, (appends.get(key) ?? 0) + 1);
    assert.ok(Math.max(...appends.values()) <= 32);
    // A read that misses the element before its last one: no serial order explains it.
    const read = events.find((event) => event.type === 'ok' && (event.value as unknown[][]).some(([f, , v]) => f === 'r' && Array.isArray(v) && v.length >= 3));
    const micro = (read!.value as unknown[][]).find(([f, , v]) => f === 'r' && Array.isArray(v) && v.length >= 3)!;
    const list = micro[2] as number[];
    micro[2] = [...list.slice(0, -2), list[list.length - 1]];
    assert.equal(checkTransactions(events, { model: 'list-append' }).valid, false);
  });
});
