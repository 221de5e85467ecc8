import assert from 'node:assert/strict';
import { RpcTimeoutError, UdpRpc, parseAddress } from '../../../targets/replicated/udp-rpc.js';

describe('UdpRpc (JSON request/reply over UDP on 127.0.0.1)', () => {
  const endpoints: UdpRpc[] = [];
  const bind = async (name: string) => {
    const rpc = await UdpRpc.bind({ host: '127.0.0.1', port: 0 }, name);
    endpoints.push(rpc);
    return rpc;
  };
  afterEach(() => {
    for (const e of endpoints.splice(0)) e.close();
  });

  it('answers a request with the handler reply, to the sender', async () => {
    const server = await bind('s');
    server.serve((body) => ({ echo: body }));
    const client = await bind('c');
    assert.deepEqual(await client.call(server.address, { x: 1 }, { attemptTimeoutMs: 500, attemptsMax: 1 }), { echo: { x: 1 } });
  });

  it('resends the same request id after a timeout, so the receiver can deduplicate', async () => {
    const server = await bind('s');
    let calls = 0;
    server.serve(() => {
      calls += 1;
      return calls < 3 ? undefined : 'finally'; // no reply to the first two transmissions
    });
    const client = await bind('c');
    const attempts: number[] = [];
    const reply = await client.call(server.address, 'hello', { attemptTimeoutMs: 50, attemptsMax: 5, onAttempt: (n) => attempts.push(n) });
    assert.equal(reply, 'finally');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.equal(calls, 3);
  });

  it('gives up with RpcTimeoutError after attemptsMax unanswered transmissions', async () => {
    const server = await bind('s');
    server.serve(() => undefined);
    const client = await bind('c');
    const started = Date.now();
    await assert.rejects(client.call(server.address, 'x', { attemptTimeoutMs: 40, attemptsMax: 3 }), RpcTimeoutError);
    assert.ok(Date.now() - started >= 110);
  });

  it('parses host:port and rejects anything else', () => {
    assert.deepEqual(parseAddress('127.0.0.1:4000'), { host: '127.0.0.1', port: 4000 });
    assert.throws(() => parseAddress('127.0.0.1'), /bad address/);
    assert.throws(() => parseAddress('h:70000'), /bad address/);
  });
});
