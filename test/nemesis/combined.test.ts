import assert from 'node:assert/strict';
import type { Logger, NetworkFaults, RunContext, Runtime, Target } from '../../harness/interfaces.js';
import { noFaults } from '../../harness/interfaces.js';
import { UsageError } from '../../harness/exit-codes.js';
import type { TestSpec } from '../../harness/spec.js';
import { CombinedNemesis } from '../../nemesis/combined.js';
import { crashFault } from '../../nemesis/crash.js';
import { dropFault } from '../../nemesis/drop.js';
import { partitionFault } from '../../nemesis/partition.js';
import { pauseFault } from '../../nemesis/pause.js';
import { createNemesisPlan, faultShades } from '../../nemesis/registry.js';

/** Test doubles: a runtime that remembers every network state it was given, a target that logs its calls. */
function fakes(options: { failStartOf?: string } = {}) {
  const networkStates: NetworkFaults[] = [];
  const runtime = {
    name: 'local',
    setNetworkFaults: async (faults: NetworkFaults) => void networkStates.push(structuredClone(faults)),
  } as unknown as Runtime;
  const calls: string[] = [];
  const target: Target = {
    setup: async () => {},
    teardown: async () => {},
    kill: async (_run, node) => void calls.push(`kill ${node}`),
    start: async (_run, node) => {
      if (node === options.failStartOf) throw new Error(`${node} will not start`);
      calls.push(`start ${node}`);
    },
    pause: async (_run, node) => void calls.push(`pause ${node}`),
    resume: async (_run, node) => void calls.push(`resume ${node}`),
  };
  const messages: string[] = [];
  const log: Logger = {
    info: () => {},
    warn: (message) => void messages.push(`warn ${message}`),
    error: (message) => void messages.push(`error ${message}`),
  };
  const run = { spec: spec(['n1', 'n2', 'n3'], []), runtime, log, dir: '/nonexistent', signal: new AbortController().signal } as RunContext;
  return { networkStates, runtime, calls, target, log, messages, run };
}

function spec(nodes: string[], nemesis: string[], timeLimitMs = 30_000): TestSpec {
  return {
    name: 't',
    nodes,
    target: 'fake',
    targetOptions: {},
    workload: 'none',
    nemesis,
    runtime: 'local',
    concurrency: 1,
    timeLimitMs,
    rateHz: 1,
    nemesisIntervalMs: 1000,
    opTimeoutMs: 100,
    seed: 5,
    checkers: [],
    command: 'test',
  };
}

const lastState = (states: NetworkFaults[]) => states[states.length - 1];

