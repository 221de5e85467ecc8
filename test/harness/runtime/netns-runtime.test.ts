/**
 * The netns runtime on the real kernel (root only; skipped with the reason otherwise):
 * reachability, partitions, pause, and that teardown and `harness cleanup` after a SIGKILLed
 * run leave no namespace, link, iptables rule or process behind.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { noFaults, type Logger } from '../../../harness/interfaces.js';
import { netnsUnavailableReason } from '../../../harness/runtime/netns/availability.js';
import { cleanupStore, leftoversOf } from '../../../harness/runtime/netns/cleanup.js';
import { readRunRecord, runRecordPath } from '../../../harness/runtime/netns/run-record.js';
import { NetnsRuntime } from '../../../harness/runtime/netns-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const quietLog: Logger = { info() {}, warn() {}, error() {} };

export function netnsTestSpec(nodes: string[]): TestSpec {
  return {
    name: 'netns-test', nodes, target: 'none', targetOptions: {}, workload: 'none', nemesis: [], runtime: 'netns',
    concurrency: 1, timeLimitMs: 1000, rateHz: 1, nemesisIntervalMs: 1000, opTimeoutMs: 1000, seed: 1, checkers: [], command: '',
  };
}

/** A UDP echo server: what a node answers tells the test the node was reached. */
const echoServer = (host: string, port: number): string[] => [
  '-e',
  `const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('${host}:'+m,r.port,r.address));s.bind(${port},'${host}')`,
];

/** Send one datagram from the root namespace; resolve the reply, or undefined after timeoutMs. */
function ask(host: string, port: number, message: string, timeoutMs = 400): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => { socket.close(); resolve(undefined); }, timeoutMs);
    socket.on('message', (reply) => { clearTimeout(timer); socket.close(); resolve(reply.toString()); });
    socket.send(message, port, host);
  });
}

/** Send from inside a node's namespace (node -> node traffic). */
function askFrom(namespace: string, host: string, port: number): string | undefined {
  const script = `const s=require('dgram').createSocket('udp4');const t=setTimeout(()=>process.exit(3),400);s.on('message',m=>{process.stdout.write(m.toString());process.exit(0)});s.send('x',${port},'${host}')`;
  try {
    return execFileSync('ip', ['netns', 'exec', namespace, process.execPath, '-e', script], { encoding: 'utf8', timeout: 5000 });
  } catch {
    return undefined;
  }
}

/** Ask until an answer comes (servers need a moment to bind). */
async function askUntilAnswered(host: string, port: number, attempts = 25): Promise<string | undefined> {
  for (let i = 0; i < attempts; i++) {
    const reply = await ask(host, port, 'ping', 200);
    if (reply !== undefined) return reply;
  }
  return undefined;
}

