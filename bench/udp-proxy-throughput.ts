/**
 * How many request/reply round trips per second one link of the local runtime's UDP proxy
 * carries: client (this process) -> proxy (this process) -> echo node (a child process) and
 * back, with a window of datagrams in flight. Not a timed test; prints its figures.
 *
 *   node dist/bench/udp-proxy-throughput.js [seconds=3] [window=64]
 */
import dgram from 'node:dgram';
import { execa } from 'execa';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { noDirectionFaults, UdpLinkProxy } from '../harness/runtime/udp-proxy.js';

const seconds = Number(process.argv[2] ?? 3);
const window = Number(process.argv[3] ?? 64);

const echoSource = `
const s = require('node:dgram').createSocket('udp4');
s.on('message', (m, r) => s.send(m, r.port, r.address));
s.bind(0, '127.0.0.1', () => process.stdout.write(s.address().port + '\\n'));
`;

async function main(): Promise<void> {
  const echo = execa(process.execPath, ['-e', echoSource], { stdout: 'pipe', stderr: 'inherit', reject: false });
  const echoPort = await new Promise<number>((resolve) => echo.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  try {
    for (const [label, loss] of [
      ['no faults', 0],
      ['loss 0.3 each way', 0.3],
    ] as const) {
      const proxy = new UdpLinkProxy({ name: 'bench', upstream: { host: '127.0.0.1', port: echoPort }, rng: xoroshiro128plus(1) });
      const address = await proxy.start();
      proxy.setFaults({ ...noDirectionFaults(), loss }, { ...noDirectionFaults(), loss });
      const perSecond = await measure(address.port, proxy);
      const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
      process.stdout.write(
        `udp proxy, ${label}: ${Math.round(perSecond).toLocaleString('en')} round trips/s through one link ` +
          `(window ${window}, ${seconds} s; proxy forwarded ${proxy.stats.request.forwarded.toLocaleString('en')} requests, ` +
          `dropped ${proxy.stats.request.dropped.toLocaleString('en')} requests and ${proxy.stats.reply.dropped.toLocaleString('en')} replies; rss ${rss} MiB)\n`,
      );
      await proxy.close();
    }
  } finally {
    echo.kill('SIGKILL');
    await echo;
  }
}

/** Keeps `window` datagrams in flight (what the proxy dropped is topped up every 2 ms). Returns replies per second. */
async function measure(proxyPort: number, proxy: UdpLinkProxy): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const payload = Buffer.from('{"clientId":"bench","seq":1,"op":"noop"}');
  let sent = 0;
  let replies = 0;
  const endAt = performance.now() + seconds * 1000;
  const send = () => {
    sent++;
    socket.send(payload, proxyPort, '127.0.0.1');
  };
  socket.on('message', () => {
    replies++;
    if (performance.now() < endAt) send();
  });
  const topUp = () => {
    const inFlight = sent - replies - proxy.stats.request.dropped - proxy.stats.reply.dropped;
    for (let i = inFlight; i < window; i++) send();
  };
  topUp();
  const refill = setInterval(topUp, 2);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(refill);
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.close();
  return replies / seconds;
}

await main();
