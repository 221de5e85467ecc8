import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { TcpLinkProxy } from '../../../harness/runtime/tcp-proxy.js';
import { noDirectionFaults } from '../../../harness/runtime/udp-proxy.js';

/** An echo server that records what reached it and how many connections it saw. */
async function echoServer(): Promise<{ server: net.Server; port: number; received: () => string; accepted: () => number }> {
  let received = '';
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    socket.on('data', (chunk) => {
      received += chunk.toString();
      socket.write(chunk);
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port, received: () => received, accepted: () => accepted };
}

/** A client connection that collects what comes back. */
async function connect(port: number): Promise<{ socket: net.Socket; got: () => string; events: string[] }> {
  const socket = net.connect(port, '127.0.0.1');
  let got = '';
  const events: string[] = [];
  socket.on('data', (chunk) => (got += chunk.toString()));
  socket.on('error', (error: NodeJS.ErrnoException) => events.push(`error ${error.code}`));
  socket.on('close', () => events.push('close'));
  await once(socket, 'connect');
  return { socket, got: () => got, events };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

describe('TCP link proxy', () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  let proxy: TcpLinkProxy;
  beforeEach(async () => {
    echo = await echoServer();
    proxy = new TcpLinkProxy({ name: 'client->n1:0', upstream: { host: '127.0.0.1', port: echo.port }, rng: xoroshiro128plus(1) });
    await proxy.start();
  });
  afterEach(async () => {
    await proxy.close();
    echo.server.close();
  });
  const blocked = { ...noDirectionFaults(), blocked: true };

  it('relays bytes both ways', async () => {
    const client = await connect(proxy.address.port);
    client.socket.write('hello');
    await until(() => client.got() === 'hello');
    assert.equal(echo.received(), 'hello');
    client.socket.destroy();
  });

  it('a blocked request direction holds every byte (the connection hangs) and delivers it once healed', async () => {
    const client = await connect(proxy.address.port);
    client.socket.write('a');
    await until(() => client.got() === 'a');
    proxy.setFaults(blocked, noDirectionFaults());
    client.socket.write('b');
    await sleep(200);
    assert.equal(echo.received(), 'a', 'nothing crossed the partition');
    assert.deepEqual(client.events, [], 'not reset');
    proxy.setFaults(noDirectionFaults(), noDirectionFaults());
    await until(() => client.got() === 'ab');
    client.socket.destroy();
  });

  it('a blocked reply direction holds the answers only', async () => {
    const client = await connect(proxy.address.port);
    proxy.setFaults(noDirectionFaults(), blocked);
    client.socket.write('x');
    await until(() => echo.received() === 'x');
    await sleep(150);
    assert.equal(client.got(), '');
    proxy.setFaults(noDirectionFaults(), noDirectionFaults());
    await until(() => client.got() === 'x');
    client.socket.destroy();
  });

  it('a connection opened during a partition reaches the node only after the heal', async () => {
    proxy.setFaults(blocked, noDirectionFaults());
    const client = await connect(proxy.address.port);
    client.socket.write('late');
    await sleep(150);
    assert.equal(echo.accepted(), 0);
    proxy.setFaults(noDirectionFaults(), noDirectionFaults());
    await until(() => client.got() === 'late');
    assert.equal(echo.accepted(), 1);
    client.socket.destroy();
  });

  it('delay is added per direction', async () => {
    proxy.setFaults({ ...noDirectionFaults(), delayMs: 80 }, { ...noDirectionFaults(), delayMs: 40 });
    const client = await connect(proxy.address.port);
    const startMs = Date.now();
    client.socket.write('d');
    await until(() => client.got() === 'd');
    assert.ok(Date.now() - startMs >= 115, `round trip ${Date.now() - startMs} ms`);
    client.socket.destroy();
  });

  it('loss costs retransmissions, never bytes', async () => {
    proxy.setFaults({ ...noDirectionFaults(), loss: 0.5 }, noDirectionFaults());
    const client = await connect(proxy.address.port);
    const text = Array.from({ length: 20 }, (_, i) => `${i};`).join('');
    for (let i = 0; i < 20; i++) {
      client.socket.write(`${i};`);
      await sleep(2);
    }
    await until(() => client.got() === text, 5000);
    assert.ok(proxy.stats.request.retransmitted > 0);
    client.socket.destroy();
  });

  it('a node that is down resets the connection; close() resets the rest', async () => {
    const dead = new TcpLinkProxy({ name: 'x', upstream: { host: '127.0.0.1', port: 1 }, rng: xoroshiro128plus(2) });
    await dead.start();
    const client = await connect(dead.address.port);
    await until(() => client.events.includes('close'));
    assert.ok(client.events.some((event) => event.startsWith('error ECONNRESET')), client.events.join());
    await dead.close();
    const open = await connect(proxy.address.port);
    await proxy.close();
    await until(() => open.events.includes('close'));
    assert.equal(proxy.connectionCount, 0);
  });
});
