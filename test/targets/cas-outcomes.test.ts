/**
 * Every client's cas follows one rule (docs/history-format.md, "What fail means"): a comparison
 * that did not hold is `fail` with error precondition-failed; a definite refusal is a plain
 * `fail` with its own error; an unknown outcome is `info`. The etcd and Redis clients talk to
 * fake servers on 127.0.0.1 that answer as the real ones do; the replicated targets' state
 * machine and the no-op target are called directly. (The rpc target serves no cas.)
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { preconditionFailed, type Address, type Completion, type RunContext } from '../../harness/interfaces.js';
import { EtcdRegisterClient } from '../../targets/etcd/etcd-register-client.js';
import { NoopClient, NoopTarget } from '../../targets/noop-target.js';
import { RedisRegisterClient } from '../../targets/redis/redis-register-client.js';
import { applyKvOp } from '../../targets/replicated/kv-op.js';

const cas = { f: 'cas', value: ['k', [1, 2]] };

/** Just enough of a run for a client: one node n1 at `address`, local runtime. */
function runAt(address: Address): RunContext {
  return {
    spec: { nodes: ['n1'] },
    runtime: { name: 'local', listenAddress: () => address, addressOf: () => address },
    signal: new AbortController().signal,
  } as unknown as RunContext;
}

async function listen(server: HttpServer | TcpServer): Promise<Address> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

async function close(server: HttpServer | TcpServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on: one that was just closed. */
async function refusedAddress(): Promise<Address> {
  const server = createTcpServer();
  const address = await listen(server);
  await close(server);
  return address;
}

/** Runs `server` on 127.0.0.1 for the enclosing describe; its connections are cut at the end. */
function serveDuringTests(server: HttpServer | TcpServer): () => Address {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => sockets.add(socket));
  let address: Address | undefined;
  before(async () => {
    address = await listen(server);
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await close(server);
  });
  return () => address!;
}

function assertPlainFail(completion: Completion, what: string): void {
  assert.equal(completion.type, 'fail', what);
  assert.ok(completion.error !== undefined && completion.error !== preconditionFailed, `${what}: ${completion.error}`);
}

describe('cas outcomes of every client', function () {
  this.timeout(20_000);

  describe('etcd (v3 JSON gateway)', () => {
    let answer: 'not-succeeded' | 'silent' = 'not-succeeded';
    const address = serveDuringTests(
      createHttpServer((request, response) => {
        if (answer === 'silent') return; // never answers: the client times out
        request.resume();
        request.on('end', () => response.end(JSON.stringify({ header: {}, succeeded: false })));
      }),
    );

    // Generous for answers (the machine may be loaded); the silent server costs one timeout.
    const invoke = async (at: Address, timeoutMs = 5000): Promise<Completion> => {
      const client = new EtcdRegisterClient(timeoutMs);
      await client.open(runAt(at), 'n1');
      return client.invoke(runAt(at), cas);
    };

    it('a comparison that did not hold: fail, precondition-failed', async () => {
      answer = 'not-succeeded';
      assert.deepEqual(await invoke(address()), { type: 'fail', value: cas.value, error: preconditionFailed });
    });
    it('a refused connection (never sent): a plain fail', async () => {
      assertPlainFail(await invoke(await refusedAddress()), 'refused');
    });
    it('no answer in time: info', async () => {
      answer = 'silent';
      assert.equal((await invoke(address(), 300)).type, 'info');
    });
  });

  describe('Redis (RESP, cas as a Lua script)', () => {
    let reply = ':0\r\n';
    const address = serveDuringTests(
      createTcpServer((socket) => {
        socket.on('data', () => {
          if (reply !== '') socket.write(reply);
        });
      }),
    );

    const invoke = async (at: Address, timeoutMs = 5000): Promise<Completion> => {
      const client = new RedisRegisterClient(timeoutMs);
      await client.open(runAt(at), 'n1');
      try {
        return await client.invoke(runAt(at), cas);
      } finally {
        await client.close();
      }
    };

    it('the script found another value (reply 0): fail, precondition-failed', async () => {
      reply = ':0\r\n';
      assert.deepEqual(await invoke(address()), { type: 'fail', value: cas.value, error: preconditionFailed });
    });
    it('an error reply (-READONLY: the script did not run): a plain fail with that error', async () => {
      reply = "-READONLY You can't write against a read only replica.\r\n";
      const completion = await invoke(address());
      assertPlainFail(completion, '-READONLY');
      assert.match(completion.error!, /READONLY/);
    });
    it('a refused connection: a plain fail', async () => {
      assertPlainFail(await invoke(await refusedAddress()), 'refused');
    });
    it('no answer in time: info', async () => {
      reply = '';
      assert.equal((await invoke(address(), 300)).type, 'info');
    });
  });

  it('primary-backup and chain: their state machine fails a mismatched cas with precondition-failed (quorum refuses every cas: unsupported-on-quorum, a plain fail)', () => {
    assert.deepEqual(applyKvOp({ k: 5 }, { f: 'cas', key: 'k', arg: [1, 2] }), { type: 'fail', value: ['k', [1, 2]], error: preconditionFailed });
    assert.deepEqual(applyKvOp({}, { f: 'cas', key: 'k', arg: [null, 2] }), { type: 'ok', value: ['k', [null, 2]] });
  });

  it('noop: a mismatched cas fails with precondition-failed', async () => {
    const client = new NoopClient(new NoopTarget());
    assert.deepEqual(await client.invoke(undefined, cas), { type: 'fail', value: cas.value, error: preconditionFailed });
  });
});
