import assert from 'node:assert/strict';
import { kvModel } from '../../../checkers/models/kv.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { operation } from './operation-fixture.js';

describe('kv model', () => {
  const model = kvModel({ k: 'start' });

  it('partitions by key; keys start as "" unless --init says otherwise', () => {
    assert.equal(model.partitioned, true);
    assert.equal(model.prepare(operation('put', ['a', 'x'], 'ok'))!.partKey, 'a');
    assert.equal(model.init('a'), '');
    assert.equal(model.init('k'), 'start');
  });

  it('get must read the current value; put replaces; append concatenates', () => {
    const get = model.prepare(operation('get', ['a', null], 'ok', ['a', 'xy']))!;
    assert.equal(model.step('xy', get.input, get.output), 'xy');
    assert.equal(model.step('x', get.input, get.output), undefined);
    const put = model.prepare(operation('put', ['a', 'z'], 'ok'))!;
    assert.equal(model.step('xy', put.input, put.output), 'z');
    const append = model.prepare(operation('append', ['a', 'z'], 'info'))!;
    assert.equal(model.step('xy', append.input, append.output), 'xyz');
    assert.equal(model.readOnly(get.input, get.output), true);
    assert.equal(model.blindWrite(put.input, put.output), true);
    assert.equal(model.blindWrite(append.input, append.output), false);
  });

  it('leaves out failed writes, unknown gets and nil reads', () => {
    assert.equal(model.prepare(operation('put', ['a', 'z'], 'fail')), undefined);
    assert.equal(model.prepare(operation('get', ['a', null], 'info')), undefined);
    assert.equal(model.prepare(operation('get', ['a', null], 'ok', ['a', null])), undefined);
  });

  it('rejects values that are not [key, string] tuples', () => {
    assert.throws(() => model.prepare(operation('put', 'x', 'ok')), BadInputError);
    assert.throws(() => model.prepare(operation('put', [1, 'x'], 'ok')), /key must be a string/);
    assert.throws(() => model.prepare(operation('append', ['a', 5], 'ok')), /must be a string/);
    assert.throws(() => model.prepare(operation('get', ['a', null], 'ok', ['b', 'x'])), /key/);
    assert.throws(() => model.prepare(operation('cas', ['a', 'x'], 'ok')), /not an operation/);
  });
});
