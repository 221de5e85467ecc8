import assert from 'node:assert/strict';
import { multiRegisterModel } from '../../../checkers/models/multi-register.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { operation } from './operation-fixture.js';

describe('multi-register model', () => {
  const model = multiRegisterModel({ x: 1 });
  const step = (state: Record<string, unknown>, invoke: unknown, outcome: 'ok' | 'info', completion?: unknown) => {
    const prepared = model.prepare(operation('txn', invoke, outcome, completion))!;
    return model.step(state, prepared.input, prepared.output);
  };

  it('starts from --init; other keys are nil', () => {
    assert.deepEqual(model.init(undefined), { x: 1 });
    assert.deepEqual(multiRegisterModel().init(undefined), {});
  });

  it('applies micro-ops in order: reads see earlier writes of the same transaction', () => {
    const txn = [['w', 'y', 2], ['r', 'y', null], ['r', 'x', null]];
    assert.deepEqual(step({ x: 1 }, txn, 'ok', [['w', 'y', 2], ['r', 'y', 2], ['r', 'x', 1]]), { x: 1, y: 2 });
    assert.equal(step({ x: 1 }, txn, 'ok', [['w', 'y', 2], ['r', 'y', 3], ['r', 'x', 1]]), undefined);
    assert.equal(step({ x: 5 }, txn, 'ok', [['w', 'y', 2], ['r', 'y', 2], ['r', 'x', 1]]), undefined);
  });

  it('a nil read tells nothing; an unknown transaction may apply its writes', () => {
    assert.deepEqual(step({ x: 7 }, [['r', 'x', null]], 'ok', [['r', 'x', null]]), { x: 7 });
    assert.deepEqual(step({ x: 7 }, [['r', 'x', null], ['w', 'z', 1]], 'info'), { x: 7, z: 1 });
  });

  it("reads Knossos' micro-op names read / write like r / w, also mixed within one transaction", () => {
    const knossos = [['read', 'x', null], ['write', 'y', 2]];
    assert.deepEqual(step({ x: 1 }, knossos, 'ok', [['read', 'x', 1], ['write', 'y', 2]]), { x: 1, y: 2 });
    assert.equal(step({ x: 1 }, knossos, 'ok', [['read', 'x', 3], ['write', 'y', 2]]), undefined);
    assert.deepEqual(step({ x: 1 }, [['r', 'x', null], ['write', 'y', 2]], 'ok', [['read', 'x', 1], ['w', 'y', 2]]), { x: 1, y: 2 });
    assert.deepEqual(step({ x: 7 }, [['write', 'z', 1]], 'info'), { x: 7, z: 1 });
    assert.throws(() => model.prepare(operation('txn', [['Read', 'x', null]], 'ok')), /"r"\|"w"\|"read"\|"write"/);
  });

  it('equal states hash alike whatever the key order; nil registers are the same as absent ones', () => {
    assert.equal(model.hash({ a: 1, b: 2 }), model.hash({ b: 2, a: 1 }));
    assert.deepEqual(step({ x: 1 }, [['w', 'x', null]], 'ok', [['w', 'x', null]]), {});
  });

  it('rejects malformed transactions and completions that do not match the invoke', () => {
    assert.throws(() => model.prepare(operation('txn', [['q', 'x', 1]], 'ok')), BadInputError);
    assert.throws(() => model.prepare(operation('txn', [['r', 'x', null]], 'ok', [['r', 'y', 1]])), /do not match/);
    assert.throws(() => model.prepare(operation('read', null, 'ok')), /txn/);
  });
});
