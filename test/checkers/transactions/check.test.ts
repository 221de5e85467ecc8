import assert from 'node:assert/strict';
import { BadInputError } from '../../../harness/exit-codes.js';
import { checkTransactions } from '../../../checkers/transactions/check.js';
import { txnEvents, type TxnSpec } from './txn-history.js';

const t = (process: number, ...ops: TxnSpec['ops']): TxnSpec => ({ process, ops });

describe('transactional checker (list-append)', () => {
  it('finds G0 (write cycle) and explains it in words', () => {
    const events = txnEvents(
      [t(0, ['append', 'x', 1], ['append', 'y', 1]), t(1, ['append', 'x', 2], ['append', 'y', 2]), t(2, ['r', 'x', [1, 2]], ['r', 'y', [2, 1]])],
      true,
    );
    const result = checkTransactions(events, { model: 'list-append', consistencyModels: ['serializable'] });
    assert.equal(result.valid, false);
    assert.ok(result.anomalyTypes.includes('G0'), JSON.stringify(result.anomalyTypes));
    assert.ok(result.notModels.includes('read-uncommitted'), JSON.stringify(result.notModels));
    const cycle = result.anomalies.G0![0] as { explanation: string };
    assert.match(cycle.explanation, /appended 2 to x after T\d appended 1/);
  });

  it('finds G1c, G-single (read skew), G2-item (write skew), G-single-realtime', () => {
    const g1c = txnEvents([t(0, ['append', 'x', 1], ['r', 'y', [1]]), t(1, ['append', 'y', 1], ['r', 'x', [1]])], true);
    assert.deepEqual(checkTransactions(g1c, { model: 'list-append' }).anomalyTypes, ['G1c']);
    const readSkew = txnEvents([t(0, ['r', 'x', []], ['r', 'y', [1]]), t(1, ['append', 'x', 1], ['append', 'y', 1])], true);
    assert.deepEqual(checkTransactions(readSkew, { model: 'list-append' }).anomalyTypes, ['G-single']);
    const writeSkew = txnEvents([t(0, ['r', 'x', []], ['append', 'y', 1]), t(1, ['r', 'y', []], ['append', 'x', 1]), t(2, ['r', 'x', [1]], ['r', 'y', [1]])], true);
    const skew = checkTransactions(writeSkew, { model: 'list-append', consistencyModels: ['serializable'] });
    assert.deepEqual(skew.anomalyTypes, ['G2-item']);
    assert.ok(skew.notModels.includes('repeatable-read'));
    assert.equal(checkTransactions(writeSkew, { model: 'list-append', consistencyModels: ['snapshot-isolation'] }).valid, true);
    const stale = txnEvents([t(0, ['append', 'x', 1]), t(1, ['r', 'x', []])]);
    const staleResult = checkTransactions(stale, { model: 'list-append' });
    assert.deepEqual(staleResult.anomalyTypes, ['G-single-realtime']);
    assert.equal(checkTransactions(stale, { model: 'list-append', consistencyModels: ['serializable'] }).valid, true);
  });

  it('finds G1a, G1b, internal, duplicate-elements and incompatible-order without a cycle', () => {
    const aborted = txnEvents([{ process: 0, ops: [['append', 'x', 1]], outcome: 'fail' }, t(1, ['r', 'x', [1]])]);
    assert.deepEqual(checkTransactions(aborted, { model: 'list-append' }).anomalyTypes, ['G1a']);
    const intermediate = txnEvents([t(0, ['append', 'x', 1], ['append', 'x', 2]), t(1, ['r', 'x', [1]])], true);
    assert.ok(checkTransactions(intermediate, { model: 'list-append' }).anomalyTypes.includes('G1b'));
    const internal = txnEvents([t(0, ['r', 'x', []], ['append', 'x', 1], ['r', 'x', [2]])]);
    assert.ok(checkTransactions(internal, { model: 'list-append' }).anomalyTypes.includes('internal'));
    const duplicates = txnEvents([t(0, ['append', 'x', 1]), t(1, ['r', 'x', [1, 1]])]);
    assert.ok(checkTransactions(duplicates, { model: 'list-append' }).anomalyTypes.includes('duplicate-elements'));
    const incompatible = txnEvents([t(0, ['append', 'x', 1]), t(1, ['append', 'x', 2]), t(2, ['r', 'x', [1, 2]]), t(3, ['r', 'x', [2, 1]])]);
    const result = checkTransactions(incompatible, { model: 'list-append' });
    assert.ok(result.anomalyTypes.includes('incompatible-order'));
    assert.ok(result.notModels.includes('read-committed'), JSON.stringify(result.notModels));
  });

  it('looks only for what the models forbid, plus --anomalies', () => {
    const readSkew = txnEvents([t(0, ['r', 'x', []], ['r', 'y', [1]]), t(1, ['append', 'x', 1], ['append', 'y', 1])], true);
    assert.equal(checkTransactions(readSkew, { model: 'list-append', consistencyModels: ['read-committed'] }).valid, true);
    assert.deepEqual(checkTransactions(readSkew, { model: 'list-append', consistencyModels: ['read-committed'], anomalies: ['G2'] }).anomalyTypes, ['G-single']);
    assert.throws(() => checkTransactions(readSkew, { model: 'list-append', consistencyModels: ['serialisable'] }), /unknown consistency model 'serialisable'/);
  });

  it('rejects malformed micro-ops with file:line, never crashes', () => {
    const cases: [TxnSpec[], RegExp][] = [
      [[t(0, ['frob', 'x', 1])], /h\.edn:2: unknown micro-op "frob"/],
      [[t(0, ['r', 'x', 3])], /h\.edn:2: a list-append read must be a list/],
      [[t(0, ['append', 'x', 1]), t(1, ['append', 'x', 1])], /h\.edn:3: value 1 is appended to x twice \(also by the txn on line 1\)/],
    ];
    for (const [specs, message] of cases) {
      assert.throws(() => checkTransactions(txnEvents(specs), { model: 'list-append', fileName: 'h.edn' }), (error: unknown) => error instanceof BadInputError && message.test(error.message));
    }
  });

  it('rw-register: G1c, G-single, lost-update, and a valid history', () => {
    const g1c = txnEvents([t(0, ['w', 'x', 1], ['r', 'y', 1]), t(1, ['w', 'y', 1], ['r', 'x', 1])], true);
    assert.deepEqual(checkTransactions(g1c, { model: 'rw-register' }).anomalyTypes, ['G1c']);
    const lost = txnEvents([t(0, ['r', 'x', null], ['w', 'x', 1]), t(1, ['r', 'x', null], ['w', 'x', 2])], true);
    assert.ok(checkTransactions(lost, { model: 'rw-register', consistencyModels: ['repeatable-read'] }).anomalyTypes.includes('lost-update'));
    const fine = txnEvents([t(0, ['w', 'x', 1]), t(1, ['r', 'x', 1], ['w', 'x', 2]), t(0, ['r', 'x', 2])]);
    assert.equal(checkTransactions(fine, { model: 'rw-register' }).valid, true);
    const stale = txnEvents([t(0, ['w', 'x', 1]), t(1, ['r', 'x', null])]);
    const result = checkTransactions(stale, { model: 'rw-register' });
    assert.deepEqual(result.anomalyTypes, ['G-single-realtime']);
    assert.match((result.anomalies['G-single-realtime']![0] as { explanation: string }).explanation, /read x = nil, so it ran before T\d wrote x = 1/);
  });

  it('valid serial history', () => {
    const events = txnEvents([t(0, ['append', 'x', 1], ['r', 'x', [1]]), t(1, ['r', 'x', [1]], ['append', 'x', 2]), t(0, ['r', 'x', [1, 2]], ['append', 'y', 3])]);
    const result = checkTransactions(events, { model: 'list-append' });
    assert.equal(result.valid, true, JSON.stringify(result));
  });
});