describe('nemesis/combined', () => {
  it('combines partition and drop into one network state, and each stop removes only its part', async () => {
    const { networkStates, target, log, run } = fakes();
    const nemesis = new CombinedNemesis([partitionFault, dropFault], target, log);
    await nemesis.setup(run);
    assert.deepEqual(lastState(networkStates), noFaults());
    const blocked = { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] };
    const loss = { client: { n1: 0.3 }, n1: { client: 0.4 } };
    assert.equal((await nemesis.invoke(run, { f: 'start-partition', value: { kind: 'isolate', blocked, description: '' } })).type, 'info');
    assert.equal((await nemesis.invoke(run, { f: 'start-drop', value: { loss } })).type, 'info');
    assert.deepEqual(lastState(networkStates), { blocked, loss, delayMs: {} });
    assert.deepEqual(nemesis.activeKinds(), ['partition', 'drop']);
    await nemesis.invoke(run, { f: 'stop-partition', value: { kind: 'isolate', blocked, description: '' } });
    assert.deepEqual(lastState(networkStates), { blocked: {}, loss, delayMs: {} });
    await nemesis.invoke(run, { f: 'stop-drop', value: { loss } });
    assert.deepEqual(lastState(networkStates), noFaults());
    assert.deepEqual(nemesis.activeKinds(), []);
  });

  it('runs a whole seeded schedule with every start undone by its stop', async () => {
    const { networkStates, calls, target, log, run } = fakes();
    const plan = createNemesisPlan(spec(['n1', 'n2', 'n3'], ['partition', 'drop', 'crash', 'pause']), target, log);
    assert.ok(plan.schedule.length >= 40, `${plan.schedule.length} steps in 30 intervals`);
    await plan.nemesis.setup(run);
    for (const step of plan.schedule) {
      const completion = await plan.nemesis.invoke(run, step.op);
      assert.equal(completion.type, 'info');
      assert.equal(completion.error, undefined);
      assert.deepEqual(completion.value, step.op.value);
    }
    assert.deepEqual(lastState(networkStates), noFaults());
    const count = (prefix: string, node: string) => calls.filter((c) => c === `${prefix} ${node}`).length;
    for (const node of ['n1', 'n2', 'n3']) {
      assert.equal(count('kill', node), count('start', node), `${node}: every kill followed by a start`);
      assert.equal(count('pause', node), count('resume', node));
    }
    assert.ok(calls.some((c) => c.startsWith('kill')) && calls.some((c) => c.startsWith('pause')));
  });

  it('teardown heals whatever is active: restarts killed nodes, resumes paused ones, clears the network', async () => {
    const { networkStates, calls, target, log, run } = fakes();
    const nemesis = new CombinedNemesis([partitionFault, dropFault, crashFault, pauseFault], target, log);
    await nemesis.invoke(run, { f: 'start-crash', value: { nodes: ['n1', 'n2'] } });
    await nemesis.invoke(run, { f: 'start-pause', value: { nodes: ['n3'] } });
    await nemesis.invoke(run, { f: 'start-partition', value: { kind: 'halves', blocked: { n1: ['n2'], n2: ['n1'] }, description: '' } });
    await nemesis.teardown(run);
    assert.deepEqual(calls.slice(3).sort(), ['resume n3', 'start n1', 'start n2']);
    assert.deepEqual(lastState(networkStates), noFaults());
    assert.deepEqual(nemesis.activeKinds(), []);
  });

  it('teardown heals the network before it restarts or resumes nodes (a restart waits for the node to answer the harness)', async () => {
    const { networkStates, target, log, run } = fakes();
    const order: string[] = [];
    const healthyWhenStarted: boolean[] = [];
    const recordingTarget: Target = {
      ...target,
      start: async (_run, node) => {
        order.push(`start ${node}`);
        healthyWhenStarted.push(JSON.stringify(lastState(networkStates)) === JSON.stringify(noFaults()));
      },
    };
    const nemesis = new CombinedNemesis([partitionFault, crashFault], recordingTarget, log);
    await nemesis.invoke(run, { f: 'start-partition', value: { kind: 'isolate', blocked: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] }, description: '' } });
    await nemesis.invoke(run, { f: 'start-crash', value: { nodes: ['n1'] } }); // newer than the partition
    await nemesis.teardown(run);
    assert.deepEqual(order, ['start n1']);
    assert.deepEqual(healthyWhenStarted, [true], 'the partition was healed before the crashed node was started');
  });

  it('a fault that fails half way is reported with its error, stays active, and teardown still heals the rest without throwing', async () => {
    const { networkStates, calls, target, log, messages, run } = fakes({ failStartOf: 'n2' });
    const nemesis = new CombinedNemesis([crashFault, dropFault], target, log);
    await nemesis.invoke(run, { f: 'start-crash', value: { nodes: ['n1', 'n2'] } });
    const stop = await nemesis.invoke(run, { f: 'stop-crash', value: { nodes: ['n1', 'n2'] } });
    assert.equal(stop.type, 'info');
    assert.match(stop.error ?? '', /n2 will not start/);
    assert.deepEqual(nemesis.activeKinds(), ['crash'], 'still active, so teardown tries again');
    await nemesis.invoke(run, { f: 'start-drop', value: { loss: { client: { n1: 0.5 } } } });
    await nemesis.teardown(run); // n2 still fails to start: logged, not thrown
    assert.ok(messages.some((m) => /could not heal crash/.test(m)));
    assert.deepEqual(lastState(networkStates), noFaults());
    assert.ok(calls.includes('start n1'));
  });

  it('answers fail (skipped) for a kind it does not hold', async () => {
    const { target, log, run } = fakes();
    const nemesis = new CombinedNemesis([dropFault], target, log);
    const completion = await nemesis.invoke(run, { f: 'start-crash', value: { nodes: ['n1'] } });
    assert.equal(completion.type, 'fail');
    assert.match(completion.error ?? '', /no fault package for 'start-crash'/);
  });
});

describe('nemesis/registry', () => {
  it('leaves out faults the target cannot do, with a warning', () => {
    const { log, messages } = fakes();
    const bare: Target = { setup: async () => {}, teardown: async () => {} };
    const plan = createNemesisPlan(spec(['n1'], ['crash', 'pause', 'drop']), bare, log);
    const kinds = new Set(plan.schedule.map((s) => s.op.f.replace(/^(start|stop)-/, '')));
    assert.deepEqual([...kinds], ['drop']);
    assert.ok(messages.some((m) => /'crash' skipped: the target has no kill\/start/.test(m)));
    assert.ok(messages.some((m) => /'pause' skipped: the target has no pause\/resume/.test(m)));
  });

  it('rejects an unknown nemesis name with a usage error', () => {
    const { target, log } = fakes();
    assert.throws(() => createNemesisPlan(spec(['n1'], ['flood']), target, log), (error: unknown) => error instanceof UsageError && /unknown nemesis 'flood'/.test(error.message));
  });

  it('replays the same schedule for the same spec', () => {
    const { target, log } = fakes();
    const s = spec(['n1', 'n2', 'n3'], ['partition', 'drop', 'crash', 'pause']);
    assert.deepEqual(createNemesisPlan(s, target, log).schedule, createNemesisPlan(s, target, log).schedule);
    assert.notDeepEqual(createNemesisPlan(s, target, log).schedule, createNemesisPlan({ ...s, seed: 6 }, target, log).schedule);
  });

  it('has a shade for every fault kind', () => {
    assert.deepEqual(Object.keys(faultShades()).sort(), ['crash', 'crash-primary', 'drop', 'partition', 'partition-primary', 'pause', 'pause-primary']);
  });
});
