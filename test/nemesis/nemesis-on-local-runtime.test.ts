/**
 * The nemesis against real processes on the local runtime: a small echo target (one UDP echo
 * process per node), the seeded schedule played at its times, a client pinging every node
 * through the proxies. Afterwards every node answers again and teardown leaves no process.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger, NodeProcess, RunContext, Target } from '../../harness/interfaces.js';
import { LocalRuntime } from '../../harness/runtime/local-runtime.js';
import type { TestSpec } from '../../harness/spec.js';
import { createNemesisPlan } from '../../nemesis/registry.js';
import { sleep, UdpTestClient } from '../harness/runtime/udp-test-client.js';

const echoServer = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'runtime', 'fixtures', 'udp-echo-server.js');

/** One echo process per node; kill/start/pause/resume as a real target would do them. */
class EchoTarget implements Target {
  readonly processes = new Map<string, NodeProcess>();
  readonly everPids: number[] = [];
  async setup(run: RunContext, node: string) {
    await this.start(run, node);
  }
  async teardown(run: RunContext, node: string) {
    await this.kill(run, node);
  }
  async start(run: RunContext, node: string) {
    const listen = run.runtime.listenAddress(node);
    const p = await run.runtime.spawn(node, echoServer, [String(listen.port)], { logFile: path.join(run.dir, node, 'echo.log') });
    this.processes.set(node, p);
    this.everPids.push(p.pid);
    const probe = await UdpTestClient.open();
    try {
      for (let i = 0; i < 200; i++) if ((await probe.request(listen, 'health', 25)) !== undefined) return;
      throw new Error(`${node} did not come up`);
    } finally {
      await probe.close();
    }
  }
  async kill(_run: RunContext, node: string) {
    const p = this.processes.get(node);
    this.processes.delete(node);
    if (p === undefined) return;
    p.kill('SIGKILL');
    await p.exited;
  }
  async pause(_run: RunContext, node: string) {
    this.processes.get(node)?.pause();
  }
  async resume(_run: RunContext, node: string) {
    this.processes.get(node)?.resume();
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('nemesis on the local runtime (real processes)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nemesis-local-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('plays partition, drop, crash and pause, records each start and stop, and leaves every node healthy', async () => {
    const nodes = ['n1', 'n2', 'n3'];
    const spec: TestSpec = {
      name: 'nemesis-local',
      nodes,
      target: 'echo',
      targetOptions: {},
      workload: 'none',
      nemesis: ['partition', 'drop', 'crash', 'pause'],
      runtime: 'local',
      concurrency: 1,
      timeLimitMs: 3000,
      rateHz: 1,
      nemesisIntervalMs: 500,
      opTimeoutMs: 100,
      seed: 11,
      checkers: [],
      command: 'test',
    };
    const warnings: string[] = [];
    const log: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: (m) => void warnings.push(m) };
    const runtime = new LocalRuntime();
    const target = new EchoTarget();
    const run: RunContext = { spec, runtime, log, dir, signal: new AbortController().signal, startNs: process.hrtime.bigint() };
    const client = await UdpTestClient.open();
    const events: Array<{ f: string; value: unknown; error?: string }> = [];
    try {
      await runtime.setup(spec, log);
      for (const node of nodes) await target.setup(run, node);
      const plan = createNemesisPlan(spec, target, log);
      const kinds = new Set(plan.schedule.map((s) => s.op.f));
      for (const f of ['start-partition', 'start-drop', 'start-crash', 'start-pause']) assert.ok(kinds.has(f), `the schedule has ${f}`);

      await plan.nemesis.setup(run);
      let pinging = true;
      let pings = 0;
      const pinger = (async () => {
        while (pinging) {
          for (const node of nodes) await client.send(runtime.addressOf('client', node), `ping${pings++}`);
          await sleep(10);
        }
      })();
      const startMs = performance.now();
      try {
        for (const step of plan.schedule) {
          const waitMs = startMs + step.atMs - performance.now();
          if (waitMs > 0) await sleep(waitMs);
          const completion = await plan.nemesis.invoke(run, step.op);
          events.push({ f: step.op.f, value: completion.value, ...(completion.error === undefined ? {} : { error: completion.error }) });
        }
      } finally {
        await plan.nemesis.teardown(run);
        pinging = false;
        await pinger;
      }
      assert.deepEqual(events.filter((e) => e.error !== undefined), [], 'no step failed');
      assert.equal(events.length, plan.schedule.length);
      assert.ok(client.received.length < pings, `faults cost some replies (${client.received.length} of ${pings})`);
      assert.ok(target.everPids.length > nodes.length, 'crash restarted at least one node');

      // Healed: every node answers through its client link again (a fresh socket: no late ping replies).
      const fresh = await UdpTestClient.open();
      for (const node of nodes) {
        const reply = await fresh.request(runtime.addressOf('client', node), `after-${node}`, 1000);
        assert.match(reply ?? '', new RegExp(`^${target.processes.get(node)!.pid}:after-${node}$`), `${node} answers after heal`);
      }
      await fresh.close();
    } finally {
      await client.close();
      await runtime.teardown();
    }
    assert.deepEqual(target.everPids.filter(pidAlive), [], 'no process left after teardown');
  });
});
