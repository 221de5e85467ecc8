import assert from 'node:assert/strict';
import fc from 'fast-check';
import { shortestFailingPrefix, shortestFailingSuffix } from '../../../harness/shrink/bisect-cuts.js';

describe('bisect cuts (shortest failing prefix and suffix)', () => {
  it('property: for "fails when it holds all of a hidden set", cuts to the set\'s first and last item in about log2(n) tests', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 5 }))), ([n, hidden]) => {
        const items = Array.from({ length: n }, (_, i) => i);
        let tests = 0;
        const fails = (subset: readonly number[]) => (tests++, hidden.every((item) => subset.includes(item)));
        const prefix = shortestFailingPrefix(items, fails);
        assert.equal(prefix.length, Math.max(...hidden) + 1);
        const window = shortestFailingSuffix(prefix, fails);
        assert.deepEqual(window, items.slice(Math.min(...hidden), Math.max(...hidden) + 1));
        assert.ok(tests <= 2 * Math.ceil(Math.log2(n + 1)) + 2, `${tests} tests for ${n} items`);
      }),
    );
  });

  it('keeps what it has at the deadline', () => {
    let clock = 0;
    const items = Array.from({ length: 100 }, (_, i) => i);
    assert.deepEqual(shortestFailingPrefix(items, (subset) => subset.includes(3), -1, () => clock++), items);
  });
});
