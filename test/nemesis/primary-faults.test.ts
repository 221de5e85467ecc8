import assert from 'node:assert/strict';
import type { Logger, NetworkFaults, RunContext, Runtime, Target } from '../../harness/interfaces.js';
import { noFaults } from '../../harness/interfaces.js';
import type { TestSpec } from '../../harness/spec.js';
import { CombinedNemesis } from '../../nemesis/combined.js';
import { crashPrimaryFault, partitionPrimaryFault, pausePrimaryFault, primaryLookupTimeoutMs } from '../../nemesis/primary-faults.js';
import { createNemesisPlan } from '../../nemesis/registry.js';

const nodes = ['n1', 'n2', 'n3'];

/** A target whose primary is whatever `primaryNow` says when asked (a function may throw or hang). */
function fakes(primaryNow: () => Promise<string | undefined>) {
  const networkStates: NetworkFaults[] = [];
  const runtime = { name: 'local', setNetworkFaults: async (faults: NetworkFaults) => void networkStates.push(structuredClone(faults)) } as unknown as Runtime;
  const calls: string[] = [];
  const target: Target = {
    setup: async () => {},
    teardown: async () => {},
    kill: async (_run, node) => void calls.push(`kill ${node}`),
    start: async (_run, node) => void calls.push(`start ${node}`),
    pause: async (_run, node) => void calls.push(`pause ${node}`),
    resume: async (_run, node) => void calls.push(`resume ${node}`),
    primary: primaryNow,
  };
  const messages: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => void messages.push(`warn ${m}`), error: (m) => void messages.push(`error ${m}`) };
  const run = { spec: spec(['partition-primary']), runtime, log, dir: '/nonexistent', signal: new AbortController().signal } as RunContext;
  return { networkStates, calls, target, log, messages, run };
}

function spec(nemesis: string[]): TestSpec {
  return {
    name: 't', nodes, target: 'fake', targetOptions: {}, workload: 'none', nemesis, runtime: 'local', concurrency: 1,
    timeLimitMs: 30_000, rateHz: 1, nemesisIntervalMs: 1000, opTimeoutMs: 100, seed: 5, checkers: [], command: 'test',
  };
}

const last = (states: NetworkFaults[]) => states[states.length - 1];

describe('nemesis/primary-faults', () => {
  it('partition-primary isolates the node the target names at start, records it, and heals on stop', async () => {
    const { networkStates, target, log, run } = fakes(async () => 'n3');
    const nemesis = new CombinedNemesis([partitionPrimaryFault], target, log);
    const planned = partitionPrimaryFault.plan(nodes, () => 0); // seed's fallback: n1
    assert.equal(planned.primary, 'n1');
    const started = await nemesis.invoke(run, { f: 'start-partition-primary', value: planned });
    assert.deepEqual(started.value, {
      kind: 'isolate',
      blocked: { n3: ['n1', 'n2'], n1: ['n3'], n2: ['n3'] },
      description: 'n3 | n1 n2',
      primary: 'n3',
      chosenBy: 'target',
    });
    assert.deepEqual(last(networkStates)!.blocked, { n3: ['n1', 'n2'], n1: ['n3'], n2: ['n3'] });
    const stopped = await nemesis.invoke(run, { f: 'stop-partition-primary', value: planned });
    assert.deepEqual(stopped.value, started.value, 'the stop event carries what the start did');
    assert.deepEqual(last(networkStates), noFaults());
  });

  it('crash-primary restarts the node it killed, even when the primary has changed since', async () => {
    let primary = 'n2';
    const { calls, target, log, run } = fakes(async () => primary);
    const nemesis = new CombinedNemesis([crashPrimaryFault], target, log);
    const planned = crashPrimaryFault.plan(nodes, () => 0.99);
    assert.deepEqual(planned, { nodes: ['n3'], primary: 'n3', chosenBy: 'seed' });
    const started = await nemesis.invoke(run, { f: 'start-crash-primary', value: planned });
    assert.deepEqual(started.value, { nodes: ['n2'], primary: 'n2', chosenBy: 'target' });
    primary = 'n1'; // a new primary was elected meanwhile
    await nemesis.invoke(run, { f: 'stop-crash-primary', value: planned });
    assert.deepEqual(calls, ['kill n2', 'start n2']);
  });

  it('falls back to the seeded node when the target cannot tell, fails, names a stranger, or is too slow', async function () {
    this.timeout(primaryLookupTimeoutMs + 5000);
    const answers: Array<[string, () => Promise<string | undefined>]> = [
      ['cannot tell', async () => undefined],
      ['throws', async () => Promise.reject(new Error('no node answered'))],
      ['names a node outside the test', async () => 'n9'],
      ['never answers', () => new Promise<string | undefined>(() => {})],
    ];
    for (const [what, answer] of answers) {
      const { calls, target, log, messages, run } = fakes(answer);
      const nemesis = new CombinedNemesis([pausePrimaryFault], target, log);
      const planned = pausePrimaryFault.plan(nodes, () => 0.5); // n2
      const started = await nemesis.invoke(run, { f: 'start-pause-primary', value: planned });
      assert.deepEqual(started.value, { nodes: ['n2'], primary: 'n2', chosenBy: 'seed' }, what);
      await nemesis.teardown(run);
      assert.deepEqual(calls, ['pause n2', 'resume n2'], what);
      if (what === 'throws') assert.ok(messages.some((m) => /could not name its primary/.test(m)), what);
    }
  });

  it('the schedule is still a pure function of the seed; a target without primary() gets none of them', () => {
    const { target, log } = fakes(async () => 'n1');
    const s = spec(['partition-primary', 'crash-primary', 'pause-primary']);
    const schedule = createNemesisPlan(s, target, log).schedule;
    assert.deepEqual(schedule, createNemesisPlan(s, target, log).schedule);
    assert.deepEqual(new Set(schedule.map((step) => step.op.f)), new Set(['start-partition-primary', 'stop-partition-primary', 'start-crash-primary', 'stop-crash-primary', 'start-pause-primary', 'stop-pause-primary']));
    const messages: string[] = [];
    const noPrimary: Target = { ...target, primary: undefined };
    const plan = createNemesisPlan(s, noPrimary, { info() {}, warn: (m) => void messages.push(m), error() {} });
    assert.equal(plan.schedule.length, 0);
    assert.ok(messages.some((m) => /'crash-primary' skipped: the target has no primary/.test(m)), messages.join('\n'));
  });
});
