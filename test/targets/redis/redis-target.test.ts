/**
 * Redis primary + 2 replicas on the netns runtime (root + redis-server; skipped with the
 * reason otherwise): register ops, and a replica cut off from its primary serving a stale
 * read that the linearizability checker flags.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkerByName } from '../../../checkers/registry.js';
import type { HistoryEvent } from '../../../harness/event.js';
import { noFaults, type Logger, type Op, type RunContext } from '../../../harness/interfaces.js';
import { findOnPath, netnsUnavailableReason } from '../../../harness/runtime/netns/availability.js';
import { NetnsRuntime } from '../../../harness/runtime/netns-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';
import { RedisRegisterClient } from '../../../targets/redis/redis-register-client.js';
import { defaultRedisTargetOptions, RedisTarget } from '../../../targets/redis/redis-target.js';

const quietLog: Logger = { info() {}, warn() {}, error: (message, fields) => console.error(message, fields) };
const spec: TestSpec = {
  name: 'redis-test', nodes: ['n1', 'n2', 'n3'], target: 'redis', targetOptions: {}, workload: 'register', nemesis: [], runtime: 'netns',
  concurrency: 2, timeLimitMs: 1000, rateHz: 10, nemesisIntervalMs: 1000, opTimeoutMs: 1000, seed: 1, checkers: ['linearizable'], command: '',
};

describe('redis target on the netns runtime', function () {
  this.timeout(60_000);
  const unavailable = netnsUnavailableReason() ?? (findOnPath(defaultRedisTargetOptions.binary) === undefined ? 'redis-server is not installed (apt-get install redis-server)' : undefined);
  let run: RunContext | undefined;
  let target: RedisTarget | undefined;
  let dir: string | undefined;
  before(async function () {
    if (unavailable !== undefined) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'redis-test-'));
    const runtime = new NetnsRuntime({ runDir: dir });
    run = { spec, runtime, log: quietLog, dir, signal: new AbortController().signal, startNs: process.hrtime.bigint() };
    await runtime.setup(spec, quietLog);
    target = new RedisTarget();
    for (const node of spec.nodes) await target.setup(run, node);
  });
  after(async () => {
    if (run !== undefined) {
      for (const node of spec.nodes) await target?.teardown(run, node).catch(() => {});
      await run.runtime.teardown();
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('writes and cas go to the primary; a replica cut off from it serves a stale read, which is flagged', async () => {
    const onPrimary = new RedisRegisterClient(spec.opTimeoutMs);
    const onReplica = new RedisRegisterClient(spec.opTimeoutMs);
    await onPrimary.open(run!, 'n1');
    await onReplica.open(run!, 'n2');
    const history: HistoryEvent[] = [];
    const call = async (process: number, client: RedisRegisterClient, op: Op) => {
      history.push({ index: history.length, timeNs: history.length, process, type: 'invoke', f: op.f, value: op.value });
      const completion = await client.invoke(run!, op);
      history.push({ index: history.length, timeNs: history.length, process, type: completion.type, f: op.f, value: completion.value, ...(completion.error === undefined ? {} : { error: completion.error }) });
      return completion;
    };
    assert.equal((await call(0, onPrimary, { f: 'cas', value: ['k', [null, 1]] })).type, 'ok');
    assert.equal((await call(0, onPrimary, { f: 'cas', value: ['k', [5, 2]] })).type, 'fail');
    assert.equal((await call(1, onReplica, { f: 'write', value: ['k', 3] })).type, 'ok', 'the replica client writes through the primary');
    // Replication is asynchronous: wait until the replica has it, then cut it off.
    let read;
    // Polled for up to 10 s: on a loaded machine the replica can take far longer than 50 quick reads.
    for (let attempt = 0; attempt < 200 && (read?.type !== 'ok' || (read.value as unknown[])[1] !== 3); attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      read = await onReplica.invoke(run!, { f: 'read', value: ['k', null] });
    }
    assert.deepEqual(read, { type: 'ok', value: ['k', 3] });
    await run!.runtime.setNetworkFaults({ ...noFaults(), blocked: { n1: ['n2'], n2: ['n1'] } });
    try {
      assert.equal((await call(0, onPrimary, { f: 'write', value: ['k', 4] })).type, 'ok');
      const stale = await call(1, onReplica, { f: 'read', value: ['k', null] });
      assert.deepEqual(stale, { type: 'ok', value: ['k', 3] }, 'the cut-off replica still answers with what it had');
    } finally {
      await run!.runtime.setNetworkFaults(noFaults());
    }
    const result = checkerByName('linearizable')(spec, history, {});
    assert.equal(result.valid, false, JSON.stringify(result).slice(0, 500));
    await onPrimary.close();
    await onReplica.close();
  });
});
