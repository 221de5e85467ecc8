import { type Client, type Completion, type Op, preconditionFailed, type Target, type TargetDefinition } from '../harness/interfaces.js';

/**
 * An in-process target with no processes and no network: invoke answers at once. It keeps a
 * keyed register in memory (read / write / cas on [key, value]) so the register workload and
 * the linearizability checker see a correct system; any other operation is acknowledged as is.
 * Used by the run loop's tests and the harness throughput benchmark (the harness must never be
 * the bottleneck).
 */
export class NoopTarget implements Target {
  readonly registers = new Map<unknown, unknown>();
  setupCount = 0;
  teardownCount = 0;

  async setup(): Promise<void> {
    this.setupCount += 1;
  }
  async teardown(): Promise<void> {
    this.teardownCount += 1;
  }
}

export class NoopClient implements Client {
  constructor(private readonly target: NoopTarget) {}

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  invoke(_run: unknown, op: Op): Promise<Completion> {
    return Promise.resolve(this.apply(op));
  }

  private apply(op: Op): Completion {
    const registers = this.target.registers;
    if (!Array.isArray(op.value) || op.value.length !== 2) return { type: 'ok', value: op.value };
    const [key, argument] = op.value as [unknown, unknown];
    switch (op.f) {
      case 'read':
        return { type: 'ok', value: [key, registers.get(key) ?? null] };
      case 'write':
        registers.set(key, argument);
        return { type: 'ok', value: op.value };
      case 'cas': {
        const [from, to] = argument as [unknown, unknown];
        if ((registers.get(key) ?? null) !== from) return { type: 'fail', value: op.value, error: preconditionFailed };
        registers.set(key, to);
        return { type: 'ok', value: op.value };
      }
      default:
        return { type: 'ok', value: op.value };
    }
  }
}

export const noopTargetDefinition: TargetDefinition = {
  name: 'noop',
  description: 'in-process keyed register with no processes or network; for tests and the throughput benchmark',
  defaultNodes: ['n1'],
  workloads: ['register'],
  ops: ['read', 'write', 'cas'],
  options: {},
  // It uses no network: 'local' costs least (no namespaces).
  transport: 'none',
  defaultRuntime: 'local',
  createTarget: () => new NoopTarget(),
  createClient: (_spec, target) => new NoopClient(target as NoopTarget),
};
