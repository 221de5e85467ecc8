/**
 * The relay on its own: what it writes to the node's stdin. Maelstrom's protocol makes init the
 * first message a node reads (Maelstrom's Python demo asserts it and dies otherwise), so a
 * message that reaches a restarted node's relay before the harness's init is dropped.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { allocateNodePorts, releaseNodePorts } from '../../../harness/runtime/free-port.js';
import { readMessageRecords } from '../../../targets/maelstrom/message-record.js';
import type { RelayConfig } from '../../../targets/maelstrom/relay.js';
import { messageDelay } from '../../../targets/maelstrom/latency.js';
import { seededRng } from '../../../harness/seeded-rng.js';

const relayScript = fileURLToPath(new URL('../../../targets/maelstrom/relay.js', import.meta.url));

/** Kills the relay and its node's group, frees the port, removes the folder. */
function stopRelay(relay: ChildProcess, config: RelayConfig, port: number, dir: string): void {
  const pid = existsSync(config.pidFile) ? Number(readFileSync(config.pidFile, 'utf8')) : undefined;
  relay.kill('SIGKILL');
  if (pid !== undefined) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone with the relay (pdeathsig)
    }
  }
  releaseNodePorts([port]);
  rmSync(dir, { recursive: true, force: true });
}

describe('maelstrom relay', () => {
  it('drops what arrives before init, then delivers init first and everything after it', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'relay-'));
    const [port] = await allocateNodePorts(1);
    const stdinCopy = join(dir, 'stdin.txt');
    const config: RelayConfig = {
      node: 'n1',
      listen: { host: '127.0.0.1', port: port! },
      peers: {},
      command: `cat > ${JSON.stringify(stdinCopy)}`,
      nodeLog: join(dir, 'node.log'),
      nodeDir: dir,
      pidFile: join(dir, 'pid'),
      stdinLimitBytes: 1 << 20,
      messagesFile: join(dir, 'messages.jsonl'),
      clockZeroNs: String(process.hrtime.bigint()),
      latencyMs: 0,
      latencyDist: 'constant',
      seed: 1,
    };
    const relay = spawn(process.execPath, [relayScript, JSON.stringify(config)], { stdio: 'ignore' });
    const socket = dgram.createSocket('udp4');
    try {
      const listening = join(dir, 'pid');
      for (let i = 0; i < 200 && !existsSync(listening); i++) await sleep(20);
      await sleep(200); // the socket binds right after the node starts
      const send = (body: object) => new Promise<void>((resolve) => socket.send(JSON.stringify({ src: 'n2', dest: 'n1', body }), port!, '127.0.0.1', () => resolve()));
      await send({ type: 'broadcast', message: 1, msg_id: 1 });
      await sleep(100);
      await send({ type: 'init', node_id: 'n1', node_ids: ['n1', 'n2'], msg_id: 2 });
      await sleep(100);
      await send({ type: 'broadcast', message: 3, msg_id: 3 });
      let lines: string[] = [];
      for (let i = 0; i < 100 && lines.length < 2; i++) {
        await sleep(50);
        lines = existsSync(stdinCopy) ? readFileSync(stdinCopy, 'utf8').split('\n').filter((l) => l !== '') : [];
      }
      assert.deepEqual(lines.map((l) => (JSON.parse(l) as { body: { type: string } }).body.type), ['init', 'broadcast']);
      assert.equal((JSON.parse(lines[1]!) as { body: { message: number } }).body.message, 3);
      // What reached the node is recorded, with its ids, on the run's time line; the dropped one is not.
      await sleep(300);
      const records = readMessageRecords(config.messagesFile);
      assert.deepEqual(records.map((r) => [r.k, r.src, r.dest, r.type, r.id]), [['recv', 'n2', 'n1', 'init', 2], ['recv', 'n2', 'n1', 'broadcast', 3]]);
      assert.ok(records.every((r) => r.t > 0 && r.t < 20_000));
    } finally {
      socket.close();
      stopRelay(relay, config, port!, dir);
    }
  });

  it('--latency: holds every message for the node that long before the node reads it', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'relay-latency-'));
    const [port] = await allocateNodePorts(1);
    const stdinCopy = join(dir, 'stdin.txt');
    const latencyMs = 400;
    const config: RelayConfig = {
      node: 'n1',
      listen: { host: '127.0.0.1', port: port! },
      peers: {},
      command: `cat > ${JSON.stringify(stdinCopy)}`,
      nodeLog: join(dir, 'node.log'),
      nodeDir: dir,
      pidFile: join(dir, 'pid'),
      stdinLimitBytes: 1 << 20,
      messagesFile: join(dir, 'messages.jsonl'),
      clockZeroNs: String(process.hrtime.bigint()),
      latencyMs,
      latencyDist: 'constant',
      seed: 1,
    };
    const relay = spawn(process.execPath, [relayScript, JSON.stringify(config)], { stdio: 'ignore' });
    const socket = dgram.createSocket('udp4');
    try {
      for (let i = 0; i < 200 && !existsSync(config.pidFile); i++) await sleep(20);
      await sleep(200);
      const send = (body: object) => new Promise<void>((resolve) => socket.send(JSON.stringify({ src: 'c0', dest: 'n1', body }), port!, '127.0.0.1', () => resolve()));
      const linesNow = () => (existsSync(stdinCopy) ? readFileSync(stdinCopy, 'utf8').split('\n').filter((l) => l !== '') : []);
      const sentAt = performance.now();
      await send({ type: 'init', node_id: 'n1', node_ids: ['n1'], msg_id: 1 });
      await send({ type: 'echo', echo: 'a', msg_id: 2 });
      await send({ type: 'echo', echo: 'b', msg_id: 3 });
      let arrivedMs: number | undefined;
      for (let i = 0; i < 400 && arrivedMs === undefined; i++) {
        if (linesNow().length > 0) arrivedMs = performance.now() - sentAt;
        else await sleep(5);
      }
      assert.ok(arrivedMs !== undefined, 'init reached the node');
      assert.ok(arrivedMs >= latencyMs - 20, `init reached the node after ${arrivedMs.toFixed(0)} ms, not held ${latencyMs} ms`);
      assert.ok(arrivedMs < latencyMs + 1500, `init took ${arrivedMs.toFixed(0)} ms`);
      for (let i = 0; i < 100 && linesNow().length < 3; i++) await sleep(20);
      assert.deepEqual(linesNow().map((l) => (JSON.parse(l) as { body: { msg_id: number } }).body.msg_id), [1, 2, 3], 'constant latency keeps the order');
    } finally {
      socket.close();
      stopRelay(relay, config, port!, dir);
    }
  });
});

describe('maelstrom latency distributions', () => {
  it('draw from the seeded stream: the same seed gives the same delays, with the latency as their mean', () => {
    assert.equal(messageDelay(0, 'uniform', seededRng(1, 'x')), undefined, 'no latency, no timer');
    assert.equal(messageDelay(50, 'constant', seededRng(1, 'x'))!(), 50);
    for (const distribution of ['uniform', 'exponential'] as const) {
      const draws = (seed: number) => Array.from({ length: 4000 }, messageDelay(100, distribution, seededRng(seed, 'maelstrom-latency-n1'))!);
      assert.deepEqual(draws(7), draws(7));
      assert.notDeepEqual(draws(7), draws(8));
      const sample = draws(7);
      const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
      assert.ok(Math.abs(mean - 100) < 10, `${distribution}: mean ${mean}`);
      assert.ok(sample.every((d) => d >= 0 && (distribution === 'exponential' || d < 200)), `${distribution}: in range`);
    }
  });
});
