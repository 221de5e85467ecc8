import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runDimensions, shapeChanges, shapeKey, shapeMinimum, smallerKindLists, smallerValues, type RunShape } from '../../../harness/shrink/run-candidates.js';

const kinds = ['partition', 'drop', 'crash', 'pause'];
const shapeArbitrary = fc.record({
  timeLimitMs: fc.integer({ min: 1, max: 120 }).map((s) => s * 1000),
  nemesis: fc.subarray(kinds),
  nemesisIntervalMs: fc.integer({ min: 1, max: 20 }).map((n) => n * 500),
  concurrency: fc.integer({ min: 1, max: 64 }),
  rateHz: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
});

/** Knobs a candidate turned down, compared with the shape it came from (more faults or clients is never smaller). */
function loweredKnobs(from: RunShape, to: RunShape): string[] {
  const lowered: string[] = [];
  if (to.timeLimitMs !== from.timeLimitMs) lowered.push(to.timeLimitMs < from.timeLimitMs && to.timeLimitMs >= shapeMinimum.timeLimitMs ? 'time' : 'TIME UP');
  if (shapeKey({ ...from, nemesis: to.nemesis }) !== shapeKey(from)) lowered.push(to.nemesis.length < from.nemesis.length && to.nemesis.every((k) => from.nemesis.includes(k)) ? 'kinds' : 'KINDS NOT FEWER');
  if (to.nemesisIntervalMs !== from.nemesisIntervalMs) lowered.push(to.nemesisIntervalMs > from.nemesisIntervalMs && from.nemesis.length > 0 ? 'steps' : 'STEPS NOT FEWER');
  if (to.concurrency !== from.concurrency) lowered.push(to.concurrency < from.concurrency && to.concurrency >= shapeMinimum.concurrency ? 'clients' : 'CLIENTS UP');
  if (to.rateHz !== from.rateHz) lowered.push(to.rateHz < from.rateHz && to.rateHz >= shapeMinimum.rateHz ? 'rate' : 'RATE UP');
  return lowered;
}

describe('run shrinking candidates', () => {
  it('tries the minimum, half and three quarters, whole steps, below the current value', () => {
    assert.deepEqual(smallerValues(10, 1), [1, 5, 8]);
    assert.deepEqual(smallerValues(5000, 1000, 1000), [1000, 2000, 4000]);
    assert.deepEqual(smallerValues(2, 1), [1]);
    assert.deepEqual(smallerValues(1, 1), []);
    assert.deepEqual(smallerValues(1500, 1000, 1000), [1000]);
  });

  it('fewer fault kinds: none, each half of a long list, then each kind left out', () => {
    assert.deepEqual(smallerKindLists(kinds), [[], ['crash', 'pause'], ['partition', 'drop'], ['drop', 'crash', 'pause'], ['partition', 'crash', 'pause'], ['partition', 'drop', 'pause'], ['partition', 'drop', 'crash']]);
    assert.deepEqual(smallerKindLists(['partition']), [[]]);
    assert.deepEqual(smallerKindLists([]), []);
  });

  it('asks a shorter run first, and leaves out what a shape cannot lose (no faults to stretch, an unlimited rate)', () => {
    const shape: RunShape = { timeLimitMs: 10_000, nemesis: [], nemesisIntervalMs: 2000, concurrency: 5, rateHz: 0 };
    const changes = runDimensions.map((dimension) => [dimension.name, dimension.candidates(shape).map((c) => c.change)]);
    assert.deepEqual(changes, [
      ['time limit', ['--time-limit 10 -> 1', '--time-limit 10 -> 5', '--time-limit 10 -> 8']],
      ['fault kinds', []],
      ['fault steps', []],
      ['clients', ['--concurrency 5 -> 1', '--concurrency 5 -> 2', '--concurrency 5 -> 4']],
      ['rate', []],
    ]);
    const faulty = runDimensions[2]!.candidates({ ...shape, nemesis: ['partition'] });
    assert.deepEqual(faulty.map((c) => c.change), ['--nemesis-interval 2 -> 4 (fewer fault steps)']);
  });

  it('property: every candidate turns exactly one knob down, within its minimum, and shrinking always ends', () => {
    fc.assert(
      fc.property(shapeArbitrary, (start) => {
        let shape: RunShape = start;
        for (let step = 0; step < 1000; step += 1) {
          const candidates = runDimensions.flatMap((dimension) => dimension.candidates(shape));
          for (const candidate of candidates) assert.deepEqual(loweredKnobs(shape, candidate.shape).length, 1, `${candidate.change}: ${loweredKnobs(shape, candidate.shape).join(',')}`);
          for (const candidate of candidates) assert.match(loweredKnobs(shape, candidate.shape)[0]!, /^[a-z]+$/, candidate.change);
          if (candidates.length === 0) return;
          shape = candidates[candidates.length - 1]!.shape; // the least aggressive: the longest way down
        }
        assert.fail(`shrinking ${JSON.stringify(start)} did not end`);
      }),
    );
  });

  it('says what changed as flags', () => {
    const from: RunShape = { timeLimitMs: 10_000, nemesis: ['partition', 'crash'], nemesisIntervalMs: 2000, concurrency: 5, rateHz: 100 };
    assert.equal(shapeChanges(from, { ...from, timeLimitMs: 2500, nemesis: ['partition'], concurrency: 1 }), '--time-limit 10 -> 2.5, --nemesis partition,crash -> partition, --concurrency 5 -> 1');
    assert.equal(shapeChanges(from, from), 'nothing smaller');
  });
});
