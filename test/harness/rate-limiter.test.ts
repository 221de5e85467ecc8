import assert from 'node:assert/strict';
import { RateLimiter } from '../../harness/rate-limiter.js';
import { mixSeed, seededRng } from '../../harness/seeded-rng.js';

describe('rate limiter', () => {
  it('lets everything through at once when the rate is 0 (unlimited)', () => {
    const limiter = new RateLimiter(0, () => 0);
    for (let i = 0; i < 1000; i += 1) assert.equal(limiter.acquire(), undefined);
  });

  it('hands out slots on a grid of 1/rate and does not let a late caller burst', async () => {
    let now = 1000;
    const limiter = new RateLimiter(100, () => now); // one slot every 10 ms
    assert.equal(limiter.acquire(), undefined); // slot at 1000
    const wait = limiter.acquire(); // slot at 1010
    assert.ok(wait instanceof Promise);
    await wait;
    now = 1500; // fell far behind: the grid restarts at now instead of bursting 49 slots
    assert.equal(limiter.acquire(), undefined);
    assert.ok(limiter.acquire() instanceof Promise);
  });

  it('rejects a negative or infinite rate', () => {
    assert.throws(() => new RateLimiter(-1), RangeError);
    assert.throws(() => new RateLimiter(Infinity), RangeError);
  });
});

describe('seeded rng', () => {
  it('replays the same stream from the same seed and stream name', () => {
    const a = seededRng(42, 'client-slot-0');
    const b = seededRng(42, 'client-slot-0');
    const xs = Array.from({ length: 20 }, a);
    assert.deepEqual(xs, Array.from({ length: 20 }, b));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('gives different streams for different seeds and stream names', () => {
    const first = (seed: number, stream: string) => Array.from({ length: 5 }, seededRng(seed, stream));
    assert.notDeepEqual(first(42, 'a'), first(43, 'a'));
    assert.notDeepEqual(first(42, 'a'), first(42, 'b'));
    assert.notEqual(mixSeed(1, 'x'), mixSeed(2, 'x'));
  });
});
