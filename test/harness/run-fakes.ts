/** Fakes for the run loop's tests: a runtime with no processes, scripted nemeses and clients. */
import type { Address, Client, Completion, Logger, NetworkFaults, NodeProcess, Op, RunContext, Runtime, Target, TargetDefinition } from '../../harness/interfaces.js';
import type { NemesisPlan, ScheduledFault } from '../../harness/nemesis-plan.js';
import { runTest, type RunDependencies, type RunOptions } from '../../harness/run.js';
import type { TestSpec } from '../../harness/spec.js';
import { perfChecker } from '../../checkers/perf.js';
import { noopTargetDefinition, NoopTarget } from '../../targets/noop-target.js';
import { registerWorkload } from '../../workloads/register.js';

export class FakeRuntime implements Runtime {
  readonly name = 'local' as const;
  readonly faultsApplied: NetworkFaults[] = [];
  setupCalls = 0;
  teardownCalls = 0;
  async setup(_spec: TestSpec, _log: Logger): Promise<void> {
    this.setupCalls += 1;
  }
  listenAddress(): Address {
    return { host: '127.0.0.1', port: 1 };
  }
  addressOf(): Address {
    return { host: '127.0.0.1', port: 1 };
  }
  async spawn(): Promise<NodeProcess> {
    throw new Error('FakeRuntime starts no processes');
  }
  async setNetworkFaults(faults: NetworkFaults): Promise<void> {
    this.faultsApplied.push(faults);
  }
  async teardown(): Promise<void> {
    this.teardownCalls += 1;
  }
}

/** A nemesis that only records what the loop asked of it. */
export function scriptedNemesis(schedule: ScheduledFault[]): NemesisPlan & { invoked: Op[]; tornDown: number; setUp: number } {
  const plan = {
    invoked: [] as Op[],
    tornDown: 0,
    setUp: 0,
    schedule,
    nemesis: {
      setup: async () => {
        plan.setUp += 1;
      },
      invoke: async (_run: RunContext, op: Op): Promise<Completion> => {
        plan.invoked.push(op);
        return { type: 'ok', value: { applied: op.value } };
      },
      teardown: async () => {
        plan.tornDown += 1;
      },
    },
  };
  return plan;
}

/** A target definition whose clients answer through `answer` (per process id and op). */
export function scriptedTarget(answer: (processId: number, op: Op) => Promise<Completion>, hooks: Partial<Target> = {}): TargetDefinition & { target: NoopTarget & Partial<Target>; opened: number[]; closed: number[] } {
  const target = Object.assign(new NoopTarget(), hooks);
  const definition = {
    ...noopTargetDefinition,
    name: 'scripted',
    target,
    opened: [] as number[],
    closed: [] as number[],
    createTarget: () => target,
    createClient: (_spec: TestSpec, _target: Target, processId: number): Client => ({
      open: async () => {
        definition.opened.push(processId);
      },
      invoke: (_run: RunContext, op: Op) => answer(processId, op),
      close: async () => {
        definition.closed.push(processId);
      },
    }),
  };
  return definition;
}

export function testSpec(overrides: Partial<TestSpec> = {}): TestSpec {
  return {
    name: 'loop-test',
    nodes: ['n1'],
    target: 'noop',
    targetOptions: {},
    workload: 'register',
    nemesis: [],
    runtime: 'local',
    concurrency: 3,
    timeLimitMs: 300,
    rateHz: 0,
    nemesisIntervalMs: 100,
    opTimeoutMs: 200,
    seed: 42,
    checkers: ['perf'],
    command: 'harness test --seed 42',
    ...overrides,
  };
}

export function dependencies(overrides: Partial<RunDependencies> & { runtime?: FakeRuntime } = {}): RunDependencies {
  const runtime = overrides.runtime ?? new FakeRuntime();
  return {
    target: noopTargetDefinition,
    workload: registerWorkload,
    checkers: { perf: perfChecker },
    createRuntime: () => runtime,
    createNemesis: () => scriptedNemesis([]),
    ...overrides,
  };
}

export async function runWith(spec: TestSpec, deps: RunDependencies, storeDir: string, options: Partial<RunOptions> = {}) {
  return runTest(spec, deps, { storeDir, clientGraceMs: 50, ...options });
}
