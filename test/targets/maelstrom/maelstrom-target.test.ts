import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkers } from '../../../checkers/registry.js';
import { createNemesisPlan } from '../../../nemesis/registry.js';
import { noNemesisPlan } from '../../../harness/nemesis-plan.js';
import { runTest, type RunOutcome } from '../../../harness/run.js';
import { messageFlow } from '../../../results/report/message-flow.js';
import { readRun } from '../../../results/report/read-run.js';
import { createRuntime } from '../../../harness/runtime/registry.js';
import type { TestSpec } from '../../../harness/spec.js';
import { maelstromTargetDefinition } from '../../../targets/maelstrom/definition.js';
import { workloadByName } from '../../../workloads/registry.js';

const fixtures = fileURLToPath(new URL('../../../../test/fixtures/maelstrom/', import.meta.url));
const examples = fileURLToPath(new URL('../../../../examples/maelstrom/', import.meta.url));
const node = JSON.stringify(process.execPath);
const hasPython = spawnSync('python3', ['--version']).status === 0;

function spec(workload: string, bin: string, overrides: Partial<TestSpec> = {}): TestSpec {
  const w = workloadByName(workload);
  return {
    name: `maelstrom-${workload}`,
    nodes: ['n1', 'n2', 'n3'],
    target: 'maelstrom',
    targetOptions: { bin, topology: 'grid', recovery: 1, initTimeout: 30 },
    workload,
    nemesis: [],
    runtime: 'local',
    concurrency: 3,
    timeLimitMs: 2000,
    rateHz: 50,
    nemesisIntervalMs: 700,
    opTimeoutMs: 1000,
    seed: 7,
    checkers: [...w.checkers],
    command: '',
    ...overrides,
  };
}

/** Every node pid the relays wrote is gone: nothing left running. */
function assertNothingLeft(outcome: RunOutcome): void {
  const nodesDir = join(outcome.dir, 'nodes');
  for (const name of existsSync(nodesDir) ? readdirSync(nodesDir) : []) {
    const pidFile = join(nodesDir, name, 'node.pid');
    if (!existsSync(pidFile)) continue;
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, `node ${name} (pid ${pid}) still runs`);
  }
}

