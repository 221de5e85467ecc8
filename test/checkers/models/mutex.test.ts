import assert from 'node:assert/strict';
import { mutexModel } from '../../../checkers/models/mutex.js';
import { BadInputError } from '../../../harness/exit-codes.js';
import { operation } from './operation-fixture.js';

describe('mutex model', () => {
  const model = mutexModel();
  const step = (held: boolean, f: string, outcome: 'ok' | 'info') => {
    const prepared = model.prepare(operation(f, null, outcome))!;
    return model.step(held, prepared.input, prepared.output);
  };

  it('starts free, or held with --init true', () => {
    assert.equal(model.init(undefined), false);
    assert.equal(mutexModel(true).init(undefined), true);
  });

  it('acquire takes a free lock; acquiring a held one is illegal', () => {
    assert.equal(step(false, 'acquire', 'ok'), true);
    assert.equal(step(true, 'acquire', 'ok'), undefined);
    assert.equal(step(true, 'acquire', 'info'), undefined);
  });

  it('release frees a held lock; releasing a free one is illegal', () => {
    assert.equal(step(true, 'release', 'ok'), false);
    assert.equal(step(false, 'release', 'ok'), undefined);
  });

  it('a failed acquire or release had no effect and is left out; other operations are errors', () => {
    assert.equal(model.prepare(operation('acquire', null, 'fail')), undefined);
    assert.throws(() => model.prepare(operation('read', null, 'ok')), BadInputError);
    assert.equal(model.describeState(true), 'held');
  });
});
