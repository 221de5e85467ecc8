import assert from 'node:assert/strict';
import { linKv } from '../../../targets/maelstrom/services/lin-kv.js';
import { linTso } from '../../../targets/maelstrom/services/lin-tso.js';
import { lwwKv } from '../../../targets/maelstrom/services/lww-kv.js';
import { seqKv, seqKvHistoryLength } from '../../../targets/maelstrom/services/seq-kv.js';
import { seededRng } from '../../../harness/seeded-rng.js';

describe('maelstrom services', () => {
  it('lin-kv: read of a missing key is error 20, cas checks from (22), create_if_not_exists creates', () => {
    const kv = linKv(seededRng(1));
    assert.deepEqual(kv.handle('n1', { type: 'read', key: 'a' }), { type: 'error', code: 20, text: 'key does not exist' });
    assert.equal(kv.handle('n1', { type: 'cas', key: 'a', from: 1, to: 2 }).code, 20);
    assert.deepEqual(kv.handle('n1', { type: 'cas', key: 'a', from: null, to: [1], create_if_not_exists: true }), { type: 'cas_ok' });
    assert.equal(kv.handle('n2', { type: 'cas', key: 'a', from: [2], to: [3] }).code, 22);
    assert.deepEqual(kv.handle('n2', { type: 'cas', key: 'a', from: [1], to: [1, 2] }), { type: 'cas_ok' });
    assert.deepEqual(kv.handle('n1', { type: 'read', key: 'a' }), { type: 'read_ok', value: [1, 2] });
    assert.deepEqual(kv.handle('n1', { type: 'write', key: 1, value: 'x' }), { type: 'write_ok' });
    assert.deepEqual(kv.handle('n1', { type: 'read', key: '1' }).code, 20); // keys are JSON: 1 and "1" differ
  });

  it('seq-kv: a caller never goes back in time, reads may be stale, a write lands on the newest state', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const kv = seqKv(seededRng(seed));
      let stale = 0;
      for (let i = 1; i <= 50; i++) {
        kv.handle('writer', { type: 'write', key: 'x', value: i });
        const read = kv.handle('reader', { type: 'read', key: 'x' });
        if (read.type !== 'read_ok') continue; // still before the first write: stale too
        assert.ok((read.value as number) <= i);
        if ((read.value as number) < i) stale++;
        const again = kv.handle('reader', { type: 'read', key: 'x' });
        assert.ok((again.value as number) >= (read.value as number), `seed ${seed}: reader went back`);
      }
      assert.ok(stale > 0, `seed ${seed}: seq-kv never served a stale read`);
      // The writer sees its own writes (its position is the newest state).
      assert.deepEqual(kv.handle('writer', { type: 'read', key: 'x' }), { type: 'read_ok', value: 50 });
      assert.ok(seqKvHistoryLength > 1);
    }
  });

  it('lww-kv: answers the kv API, possibly from a replica that has not heard the write yet', () => {
    const kv = lwwKv(seededRng(3));
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) {
      kv.handle('n1', { type: 'write', key: 'k', value: i });
      seen.add(kv.handle('n2', { type: 'read', key: 'k' }).type);
    }
    assert.ok(seen.has('read_ok'));
  });

  it('lin-tso: 0, 1, 2, ... one per ts request; anything else is not-supported', () => {
    const tso = linTso(seededRng(1));
    assert.deepEqual([0, 1, 2].map(() => tso.handle('n1', { type: 'ts' }).ts), [0, 1, 2]);
    assert.equal(tso.handle('n1', { type: 'read' }).code, 10);
  });
});
