import assert from 'node:assert/strict';
import fc from 'fast-check';
import { seededRng } from '../../harness/seeded-rng.js';
import type { TestSpec } from '../../harness/spec.js';
import { registerKeys, registerWorkload } from '../../workloads/register.js';

const spec = {} as TestSpec;

describe('register workload', () => {
  it('draws read / write / cas on [key, value] from the rng, the same ops for the same seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        const draw = () => {
          const rng = seededRng(seed, 'slot');
          return Array.from({ length: 50 }, (_, i) => registerWorkload.nextOp(spec, rng, 0, i));
        };
        const ops = draw();
        assert.deepEqual(ops, draw());
        for (const op of ops) {
          assert.ok(Array.isArray(op.value) && op.value.length === 2);
          const [key, argument] = op.value as [string, unknown];
          assert.ok((registerKeys as readonly string[]).includes(key));
          if (op.f === 'read') assert.equal(argument, null);
          else if (op.f === 'write') assert.ok(Number.isInteger(argument));
          else {
            assert.equal(op.f, 'cas');
            assert.ok(Array.isArray(argument) && argument.length === 2);
          }
        }
      }),
      { verbose: true },
    );
  });

  it('mixes all three operations and all keys', () => {
    const rng = seededRng(1, 'slot');
    const ops = Array.from({ length: 300 }, (_, i) => registerWorkload.nextOp(spec, rng, 0, i));
    assert.deepEqual(new Set(ops.map((op) => op.f)), new Set(['read', 'write', 'cas']));
    assert.deepEqual(new Set(ops.map((op) => (op.value as [string])[0])), new Set(registerKeys));
  });

  it('ends with a read of every key and is checked for linearizability', () => {
    assert.deepEqual(registerWorkload.finalOps?.(spec), registerKeys.map((key) => ({ f: 'read', value: [key, null] })));
    assert.deepEqual(registerWorkload.checkers, ['linearizable']);
  });
});
