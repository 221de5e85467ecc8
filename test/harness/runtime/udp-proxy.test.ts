import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { Address } from '../../../harness/interfaces.js';
import { noDirectionFaults, UdpLinkProxy, type UdpLinkProxyOptions } from '../../../harness/runtime/udp-proxy.js';
import { sleep, UdpTestClient } from './udp-test-client.js';

/** An in-process echo "node": answers `echo:<datagram>`, counts what it got. */
class EchoNode {
  received = 0;
  readonly senders = new Set<number>();
  private readonly socket = dgram.createSocket('udp4');
  static async open(): Promise<EchoNode> {
    const node = new EchoNode();
    await new Promise<void>((resolve) => node.socket.bind(0, '127.0.0.1', resolve));
    return node;
  }
  private constructor() {
    this.socket.on('message', (message, sender) => {
      this.received++;
      this.senders.add(sender.port);
      this.socket.send(Buffer.concat([Buffer.from('echo:'), message]), sender.port, sender.address);
    });
  }
  get address(): Address {
    return { host: '127.0.0.1', port: this.socket.address().port };
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

describe('harness/runtime/udp-proxy', function () {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function setup(options: Partial<UdpLinkProxyOptions> = {}, seed = 42) {
    const node = await EchoNode.open();
    closers.push(() => node.close());
    const proxy = new UdpLinkProxy({ name: 'client->n1:0', upstream: node.address, rng: xoroshiro128plus(seed), ...options });
    closers.push(() => proxy.close());
    const address = await proxy.start();
    const client = await UdpTestClient.open();
    closers.push(() => client.close());
    return { node, proxy, address, client };
  }

  /** Send `count` datagrams in small batches, letting each batch settle, so the kernel never drops on loopback. */
  async function sendAll(client: UdpTestClient, to: Address, proxy: UdpLinkProxy, count: number, prefix = 'm') {
    const batch = 40;
    for (let i = 0; i < count; i += batch) {
      const n = Math.min(batch, count - i);
      const handledBefore = proxy.stats.request.forwarded + proxy.stats.request.dropped;
      for (let j = 0; j < n; j++) await client.send(to, `${prefix}${i + j}`);
      const deadline = Date.now() + 2000;
      while (proxy.stats.request.forwarded + proxy.stats.request.dropped < handledBefore + n && Date.now() < deadline) await sleep(2);
    }
    await sleep(30); // replies of the last batch
  }

  it('forwards requests to the node and replies back to the sender', async () => {
    const { address, client, node } = await setup();
    assert.equal(await client.request(address, 'hello', 1000), 'echo:hello');
    assert.equal(node.received, 1);
  });

  it('applies the request loss fraction on its own direction (seeded, statistically)', async () => {
    const { address, client, proxy, node } = await setup();
    proxy.setFaults({ ...noDirectionFaults(), loss: 0.3 }, noDirectionFaults());
    const sent = 2000;
    await sendAll(client, address, proxy, sent);
    const { forwarded, dropped } = proxy.stats.request;
    assert.equal(forwarded + dropped, sent, 'every datagram is either forwarded or dropped');
    // Binomial(2000, 0.3): sd ~ 20.5; 5 sd either side.
    assert.ok(Math.abs(dropped - 600) < 103, `dropped ${dropped} of ${sent}, expected ~600`);
    assert.equal(node.received, forwarded);
    assert.equal(proxy.stats.reply.dropped, 0, 'reply direction untouched');
    assert.equal(client.received.length, forwarded);
  });

  it('applies the reply loss fraction independently of the request direction', async () => {
    const { address, client, proxy, node } = await setup({}, 7);
    proxy.setFaults({ ...noDirectionFaults(), loss: 0.2 }, { ...noDirectionFaults(), loss: 0.5 });
    const sent = 2000;
    await sendAll(client, address, proxy, sent);
    const request = proxy.stats.request;
    const reply = proxy.stats.reply;
    assert.ok(Math.abs(request.dropped / sent - 0.2) < 0.05, `request loss ${request.dropped / sent}`);
    assert.equal(reply.forwarded + reply.dropped, node.received, 'every reply is forwarded or dropped');
    assert.ok(Math.abs(reply.dropped / node.received - 0.5) < 0.07, `reply loss ${reply.dropped / node.received}`);
    assert.equal(client.received.length, reply.forwarded);
  });

  it('drops the same datagrams for the same seed', async () => {
    const pattern = async (seed: number) => {
      const { address, client, proxy } = await setup({}, seed);
      proxy.setFaults({ ...noDirectionFaults(), loss: 0.5 }, noDirectionFaults());
      await sendAll(client, address, proxy, 200, 'p');
      return [...client.received].sort().join(',');
    };
    const a = await pattern(99);
    const b = await pattern(99);
    const c = await pattern(100);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('blocked drops everything in that direction, and healing restores delivery', async () => {
    const { address, client, proxy, node } = await setup();
    proxy.setFaults({ ...noDirectionFaults(), blocked: true }, noDirectionFaults());
    for (let i = 0; i < 20; i++) assert.equal(await client.request(address, `b${i}`, 20), undefined);
    assert.equal(node.received, 0);
    assert.equal(proxy.stats.request.dropped, 20);

    proxy.setFaults(noDirectionFaults(), { ...noDirectionFaults(), blocked: true });
    for (let i = 0; i < 5; i++) assert.equal(await client.request(address, `r${i}`, 20), undefined);
    assert.equal(node.received, 5, 'requests arrive, replies are lost');
    assert.equal(proxy.stats.reply.dropped, 5);

    proxy.setFaults(noDirectionFaults(), noDirectionFaults());
    assert.equal(await client.request(address, 'healed', 1000), 'echo:healed');
  });

  it('routes each reply back to the sender that sent the request', async () => {
    const { address, proxy, node } = await setup();
    const senders = await Promise.all([UdpTestClient.open(), UdpTestClient.open(), UdpTestClient.open()]);
    closers.push(async () => void (await Promise.all(senders.map((s) => s.close()))));
    for (let i = 0; i < 30; i++) {
      await Promise.all(senders.map((s, k) => s.send(address, `s${k}-${i}`)));
    }
    for (const s of senders) assert.ok(await s.waitFor(30, 2000), `sender got ${s.received.length} of 30 replies`);
    senders.forEach((s, k) => {
      assert.equal(s.received.length, 30);
      assert.ok(s.received.every((m) => m.startsWith(`echo:s${k}-`)), `sender ${k} got someone else's reply: ${s.received.find((m) => !m.startsWith(`echo:s${k}-`))}`);
    });
    assert.equal(proxy.upstreamCount, 3, 'one upstream socket per sender');
    assert.equal(node.senders.size, 3, 'the node sees one address per sender');
  });

  it('keeps at most maxUpstreams upstream sockets and closes idle ones', async () => {
    const { address, proxy } = await setup({ maxUpstreams: 2, idleMs: 100 });
    const senders = await Promise.all([UdpTestClient.open(), UdpTestClient.open(), UdpTestClient.open()]);
    closers.push(async () => void (await Promise.all(senders.map((s) => s.close()))));
    for (const [k, s] of senders.entries()) assert.equal(await s.request(address, `x${k}`, 1000), `echo:x${k}`);
    assert.ok(proxy.upstreamCount <= 2, `upstreams ${proxy.upstreamCount}`);
    assert.ok(proxy.upstreamsEvicted >= 1, 'the least recently used one was closed for the third sender'); // idle sweeps may add more on a slow machine
    // The evicted sender still gets answers, through a fresh upstream socket.
    assert.equal(await senders[0]!.request(address, 'again', 1000), 'echo:again');
    await sleep(350);
    assert.equal(proxy.upstreamCount, 0, 'idle upstreams are closed');
  });

  it('delays datagrams by delayMs', async () => {
    const { address, client, proxy } = await setup();
    proxy.setFaults({ ...noDirectionFaults(), delayMs: 80 }, { ...noDirectionFaults(), delayMs: 40 });
    const started = performance.now();
    assert.equal(await client.request(address, 'slow', 2000), 'echo:slow');
    const elapsedMs = performance.now() - started;
    assert.ok(elapsedMs >= 115, `round trip ${elapsedMs.toFixed(1)} ms, expected >= 120`);
  });

  it('rejects impossible faults', async () => {
    const { proxy } = await setup();
    assert.throws(() => proxy.setFaults({ ...noDirectionFaults(), loss: 1.5 }, noDirectionFaults()), /loss must be in 0\.\.1/);
    assert.throws(() => proxy.setFaults(noDirectionFaults(), { ...noDirectionFaults(), delayMs: -1 }), /delayMs/);
  });
});
