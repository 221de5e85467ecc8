/**
 * etcd on the local runtime (no root needed; etcd installed, else skipped): members listen
 * on 127.0.0.1 ports and peers talk directly (the UDP proxies cannot carry TCP), so it runs
 * there with crash and pause only; partition and drop are refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger, RunContext } from '../../../harness/interfaces.js';
import { LocalRuntime } from '../../../harness/runtime/local-runtime.js';
import { findOnPath } from '../../../harness/runtime/netns/availability.js';
import type { TestSpec } from '../../../harness/spec.js';
import { etcdTargetDefinition } from '../../../targets/etcd/definition.js';
import { EtcdRegisterClient } from '../../../targets/etcd/etcd-register-client.js';
import { defaultEtcdTargetOptions, EtcdTarget } from '../../../targets/etcd/etcd-target.js';

const quietLog: Logger = { info() {}, warn() {}, error: (message, fields) => console.error(message, fields) };
const spec: TestSpec = {
  name: 'etcd-local-test', nodes: ['n1', 'n2', 'n3'], target: 'etcd', targetOptions: {}, workload: 'register', nemesis: ['crash', 'pause'], runtime: 'local',
  concurrency: 3, timeLimitMs: 1000, rateHz: 10, nemesisIntervalMs: 1000, opTimeoutMs: 2000, seed: 1, checkers: [], command: '',
};

describe('etcd target on the local runtime', function () {
  this.timeout(60_000);
  const unavailable = findOnPath(defaultEtcdTargetOptions.binary) === undefined ? 'etcd is not installed (apt-get install etcd-server)' : undefined;
  let run: RunContext | undefined;
  const target = new EtcdTarget();
  let dir: string | undefined;
  before(async function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'etcd-local-test-'));
    const runtime = new LocalRuntime();
    run = { spec, runtime, log: quietLog, dir, signal: new AbortController().signal, startNs: process.hrtime.bigint() };
    await runtime.setup(spec, quietLog);
    await Promise.all(spec.nodes.map((node) => target.setup(run!, node)));
  });
  after(async () => {
    if (run !== undefined) {
      for (const node of spec.nodes) await target.teardown(run, node).catch(() => {});
      await run.runtime.teardown();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('forms a cluster on 127.0.0.1 and survives a paused member', async () => {
    const [c1, c2] = await Promise.all(['n1', 'n2'].map(async (node) => {
      const client = new EtcdRegisterClient(spec.opTimeoutMs);
      await client.open(run!, node);
      return client;
    }));
    assert.deepEqual(await c1!.invoke(run!, { f: 'write', value: ['k', 5] }), { type: 'ok', value: ['k', 5] });
    assert.deepEqual(await c2!.invoke(run!, { f: 'read', value: ['k', null] }), { type: 'ok', value: ['k', 5] });
    await target.pause(run!, 'n3');
    try {
      let write;
      for (let attempt = 0; attempt < 5 && write?.type !== 'ok'; attempt++) write = await c1!.invoke(run!, { f: 'cas', value: ['k', [5, 6]] });
      assert.equal(write?.type, 'ok', 'two of three members are a quorum');
    } finally {
      await target.resume(run!, 'n3');
    }
  });

  // Refusing partition, drop and partition-primary on local before the run starts is the
  // runtime registry's job now: test/harness/runtime/runtime-abilities.test.ts.
});
