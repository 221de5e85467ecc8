import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkTransactions } from '../../../checkers/transactions/check.js';
import { parseJepsenEdn } from '../../../harness/history/jepsen-edn.js';

const fixtures = fileURLToPath(new URL('../../../../test/checkers/transactions/fixtures/', import.meta.url));
const history = (name: string) => parseJepsenEdn(readFileSync(fixtures + name, 'utf8'), name);

describe("Elle's example histories", () => {
  it('the paper example: G-single (T1 misses T2\'s append that T3 saw, and T1 appended after T3): not consistent-view', () => {
    for (const consistency of ['serializable', 'snapshot-isolation']) {
      const result = checkTransactions(history('paper-example.edn'), { model: 'list-append', consistencyModels: [consistency] });
      assert.deepEqual([result.valid, result.anomalyTypes], [false, ['G-single']]);
      assert.ok(result.notModels.includes('consistent-view'), JSON.stringify(result.notModels));
    }
  });

  it('si-without-g-single: G2-item with adjacent rw edges only, so snapshot isolation holds and serializability does not', () => {
    const serializable = checkTransactions(history('si-without-g-single.edn'), { model: 'list-append', consistencyModels: ['serializable'] });
    assert.deepEqual([serializable.valid, serializable.anomalyTypes], [false, ['G2-item']]);
    assert.equal(checkTransactions(history('si-without-g-single.edn'), { model: 'list-append', consistencyModels: ['snapshot-isolation'] }).valid, true);
  });
});
