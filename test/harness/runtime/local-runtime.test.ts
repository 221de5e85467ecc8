import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Address, Logger, NodeProcess } from '../../../harness/interfaces.js';
import { noFaults } from '../../../harness/interfaces.js';
import { LocalRuntime } from '../../../harness/runtime/local-runtime.js';
import { createRuntime } from '../../../harness/runtime/registry.js';
import type { TestSpec } from '../../../harness/spec.js';
import { sleep, UdpTestClient } from './udp-test-client.js';

const echoServer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'udp-echo-server.js');

const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };

function spec(nodes: string[]): TestSpec {
  return {
    name: 'local-runtime-test',
    nodes,
    target: 'none',
    targetOptions: {},
    workload: 'none',
    nemesis: [],
    runtime: 'local',
    concurrency: 1,
    timeLimitMs: 1000,
    rateHz: 1,
    nemesisIntervalMs: 1000,
    opTimeoutMs: 100,
    seed: 1,
    checkers: [],
    command: 'test',
  };
}

/** True while a process with this pid exists and is not a zombie (dead, not yet reaped by its parent). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; state Z = zombie.
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false; // gone between the two checks
  }
}

/** Ask until the node answers (it may still be starting). */
async function waitUntilServing(client: UdpTestClient, to: Address): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const reply = await client.request(to, 'ping', 50);
    if (reply !== undefined) return reply;
  }
  throw new Error(`no answer from ${to.host}:${to.port}`);
}

