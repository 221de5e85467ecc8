import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkExactlyOnce } from '../../../checkers/exactly-once.js';
import type { HistoryEvent } from '../../../harness/event.js';
import { noFaults, type Completion, type Logger, type Op, type RunContext } from '../../../harness/interfaces.js';
import { LocalRuntime } from '../../../harness/runtime/local-runtime.js';
import type { TestSpec } from '../../../harness/spec.js';
import { rpcTargetDefinition } from '../../../targets/rpc/definition.js';
import type { LedgerClient, LedgerReadValue } from '../../../targets/rpc/ledger-client.js';
import type { Semantics } from '../../../targets/rpc/protocol.js';
import type { RpcTarget } from '../../../targets/rpc/rpc-target.js';

const quietLog: Logger = { info() {}, warn() {}, error() {} };

function specFor(semantics: Semantics, opTimeoutMs: number): TestSpec {
  return {
    name: 'rpc-target-test',
    nodes: ['n1'],
    target: 'rpc',
    targetOptions: { semantics, processingMs: 1, retryIntervalMs: 20 },
    workload: 'ledger',
    nemesis: [],
    runtime: 'local',
    concurrency: 1,
    timeLimitMs: 1000,
    rateHz: 0,
    nemesisIntervalMs: 1000,
    opTimeoutMs,
    seed: 7,
    checkers: ['exactly-once'],
    command: 'test',
  };
}

/** One target on the local runtime (real UDP proxy on the client link), torn down after each test. */
class Fixture {
  readonly runtime = new LocalRuntime();
  readonly dir = mkdtempSync(join(tmpdir(), 'rpc-target-test-'));
  readonly abort = new AbortController();
  readonly run: RunContext;
  readonly target: RpcTarget;
  readonly history: HistoryEvent[] = [];
  private readonly clients: LedgerClient[] = [];

  constructor(readonly spec: TestSpec) {
    this.run = { spec, runtime: this.runtime, log: quietLog, dir: this.dir, signal: this.abort.signal, startNs: process.hrtime.bigint() };
    this.target = rpcTargetDefinition.createTarget(spec) as RpcTarget;
  }

  async setup(): Promise<void> {
    await this.runtime.setup(this.spec, quietLog);
    await this.target.setup(this.run, 'n1');
  }

  async client(processId: number): Promise<LedgerClient> {
    const client = rpcTargetDefinition.createClient(this.spec, this.target, processId) as LedgerClient;
    await client.open(this.run, 'n1');
    this.clients.push(client);
    return client;
  }

  /** Invokes and records invoke + completion, like the run loop. */
  async invoke(client: LedgerClient, op: Op): Promise<Completion> {
    const add = (type: HistoryEvent['type'], value: unknown, error?: string) =>
      this.history.push({ index: this.history.length, timeNs: this.history.length, process: client.processId, type, f: op.f, value, ...(error === undefined ? {} : { error }) });
    add('invoke', op.value);
    const completion = await client.invoke(this.run, op);
    add(completion.type, completion.value, completion.error);
    return completion;
  }

  async dispose(): Promise<void> {
    for (const client of this.clients) await client.close();
    await this.target.teardown(this.run, 'n1').catch(() => undefined);
    await this.runtime.teardown();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const deposit = (id: string, amount = 1): Op => ({ f: 'deposit', value: { id, account: 'a', amount } });

describe('targets/rpc: RpcTarget and LedgerClient on the local runtime', function () {
  this.timeout(60_000);
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.dispose();
    fixture = undefined;
  });

  it('exactly-once: the client keeps retrying across kill -9 and start, and the request runs once', async () => {
    // Long op timeout: the restart may take seconds on a loaded machine, and the client must outlast it.
    fixture = new Fixture(specFor('exactly-once', 15_000));
    await fixture.setup();
    const client = await fixture.client(0);
    assert.equal((await fixture.invoke(client, deposit('0:0', 5))).type, 'ok');
    await fixture.target.kill(fixture.run, 'n1');
    const pending = fixture.invoke(client, deposit('0:1', 7));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await fixture.target.start(fixture.run, 'n1');
    assert.equal((await pending).type, 'ok');
    const read = await fixture.invoke(client, { f: 'read', value: null });
    assert.equal(read.type, 'ok');
    assert.deepEqual(read.value, { balances: { a: 12 }, applied: ['0:0', '0:1'] } satisfies LedgerReadValue);
    const log = (await fixture.target.executionLog(fixture.run)) as Array<{ id: string; incarnation: number; node: string }>;
    assert.deepEqual(log.map((e) => [e.id, e.incarnation, e.node]), [['0:0', 1, 'n1'], ['0:1', 2, 'n1']]);
    assert.equal(checkExactlyOnce(fixture.history, { executionLog: log }).valid, true);
  });

  it('pause: a paused server answers nothing (info), then serves again after resume', async () => {
    fixture = new Fixture(specFor('exactly-once', 400));
    await fixture.setup();
    const client = await fixture.client(0);
    await fixture.target.pause(fixture.run, 'n1');
    const paused = await fixture.invoke(client, deposit('0:0'));
    assert.deepEqual([paused.type, paused.error], ['info', 'timed-out']);
    await fixture.target.resume(fixture.run, 'n1');
    assert.equal((await fixture.invoke(client, deposit('0:1'))).type, 'ok');
    await fixture.target.teardown(fixture.run, 'n1');
    assert.deepEqual(fixture.runtime.livePids(), [], 'teardown leaves no server process');
  });

  it('maybe sends exactly one datagram and reports info when the request is lost', async () => {
    fixture = new Fixture(specFor('maybe', 1500));
    await fixture.setup();
    const client = await fixture.client(0);
    await fixture.runtime.setNetworkFaults({ ...noFaults(), blocked: { client: ['n1'] } });
    const lost = await fixture.invoke(client, deposit('0:0'));
    assert.deepEqual([lost.type, client.datagramsSent], ['info', 1]);
    await fixture.runtime.setNetworkFaults(noFaults());
    assert.equal((await fixture.invoke(client, { f: 'withdraw', value: { id: '0:1', account: 'b', amount: 1 } })).type, 'fail', 'insufficient funds is a definite fail');
  });

  for (const [semantics, expectDuplicates] of [['at-least-once', true], ['exactly-once', false]] as const) {
    it(`${semantics} under 40% loss each way: ${expectDuplicates ? 'retries re-execute (duplicated)' : 'every ok applied once'}`, async () => {
      fixture = new Fixture(specFor(semantics, 3000));
      await fixture.setup();
      await fixture.runtime.setNetworkFaults({ ...noFaults(), loss: { client: { n1: 0.4 }, n1: { client: 0.4 } } });
      const clients = await Promise.all([0, 1, 2].map((p) => fixture!.client(p)));
      await Promise.all(clients.map(async (client) => {
        for (let seq = 0; seq < 25; seq += 1) await fixture!.invoke(client, deposit(`${client.processId}:${seq}`));
      }));
      await fixture.runtime.setNetworkFaults(noFaults());
      const reader = await fixture.client(9);
      assert.equal((await fixture.invoke(reader, { f: 'read', value: null })).type, 'ok');
      const result = checkExactlyOnce(fixture.history, { executionLog: await fixture.target.executionLog(fixture.run) });
      if (expectDuplicates) {
        assert.equal(result.valid, false, result.summary);
        assert.ok(result.counts.duplicated > 0, result.summary);
      } else {
        assert.equal(result.valid, true, result.summary);
        assert.ok(result.counts.ok > 50, result.summary);
      }
    });
  }
});
