import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyKvOp, kvOpFromOp, type KvData, type KvOp } from '../../../targets/replicated/kv-op.js';

describe('replicated kv state machine (applyKvOp)', () => {
  it('register: read of an empty key is null, write then read returns it, cas checks from', () => {
    const data: KvData = {};
    assert.deepEqual(applyKvOp(data, { f: 'read', key: 'k', arg: null }), { type: 'ok', value: ['k', null] });
    assert.deepEqual(applyKvOp(data, { f: 'write', key: 'k', arg: 3 }), { type: 'ok', value: ['k', 3] });
    assert.deepEqual(applyKvOp(data, { f: 'cas', key: 'k', arg: [2, 4] }), { type: 'fail', value: ['k', [2, 4]], error: 'precondition-failed' });
    assert.deepEqual(applyKvOp(data, { f: 'cas', key: 'k', arg: [3, 4] }), { type: 'ok', value: ['k', [3, 4]] });
    assert.deepEqual(applyKvOp(data, { f: 'read', key: 'k', arg: null }), { type: 'ok', value: ['k', 4] });
  });

  it('kv: keys start as "", append concatenates, put replaces', () => {
    const data: KvData = {};
    assert.deepEqual(applyKvOp(data, { f: 'get', key: 'k', arg: null }).value, ['k', '']);
    applyKvOp(data, { f: 'append', key: 'k', arg: 'a' });
    applyKvOp(data, { f: 'append', key: 'k', arg: 'b' });
    assert.deepEqual(applyKvOp(data, { f: 'get', key: 'k', arg: null }).value, ['k', 'ab']);
    applyKvOp(data, { f: 'put', key: 'k', arg: 'z' });
    assert.deepEqual(applyKvOp(data, { f: 'get', key: 'k', arg: null }).value, ['k', 'z']);
  });

  it('property: a sequence of kv ops leaves each key equal to a per-key fold (keys independent)', () => {
    const op = fc.record({ f: fc.constantFrom('put', 'append', 'get'), key: fc.constantFrom('a', 'b'), arg: fc.string({ maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const data: KvData = {};
        for (const o of ops) applyKvOp(data, o as KvOp);
        for (const key of ['a', 'b']) {
          let expected = '';
          for (const o of ops.filter((x) => x.key === key)) expected = o.f === 'put' ? o.arg : o.f === 'append' ? expected + o.arg : expected;
          assert.deepEqual(applyKvOp(data, { f: 'get', key, arg: null }).value, [key, expected]);
        }
      }),
      { seed: 42, verbose: true },
    );
  });

  it('kvOpFromOp rejects values that are not [key, v] and operations the targets do not serve', () => {
    assert.deepEqual(kvOpFromOp({ f: 'cas', value: ['k', [1, 2]] }), { f: 'cas', key: 'k', arg: [1, 2] });
    assert.throws(() => kvOpFromOp({ f: 'read', value: null }), /needs value \[key, v\]/);
    assert.throws(() => kvOpFromOp({ f: 'txn', value: ['k', 1] }), /not served/);
  });
});
