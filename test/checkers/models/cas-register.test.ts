import assert from 'node:assert/strict';
import { casRegisterModel, registerModel } from '../../../checkers/models/cas-register.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { operation } from './operation-fixture.js';

describe('register and cas-register models', () => {
  const model = casRegisterModel();
  const step = (state: unknown, f: string, value: unknown, outcome: 'ok' | 'fail' | 'info', completion?: unknown) => {
    const prepared = model.prepare(operation(f, value, outcome, completion));
    assert.ok(prepared !== undefined);
    return model.step(state, prepared.input, prepared.output);
  };

  it('starts empty (null) unless told otherwise', () => {
    assert.equal(model.init(undefined), null);
    assert.equal(casRegisterModel(3).init(undefined), 3);
  });

  it('a read must see the current value; null is the empty register', () => {
    assert.equal(step(null, 'read', null, 'ok', null), null);
    assert.equal(step(4, 'read', null, 'ok', 4), 4);
    assert.equal(step(4, 'read', null, 'ok', 5), undefined);
    assert.equal(step(null, 'read', null, 'ok', 0), undefined);
  });

  it('a write sets the value whatever it was; a failed write or failed/unknown read is left out', () => {
    assert.equal(step(1, 'write', 9, 'ok'), 9);
    assert.equal(step(1, 'write', 9, 'info'), 9);
    assert.equal(model.prepare(operation('write', 9, 'fail')), undefined);
    assert.equal(model.prepare(operation('read', null, 'fail')), undefined);
    assert.equal(model.prepare(operation('read', null, 'info')), undefined);
  });

  it('cas: ok needs from; fail needs anything but from; unknown does either', () => {
    assert.equal(step(1, 'cas', [1, 2], 'ok'), 2);
    assert.equal(step(3, 'cas', [1, 2], 'ok'), undefined);
    assert.equal(step(3, 'cas', [1, 2], 'fail'), 3);
    assert.equal(step(1, 'cas', [1, 2], 'fail'), undefined);
    assert.equal(step(1, 'cas', [1, 2], 'info'), 2);
    assert.equal(step(3, 'cas', [1, 2], 'info'), 3);
  });

  it('compares values as JSON, so 1 and "1" differ', () => {
    assert.equal(step('1', 'read', null, 'ok', 1), undefined);
    assert.equal(model.hash('1') === model.hash(1), false);
  });

  it('knows which operations never change the state, and which overwrite it', () => {
    const flags = (f: string, value: unknown, outcome: 'ok' | 'fail' | 'info', completion?: unknown) => {
      const prepared = model.prepare(operation(f, value, outcome, completion))!;
      return [model.readOnly(prepared.input, prepared.output), model.blindWrite(prepared.input, prepared.output)];
    };
    assert.deepEqual(flags('read', null, 'ok', 1), [true, false]);
    assert.deepEqual(flags('cas', [1, 2], 'fail'), [true, false]);
    assert.deepEqual(flags('cas', [1, 2], 'ok'), [false, false]);
    assert.deepEqual(flags('write', 1, 'ok'), [false, true]);
  });

  it('rejects a malformed cas and unknown operations with the history line', () => {
    assert.throws(() => model.prepare(operation('cas', 5, 'ok')), (error: unknown) => error instanceof BadInputError && /line 7/.test(error.message));
    assert.throws(() => model.prepare(operation('append', 5, 'ok')), BadInputError);
    assert.throws(() => registerModel().prepare(operation('cas', [1, 2], 'ok')), /cas-register/);
  });

  it('describes operations and states', () => {
    const prepared = model.prepare(operation('cas', [1, 2], 'fail'))!;
    assert.equal(model.describeOperation(prepared.input, prepared.output), 'cas(1, 2) -> fail');
    assert.equal(model.describeState(null), 'nil');
  });
});
