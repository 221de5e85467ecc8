import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ddmin } from '../../../harness/shrink/ddmin.js';

describe('ddmin (delta debugging)', () => {
  it('property: for "fails when it holds all of a hidden set", returns exactly that set, 1-minimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: Math.min(n, 6) }))), ([n, hidden]) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const needed = new Set(hidden);
        const result = ddmin(items, (subset) => [...needed].every((item) => subset.includes(item)));
        assert.deepEqual(result.items, [...needed].sort((a, b) => a - b));
        assert.equal(result.minimal, true);
      }),
    );
  });

  it('stops at the deadline with what it has, saying it is not minimal', () => {
    let clock = 0;
    const result = ddmin(Array.from({ length: 100 }, (_, i) => i), (subset) => subset.includes(42), 3, () => clock++);
    assert.equal(result.minimal, false);
    assert.ok(result.items.includes(42));
    assert.ok(result.items.length > 1);
  });
});
