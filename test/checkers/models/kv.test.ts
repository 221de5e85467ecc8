import assert from 'node:assert/strict';
import { kvModel } from '../../../checkers/models/kv.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { operation } from './operation-fixture.js';

describe('kv model', () => {
  const model = kvModel({ k: 'start' });

  it('partitions by key; keys start as "" unless --init says otherwise', () => {
    assert.equal(model.partitioned, true);
    assert.equal(model.prepare(operation('put', ['a', 'x'], 'ok'))!.partKey, 'a');
    assert.equal(model.init('a').text, '');
    assert.equal(model.init('k').text, 'start');
  });

  it('get must read the current value; put replaces; append concatenates', () => {
    const state = (text: string) => model.init(undefined as unknown as string) && kvModel({ s: text }).init('s');
    const get = model.prepare(operation('get', ['a', null], 'ok', ['a', 'xy']))!;
    assert.equal(model.step(state('xy'), get.input, get.output)?.text, 'xy');
    assert.equal(model.step(state('x'), get.input, get.output), undefined);
    const put = model.prepare(operation('put', ['a', 'z'], 'ok'))!;
    assert.equal(model.step(state('xy'), put.input, put.output)?.text, 'z');
    const append = model.prepare(operation('append', ['a', 'z'], 'info'))!;
    const appended = model.step(state('xy'), append.input, append.output)!;
    assert.equal(appended.text, 'xyz');
    // The hash kept up to date by append is the hash of the text.
    assert.equal(appended.hash, state('xyz').hash);
    assert.ok(model.equal(appended, state('xyz')));
    assert.equal(model.step(appended, get.input, get.output), undefined);
    assert.equal(model.readOnly(get.input, get.output), true);
    assert.equal(model.blindWrite(put.input, put.output), true);
    assert.equal(model.blindWrite(append.input, append.output), false);
  });

  it('mayBecomeLegal: without a put, a read must extend the current value', () => {
    const state = (text: string) => kvModel({ s: text }).init('s');
    const get = model.prepare(operation('get', ['a', null], 'ok', ['a', 'xyz']))!;
    const may = (text: string, put: boolean) => model.mayBecomeLegal!(state(text), get.input, get.output, put);
    assert.equal(may('xy', false), true);
    assert.equal(may('', false), true);
    assert.equal(may('y', false), false);
    assert.equal(may('xyzw', false), false);
    assert.equal(may('y', true), true);
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
