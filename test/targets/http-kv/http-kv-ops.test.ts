import assert from 'node:assert/strict';
import { completionFor, requestFor } from '../../../targets/http-kv/http-kv-ops.js';
import { StopRunError } from '../../../harness/stop-run-error.js';

const answer = (status: number, body = '') => ({ status, body });

describe('http-kv protocol mapping', () => {
  it('maps operations to requests', () => {
    assert.deepEqual(requestFor({ f: 'read', value: ['k0', null] }), { method: 'GET', path: '/kv/k0' });
    assert.deepEqual(requestFor({ f: 'put', value: ['k1', 'a'] }), { method: 'PUT', path: '/kv/k1', body: { value: 'a' } });
    assert.deepEqual(requestFor({ f: 'cas', value: ['k2', [1, 2]] }), { method: 'POST', path: '/kv/k2/cas', body: { from: 1, to: 2 } });
    assert.deepEqual(requestFor({ f: 'append', value: ['k0', ',x'] }), { method: 'POST', path: '/kv/k0/append', body: { value: ',x' } });
    assert.throws(() => requestFor({ f: 'transfer', value: ['k0', 1] }), /no request for operation 'transfer'/);
  });

  it('reads: 200 {value} (extra fields ignored), 404 = nil ("" for the kv workload)', () => {
    assert.deepEqual(completionFor({ f: 'read', value: ['k0', null] }, answer(200, '{"value":3,"version":7}'), 'n1'), { type: 'ok', value: ['k0', 3] });
    assert.deepEqual(completionFor({ f: 'read', value: ['k0', null] }, answer(404), 'n1'), { type: 'ok', value: ['k0', null] });
    assert.deepEqual(completionFor({ f: 'get', value: ['k0', null] }, answer(404), 'n1'), { type: 'ok', value: ['k0', ''] });
    assert.deepEqual(completionFor({ f: 'get', value: ['k0', null] }, answer(200, '{"value":",1.2"}'), 'n1'), { type: 'ok', value: ['k0', ',1.2'] });
  });

  it('cas: 200 ok, 412 fail as precondition-failed (saw another value), 503 a plain fail', () => {
    const cas = { f: 'cas', value: ['k0', [1, 2]] };
    assert.equal(completionFor(cas, answer(200), 'n1').type, 'ok');
    assert.equal(completionFor(cas, answer(412), 'n1').type, 'fail');
    assert.equal(completionFor(cas, answer(412), 'n1').error, 'precondition-failed');
    assert.equal(completionFor(cas, answer(503), 'n1').type, 'fail');
    assert.equal(completionFor(cas, answer(503), 'n1').error, 'unavailable');
  });

  it('503 fail, other statuses info, 501 and garbage stop the run', () => {
    const write = { f: 'write', value: ['k0', 1] };
    assert.equal(completionFor(write, answer(204), 'n1').type, 'ok');
    assert.equal(completionFor(write, answer(503), 'n1').type, 'fail');
    for (const status of [500, 504, 404, 302, 400]) assert.equal(completionFor(write, answer(status), 'n1').type, 'info', String(status));
    assert.throws(() => completionFor(write, answer(501), 'n2'), (error: unknown) => error instanceof StopRunError && /node n2 answered PUT \/kv\/k0 with 501.*'write'/.test(error.message));
    for (const body of ['hi', '[1]', '{"val":1}', '']) {
      assert.throws(() => completionFor({ f: 'read', value: ['k0', null] }, answer(200, body), 'n1'), StopRunError, body);
    }
  });
});
