import assert from 'node:assert/strict';
import { primaryOf, type HealthReply } from '../../../targets/replicated/primary-from-views.js';

const health = (node: string, num: number, members: string[], promised = num): HealthReply => ({ t: 'healthy', node, view: { num, members }, promised });

describe('targets/replicated/primary-from-views primaryOf', () => {
  it('names the first member of the view the nodes hold', () => {
    assert.equal(primaryOf([health('n1', 3, ['n2', 'n1', 'n3']), health('n2', 3, ['n2', 'n1', 'n3']), health('n3', 3, ['n2', 'n1', 'n3'])]), 'n2');
  });

  it('a deposed primary not yet told holds an older view: the newest view names the primary', () => {
    assert.equal(primaryOf([health('n1', 2, ['n1', 'n2', 'n3']), health('n2', 4, ['n2', 'n3']), health('n3', 4, ['n2', 'n3'])]), 'n2');
  });

  it('the primary did not answer (paused, cut off): the others name it, even against a deposed one', () => {
    assert.equal(primaryOf([health('n2', 5, ['n3', 'n2']), health('n1', 4, ['n1', 'n2', 'n3'])]), 'n3');
  });

  it('undefined when no answering node holds a view', () => {
    assert.equal(primaryOf([]), undefined);
    assert.equal(primaryOf([{ t: 'healthy', node: 'n1', view: null, promised: 0 }, { t: 'healthy', node: 'n2' }]), undefined);
  });
});
