import assert from 'node:assert/strict';
import { makeModel, modelNames } from '../../../checkers/models/registry.js';
import { UsageError } from '../../../harness/exit-codes.js';

describe('model registry', () => {
  it('makes every named model, with its default initial state', () => {
    assert.deepEqual([...modelNames], ['register', 'cas-register', 'kv', 'mutex', 'multi-register']);
    for (const name of modelNames) assert.equal(makeModel(name).name, name);
    assert.equal(makeModel('register').init(undefined), null);
    assert.equal(makeModel('mutex').init(undefined), false);
  });

  it('applies --init', () => {
    assert.equal(makeModel('cas-register', 4).init(undefined), 4);
    assert.equal(makeModel('kv', { a: 'x' }).init('a').text, 'x');
    assert.equal(makeModel('mutex', true).init(undefined), true);
    assert.deepEqual(makeModel('multi-register', { x: 1 }).init(undefined), { x: 1 });
  });

  it('rejects an --init of the wrong shape with a usage error', () => {
    assert.throws(() => makeModel('register', { a: 1 }), UsageError);
    assert.throws(() => makeModel('kv', { a: 1 }), UsageError);
    assert.throws(() => makeModel('kv', 'x'), UsageError);
    assert.throws(() => makeModel('mutex', 1), UsageError);
    assert.throws(() => makeModel('multi-register', [1]), UsageError);
    assert.throws(() => makeModel('nope' as never), UsageError);
  });
});