describe('maelstrom target (real node processes, local runtime)', function () {
  this.timeout(120_000);
  let storeDir: string;
  before(() => (storeDir = mkdtempSync(join(tmpdir(), 'maelstrom-target-test-'))));
  after(() => rmSync(storeDir, { recursive: true, force: true }));

  const run = async (testSpec: TestSpec): Promise<RunOutcome> => {
    const outcome = await runTest(
      testSpec,
      {
        target: maelstromTargetDefinition,
        workload: workloadByName(testSpec.workload),
        checkers,
        createRuntime,
        createNemesis: testSpec.nemesis.length === 0 ? () => noNemesisPlan() : createNemesisPlan,
      },
      { storeDir },
    );
    assertNothingLeft(outcome);
    return outcome;
  };
  const explain = (outcome: RunOutcome) => JSON.stringify({ aborted: outcome.results.aborted, results: outcome.results.results.map((r) => `${r.checker}: ${r.valid} ${r.summary}`), dir: outcome.dir });

  (hasPython ? it : it.skip)('runs a Python node through /bin/sh -c, its stderr in nodes/<n>/node.log; echo valid under partition', async () => {
    const outcome = await run(spec('echo', `python3 ${fixtures}echo.py`, { nemesis: ['partition'] }));
    assert.equal(outcome.results.valid, true, explain(outcome));
    assert.ok(outcome.results.counts.ok > 10, explain(outcome));
    assert.match(readFileSync(join(outcome.dir, 'nodes', 'n2', 'node.log'), 'utf8'), /n2 initialised/);
  });

  it('broadcast: our correct node is valid under partition and crash, its --bug variant loses messages', async () => {
    const bin = `${node} ${examples}broadcast.mjs`;
    const correct = await run(spec('broadcast', bin, { nemesis: ['partition', 'crash'] }));
    assert.equal(correct.results.valid, true, explain(correct));
    // Every node's relay recorded its messages on the history's time line; gossip between
    // nodes is matched send-to-receipt, and the partition left some never arriving.
    const saved = readRun(correct.dir);
    assert.deepEqual(saved.messages?.nodes, ['n1', 'n2', 'n3']);
    const flow = messageFlow(saved.messages!.records, saved.messages!.nodes, 2000)!;
    const betweenNodes = flow.pairs.filter((p) => p.src < flow.nodeCount && p.dest < flow.nodeCount);
    assert.ok(betweenNodes.reduce((sum, p) => sum + p.received, 0) > 0, JSON.stringify(flow.pairs));
    assert.ok(flow.endpoints.includes('c1'), flow.endpoints.join());
    const durationMs = correct.results.elapsedMs;
    assert.ok(saved.messages!.records.every((r) => r.t >= 0 && r.t <= durationMs + 1000), 'message times fall inside the run');
    const buggy = await run(spec('broadcast', `${bin} --bug`, { nemesis: ['partition'] }));
    const setFull = buggy.results.results.find((r) => r.checker === 'set-full');
    assert.equal(setFull?.valid, false, explain(buggy));
    assert.ok((setFull?.lostCount as number) > 0, explain(buggy));
  });

  it('txn-list-append and txn-rw-register: our node (one lin-kv value, read + cas) is strict serializable under partition and crash; its blind-write --bug is caught', async () => {
    const bin = `${node} ${examples}txn.mjs`;
    for (const workload of ['txn-list-append', 'txn-rw-register']) {
      const correct = await run(spec(workload, bin, { nemesis: ['partition', 'crash'], timeLimitMs: 3000 }));
      assert.equal(correct.results.valid, true, explain(correct));
      assert.ok(correct.results.counts.ok > 50, explain(correct));
    }
    // Lost updates show in list-append as reads that are not prefixes of each other, which a
    // few dozen overlapping transactions give every time; rw-register infers less (by design),
    // so the bug is asserted where it cannot hide (the matrix runs both).
    // Clients back to back (no rate limit to speak of), so that transactions overlap: a lost update needs two at once.
    const buggy = await run(spec('txn-list-append', `${bin} --bug`, { nemesis: [], timeLimitMs: 3000, concurrency: 10, rateHz: 5000 }));
    assert.equal(buggy.results.results.find((r) => r.checker === 'list-append')?.valid, false, explain(buggy));
  });

  it('kafka: our correct node keeps its logs in the lin-kv service and is valid under crash', async () => {
    const outcome = await run(spec('kafka', `${node} ${examples}kafka.mjs`, { nemesis: ['crash'] }));
    assert.equal(outcome.results.valid, true, explain(outcome));
  });

  describe('bad nodes: a clear error or a recorded failure, never a hang, nothing left running', () => {
    it('a node that exits at once: the run stops with its exit and its stderr', async () => {
      const outcome = await run(spec('echo', 'echo "no such thing" >&2; exit 3'));
      assert.match(outcome.results.aborted?.message ?? '', /maelstrom node n\d .*exited before answering init.*no such thing/, explain(outcome));
    });

    it('a node that never answers init: the run stops naming the node and what it waited for', async () => {
      const silent = spec('echo', `${node} ${fixtures}misbehaving.mjs silent`);
      const outcome = await run({ ...silent, targetOptions: { ...silent.targetOptions, initTimeout: 4 } });
      assert.match(outcome.results.aborted?.message ?? '', /did not answer init with init_ok .* within 4000 ms/, explain(outcome));
    });

    it('a node that answers init with the wrong in_reply_to: the run stops and says so', async () => {
      const wrong = spec('echo', `${node} ${fixtures}misbehaving.mjs wrong-reply`);
      // Long enough for the node to start on a loaded machine and answer wrongly.
      const outcome = await run({ ...wrong, targetOptions: { ...wrong.targetOptions, initTimeout: 15 } });
      assert.match(outcome.results.aborted?.message ?? '', /did not answer init.*replied to c0 with in_reply_to \d+, which c0 never sent/, explain(outcome));
    });

    it('a node that writes plain text on stdout: recorded, the run is invalid', async () => {
      const outcome = await run(spec('echo', `${node} ${fixtures}misbehaving.mjs non-json`));
      const protocol = outcome.results.results.find((r) => r.checker === 'maelstrom-protocol');
      assert.equal(outcome.results.valid, false, explain(outcome));
      assert.match(protocol?.summary ?? '', /not JSON.*handling a request/, explain(outcome));
    });

    it('a node that exits during the run: recorded with its exit code, the run is invalid', async () => {
      const outcome = await run(spec('echo', `${node} ${fixtures}misbehaving.mjs exit-later`));
      const protocol = outcome.results.results.find((r) => r.checker === 'maelstrom-protocol');
      assert.equal(protocol?.valid, false, explain(outcome));
      assert.match(protocol?.summary ?? '', /exited on its own \(code 7/, explain(outcome));
    });
  });
});
