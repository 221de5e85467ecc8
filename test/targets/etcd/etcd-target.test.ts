/**
 * A real 3-member etcd cluster on the netns runtime (root + etcd installed; skipped with the
 * reason otherwise): register operations through the gateway, a partitioned member, a
 * killed and restarted member.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noFaults, type Logger, type RunContext } from '../../../harness/interfaces.js';
import { findOnPath, netnsUnavailableReason } from '../../../harness/runtime/netns/availability.js';
import { NetnsRuntime } from '../../../harness/runtime/netns-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';
import { EtcdRegisterClient } from '../../../targets/etcd/etcd-register-client.js';
import { defaultEtcdTargetOptions, EtcdTarget } from '../../../targets/etcd/etcd-target.js';

/** Errors are printed: a teardown that leaves something behind says so. */
const quietLog: Logger = { info() {}, warn() {}, error: (message, fields) => console.error(message, fields) };

const spec: TestSpec = {
  name: 'etcd-test', nodes: ['n1', 'n2', 'n3'], target: 'etcd', targetOptions: {}, workload: 'register', nemesis: [], runtime: 'netns',
  concurrency: 3, timeLimitMs: 1000, rateHz: 10, nemesisIntervalMs: 1000, opTimeoutMs: 2000, seed: 1, checkers: [], command: '',
};

describe('etcd target on the netns runtime', function () {
  this.timeout(90_000);
  const unavailable = netnsUnavailableReason() ?? (findOnPath(defaultEtcdTargetOptions.binary) === undefined ? 'etcd is not installed (apt-get install etcd-server)' : undefined);
  let run: RunContext | undefined;
  let target: EtcdTarget | undefined;
  let dir: string | undefined;
  before(async function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'etcd-test-'));
    const runtime = new NetnsRuntime({ runDir: dir });
    run = { spec, runtime, log: quietLog, dir, signal: new AbortController().signal, startNs: process.hrtime.bigint() };
    await runtime.setup(spec, quietLog);
    target = new EtcdTarget();
    const t = target;
    const r = run;
    await Promise.all(spec.nodes.map((node) => t.setup(r, node)));
  });
  after(async () => {
    if (run !== undefined) {
      for (const node of spec.nodes) await target?.teardown(run, node).catch(() => {});
      await run.runtime.teardown();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  const clientOn = async (node: string): Promise<EtcdRegisterClient> => {
    const client = new EtcdRegisterClient(spec.opTimeoutMs);
    await client.open(run!, node);
    return client;
  };

  it('reads, writes and compares-and-sets through the v3 JSON gateway on every member', async () => {
    const [c1, c2, c3] = await Promise.all(spec.nodes.map(clientOn));
    assert.deepEqual(await c1!.invoke(run!, { f: 'read', value: ['k0', null] }), { type: 'ok', value: ['k0', null] });
    assert.equal((await c1!.invoke(run!, { f: 'cas', value: ['k0', [null, 1]] })).type, 'ok', 'cas from an absent key');
    assert.deepEqual(await c2!.invoke(run!, { f: 'read', value: ['k0', null] }), { type: 'ok', value: ['k0', 1] });
    assert.deepEqual(await c3!.invoke(run!, { f: 'cas', value: ['k0', [1, 2]] }), { type: 'ok', value: ['k0', [1, 2]] });
    assert.equal((await c1!.invoke(run!, { f: 'cas', value: ['k0', [1, 3]] })).type, 'fail', 'comparison no longer holds');
    assert.deepEqual(await c2!.invoke(run!, { f: 'write', value: ['k0', 4] }), { type: 'ok', value: ['k0', 4] });
    assert.deepEqual(await c1!.invoke(run!, { f: 'read', value: ['k0', null] }), { type: 'ok', value: ['k0', 4] });
  });

  it('an isolated member cannot serve a linearizable read; the majority still writes', async () => {
    await run!.runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } });
    try {
      const isolated = new EtcdRegisterClient(1500);
      await isolated.open(run!, 'n1');
      // Wait out the election timeout, so a formerly leading n1 has noticed it lost its quorum.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const [read, write] = await Promise.all([
        isolated.invoke(run!, { f: 'read', value: ['k1', null] }),
        (async () => {
          const majority = await clientOn('n2');
          for (let attempt = 0; attempt < 10; attempt++) {
            const completion = await majority.invoke(run!, { f: 'write', value: ['k1', 7] });
            if (completion.type === 'ok') return completion;
          }
          return undefined;
        })(),
      ]);
      assert.equal(read.type, 'fail', `isolated read: ${JSON.stringify(read)}`);
      assert.equal(write?.type, 'ok');
    } finally {
      await run!.runtime.setNetworkFaults(noFaults());
    }
  });

  it('names its raft leader (Target.primary); once the leader is paused, the others elect and name another', async () => {
    const leader = await target!.primary(run!);
    assert.ok(leader !== undefined && spec.nodes.includes(leader), `leader ${leader}`);
    await target!.pause(run!, leader);
    try {
      let next: string | undefined = leader;
      for (let attempt = 0; attempt < 40 && (next === leader || next === undefined); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        next = await target!.primary(run!);
      }
      assert.ok(next !== undefined && next !== leader && spec.nodes.includes(next), `after pausing ${leader}: ${next}`);
    } finally {
      await target!.resume(run!, leader);
    }
  });

  it('a killed member restarts from its data dir and catches up', async () => {
    await target!.kill(run!, 'n3');
    const c1 = await clientOn('n1');
    const refused = await (await clientOn('n3')).invoke(run!, { f: 'write', value: ['k2', 1] });
    assert.equal(refused.type, 'fail', 'connection refused: surely not applied');
    // The killed member may have been the leader: a write may time out (info) until a new one is elected.
    let write;
    for (let attempt = 0; attempt < 5 && write?.type !== 'ok'; attempt++) write = await c1.invoke(run!, { f: 'write', value: ['k2', 9] });
    assert.equal(write?.type, 'ok', JSON.stringify(write));
    await target!.start!(run!, 'n3');
    const c3 = await clientOn('n3');
    let read;
    for (let attempt = 0; attempt < 20; attempt++) {
      read = await c3.invoke(run!, { f: 'read', value: ['k2', null] });
      if (read.type === 'ok') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.deepEqual(read, { type: 'ok', value: ['k2', 9] });
  });
});