describe('harness/runtime/local-runtime', function () {
  this.timeout(20_000);
  let dir: string;
  const runtimes: LocalRuntime[] = [];
  const clients: UdpTestClient[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-runtime-'));
  });
  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.teardown();
    for (const client of clients.splice(0)) await client.close();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function started(nodes: string[]) {
    const runtime = new LocalRuntime();
    runtimes.push(runtime);
    await runtime.setup(spec(nodes), quietLog);
    const client = await UdpTestClient.open();
    clients.push(client);
    const processes: Record<string, NodeProcess> = {};
    for (const node of nodes) {
      processes[node] = await runtime.spawn(node, echoServer, [String(runtime.listenAddress(node).port)], { logFile: path.join(dir, node, 'node.log') });
    }
    for (const node of nodes) await waitUntilServing(client, runtime.addressOf('client', node));
    return { runtime, client, processes };
  }

  it('is what the registry gives for runtime "local"', () => {
    assert.ok(createRuntime(spec(['n1']), dir) instanceof LocalRuntime);
    assert.throws(() => createRuntime({ ...spec(['n1']), runtime: 'nonesuch' as never }, dir), /unknown runtime 'nonesuch'/);
  });

  it('gives every node its own ports and every directed link its own proxy port', async () => {
    const runtime = new LocalRuntime({ portsPerNode: 2 });
    runtimes.push(runtime);
    await runtime.setup(spec(['n1', 'n2', 'n3']), quietLog);
    const ports = new Set<number>();
    for (const node of ['n1', 'n2', 'n3']) {
      for (const k of [0, 1]) ports.add(runtime.listenAddress(node, k).port);
    }
    for (const from of ['client', 'n1', 'n2', 'n3']) {
      for (const to of ['n1', 'n2', 'n3']) {
        for (const k of [0, 1]) {
          if (from !== to) ports.add(runtime.addressOf(from, to, k).port);
        }
      }
    }
    assert.equal(ports.size, 3 * 2 + (3 + 3 * 2) * 2, 'all distinct: 6 node ports, 9 links x 2 ports');
    assert.deepEqual(runtime.addressOf('n2', 'n2', 1), runtime.listenAddress('n2', 1), 'a node reaches itself directly');
    assert.throws(() => runtime.listenAddress('n1', 2), /ports 0\.\.1/);
    assert.throws(() => runtime.addressOf('client', 'n9'), /no link client -> n9/);
    await assert.rejects(runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n7'] } }), /unknown link end 'n7'/);
  });

  it('spawns node processes and routes client traffic through the link proxy', async () => {
    const { runtime, client, processes } = await started(['n1']);
    const reply = await client.request(runtime.addressOf('client', 'n1'), 'hello', 1000);
    assert.equal(reply, `${processes.n1!.pid}:hello`);
    const stats = runtime.linkStats().find((s) => s.link === 'client->n1:0')!;
    assert.ok(stats.request.forwarded >= 1 && stats.reply.forwarded >= 1);
    assert.match(fs.readFileSync(path.join(dir, 'n1', 'node.log'), 'utf8'), /listening on \d+/, 'stdout goes to the node log');
  });

  it('applies blocked and loss per direction: the reply of from->to obeys the faults on to->from', async () => {
    const { runtime, client } = await started(['n1']);
    const toN1 = runtime.addressOf('client', 'n1');
    const stats = () => runtime.linkStats().find((s) => s.link === 'client->n1:0')!;

    await runtime.setNetworkFaults({ ...noFaults(), blocked: { client: ['n1'] } });
    assert.equal(await client.request(toN1, 'a', 100), undefined);
    assert.equal(stats().request.dropped, 1);

    await runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['client'] } });
    const forwardedBefore = stats().request.forwarded;
    assert.equal(await client.request(toN1, 'b', 100), undefined);
    assert.equal(stats().request.forwarded, forwardedBefore + 1, 'the request got through');
    assert.equal(stats().reply.dropped, 1, 'its reply did not');

    await runtime.setNetworkFaults({ ...noFaults(), loss: { n1: { client: 1 } } });
    assert.equal(await client.request(toN1, 'c', 100), undefined);
    assert.equal(stats().reply.dropped, 2);

    await runtime.setNetworkFaults(noFaults());
    assert.match((await client.request(toN1, 'healed', 1000)) ?? '', /:healed$/);
  });

  it('proxies node-to-node links, each with its own faults', async () => {
    const { runtime } = await started(['n1', 'n2']);
    // Play n1 sending to n2 (a real node would use addressOf('n1', 'n2') the same way).
    const n1 = await UdpTestClient.open();
    clients.push(n1);
    assert.match((await n1.request(runtime.addressOf('n1', 'n2'), 'x', 1000)) ?? '', /:x$/);
    await runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n2'] } });
    assert.equal(await n1.request(runtime.addressOf('n1', 'n2'), 'y', 100), undefined);
    const client = await UdpTestClient.open();
    clients.push(client);
    assert.match((await client.request(runtime.addressOf('client', 'n2'), 'z', 1000)) ?? '', /:z$/, 'client -> n2 unaffected');
  });

  it('pauses (SIGSTOP) and resumes (SIGCONT) a node; kill ends it', async () => {
    const { runtime, client, processes } = await started(['n1']);
    const toN1 = runtime.addressOf('client', 'n1');
    processes.n1!.pause();
    assert.equal(await client.request(toN1, 'while-paused', 200), undefined);
    processes.n1!.resume();
    assert.ok(await client.waitFor(client.received.length + 1, 2000), 'the datagram queued while paused is answered');
    processes.n1!.kill('SIGKILL');
    const exit = await processes.n1!.exited;
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(pidAlive(processes.n1!.pid), false);
    assert.deepEqual(runtime.livePids(), []);
  });

  it('teardown leaves no process behind, paused ones included', async () => {
    const { runtime, processes } = await started(['n1', 'n2', 'n3']);
    const pids = Object.values(processes).map((p) => p.pid);
    processes.n2!.pause();
    assert.ok(pids.every(pidAlive));
    await runtime.teardown();
    assert.deepEqual(pids.filter(pidAlive), [], 'pids gone after teardown');
    assert.deepEqual(runtime.livePids(), []);
    await runtime.teardown(); // twice is fine
  });

  it('teardown leaves no process behind after a test body that throws', async () => {
    const runtime = new LocalRuntime();
    let pids: number[] = [];
    await assert.rejects(
      (async () => {
        try {
          await runtime.setup(spec(['n1', 'n2']), quietLog);
          for (const node of ['n1', 'n2']) {
            const p = await runtime.spawn(node, echoServer, [String(runtime.listenAddress(node).port)], { logFile: path.join(dir, `throw-${node}.log`) });
            pids.push(p.pid);
          }
          throw new Error('boom in the middle of a run');
        } finally {
          await runtime.teardown();
        }
      })(),
      /boom/,
    );
    assert.equal(pids.length, 2);
    assert.deepEqual(pids.filter(pidAlive), []);
  });

  it('node processes die with the harness even when it is killed with SIGKILL (setpriv --pdeathsig)', async function () {
    if (!fs.existsSync('/usr/bin/setpriv') && !fs.existsSync('/bin/setpriv')) this.skip();
    const holder = execa(process.execPath, [path.join(path.dirname(echoServer), 'local-runtime-holder.js'), dir], { reject: false, stderr: 'inherit' });
    try {
      const nodePid = await new Promise<number>((resolve, reject) => {
        holder.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        void holder.then((result) => reject(new Error(`holder exited early: ${result.exitCode}`)));
      });
      assert.ok(pidAlive(nodePid), 'the node runs while its harness does');
      holder.kill('SIGKILL');
      await holder;
      for (let i = 0; i < 100 && pidAlive(nodePid); i++) await sleep(20);
      assert.equal(pidAlive(nodePid), false, `node ${nodePid} outlived its SIGKILLed harness`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('keeps a node port reserved across a crash so the restarted node gets it back', async () => {
    const { runtime, client, processes } = await started(['n1']);
    const port = runtime.listenAddress('n1').port;
    processes.n1!.kill('SIGKILL');
    await processes.n1!.exited;
    await sleep(50);
    const again = await runtime.spawn('n1', echoServer, [String(port)], { logFile: path.join(dir, 'n1', 'node.log') });
    const reply = await waitUntilServing(client, runtime.addressOf('client', 'n1'));
    assert.match(reply, new RegExp(`^${again.pid}:`), 'the new process answers through the same proxy');
  });
});