const rootFirewall = (): string => execFileSync('iptables-save', { encoding: 'utf8' }).replace(/^#.*$/gm, '');

describe('netns runtime (root, ip, iptables)', function () {
  const unavailable = netnsUnavailableReason();
  before(function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
  });
  this.timeout(60_000);
  const dirs: string[] = [];
  const runtimes: NetnsRuntime[] = [];
  const helpers: ChildProcess[] = [];
  after(async () => {
    for (const helper of helpers) if (helper.exitCode === null && helper.signalCode === null) helper.kill('SIGKILL');
    for (const runtime of runtimes) await runtime.teardown();
    // Also what a failed test's helper process left: its record is in one of these folders.
    for (const dir of dirs) {
      await cleanupStore(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const newRunDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'netns-test-'));
    dirs.push(dir);
    return dir;
  };

  it('reaches every node from the root namespace and applies partitions, loss 1 and pause; teardown leaves nothing', async () => {
    const firewallBefore = rootFirewall();
    const runDir = newRunDir();
    const runtime = new NetnsRuntime({ runDir });
    runtimes.push(runtime);
    await runtime.setup(netnsTestSpec(['n1', 'n2', 'n3']), quietLog);
    const layout = runtime.currentLayout!;
    assert.equal((await readRunRecord(runRecordPath(runDir))).layout.prefix, layout.prefix);
    const processes = [];
    for (const node of ['n1', 'n2', 'n3']) {
      const { host, port } = runtime.listenAddress(node);
      processes.push(await runtime.spawn(node, process.execPath, echoServer(host, port), { logFile: path.join(runDir, 'nodes', node, 'log') }));
    }
    // The pid signalled is the server itself, inside its namespace.
    for (const [i, p] of processes.entries()) {
      assert.equal(execFileSync('ip', ['netns', 'identify', String(p.pid)], { encoding: 'utf8' }).trim(), layout.nodes[i]!.namespace);
      assert.equal(execFileSync('cat', [`/proc/${p.pid}/comm`], { encoding: 'utf8' }).trim(), 'node');
    }
    const n1 = runtime.addressOf('client', 'n1');
    const n2 = runtime.addressOf('client', 'n2');
    assert.equal(await askUntilAnswered(n1.host, n1.port), `${n1.host}:ping`);
    assert.equal(await askUntilAnswered(n2.host, n2.port), `${n2.host}:ping`);
    assert.equal(askFrom(layout.nodes[1]!.namespace, n1.host, n1.port), `${n1.host}:x`);

    await runtime.setNetworkFaults({ ...noFaults(), blocked: { client: ['n1'], n2: ['n1'] }, loss: { n3: { client: 1 } } });
    assert.equal(await ask(n1.host, n1.port, 'ping'), undefined, 'client -> n1 is cut');
    assert.equal(await ask(n2.host, n2.port, 'ping'), `${n2.host}:ping`, 'client -> n2 still works');
    const n3 = runtime.addressOf('client', 'n3');
    assert.equal(await ask(n3.host, n3.port, 'ping'), undefined, 'n3 -> client loses every reply');
    assert.equal(askFrom(layout.nodes[1]!.namespace, n1.host, n1.port), undefined, 'n2 -> n1 is cut');
    assert.equal(askFrom(layout.nodes[2]!.namespace, n1.host, n1.port), `${n1.host}:x`, 'n3 -> n1 still works');

    await runtime.setNetworkFaults(noFaults());
    assert.equal(await ask(n1.host, n1.port, 'ping'), `${n1.host}:ping`, 'healed');
    processes[0]!.pause();
    assert.equal(await ask(n1.host, n1.port, 'ping'), undefined, 'paused node does not answer');
    processes[0]!.resume();
    assert.equal(await askUntilAnswered(n1.host, n1.port), `${n1.host}:ping`, 'resumed node answers');
    processes[1]!.kill('SIGKILL');
    assert.equal((await processes[1]!.exited).signal, 'SIGKILL');

    const pids = processes.map((p) => p.pid);
    await runtime.teardown();
    assert.deepEqual(await leftoversOf(layout, pids), { namespaces: [], links: [], pids: [], routes: [] });
    assert.equal((await readRunRecord(runRecordPath(runDir))).state, 'removed');
    assert.equal(rootFirewall(), firewallBefore, 'host firewall untouched');
    await runtime.teardown(); // twice is fine
  });

  it('after a run killed with SIGKILL, `harness cleanup --store DIR` removes what it left', async () => {
    const store = newRunDir();
    const runDir = path.join(store, 'netns-test', 'run-1');
    // A harness process that sets up, starts servers, reports, then waits to be killed.
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist/test/harness/runtime/netns-orphan-run.js'), runDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    helpers.push(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let pids: number[];
    try {
      const ready = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`orphan run exited ${code} before it was ready`)));
      });
      pids = (JSON.parse(ready) as { pids: number[] }).pids;
      // While its harness lives, the run is in progress: cleanup leaves it alone.
      const during = execFileSync(process.execPath, [path.join(repoRoot, 'bin/harness.js'), 'cleanup', '--store', store], { encoding: 'utf8', timeout: 30_000 });
      assert.match(during, /skipped, run in progress/);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    const record = await readRunRecord(runRecordPath(runDir));
    const left = await leftoversOf(record.layout, pids);
    assert.equal(left.namespaces.length, 4, 'the killed run left its namespaces');
    assert.equal(left.pids.length, 2, 'and its servers');
    // A new run in that store says so and names harness cleanup.
    const noopRun = ['test', '--target', 'noop', '--nemesis', 'none', '--time-limit', '0.1', '--store', store];
    const warned = spawnSync(process.execPath, [path.join(repoRoot, 'bin/harness.js'), ...noopRun], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(warned.status, 0, warned.stderr);
    assert.match(warned.stderr, new RegExp(`warning: a killed run \\(${runDir}\\) left namespaces ${left.namespaces[0]}.* and processes ${pids.join(' ')}: remove them with \`harness cleanup --store ${store}\``));

    const output = execFileSync(process.execPath, [path.join(repoRoot, 'bin/harness.js'), 'cleanup', '--store', store], { encoding: 'utf8', timeout: 30_000 });
    assert.match(output, /removed namespaces/);
    assert.deepEqual(await leftoversOf(record.layout, pids), { namespaces: [], links: [], pids: [], routes: [] });
    assert.equal((await readRunRecord(runRecordPath(runDir))).state, 'removed');
    const quiet = spawnSync(process.execPath, [path.join(repoRoot, 'bin/harness.js'), ...noopRun], { encoding: 'utf8', timeout: 30_000 });
    assert.doesNotMatch(quiet.stderr, /killed run/, 'nothing left: no warning');
    const again = execFileSync(process.execPath, [path.join(repoRoot, 'bin/harness.js'), 'cleanup', '--store', store], { encoding: 'utf8', timeout: 30_000 });
    assert.match(again, /no active netns runs/);
  });
});
