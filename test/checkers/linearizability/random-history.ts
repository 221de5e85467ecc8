/**
 * Random small histories for property tests: operations with random overlapping intervals run
 * against a real (simulated) object at a random point inside their interval, so the history is
 * linearizable; then, optionally, some outputs are mutated, which usually makes it not.
 * Outcomes are mixed: ok, fail, info (took effect or not) and invokes that never complete.
 */
import fc from 'fast-check';
import type { HistoryEvent } from '../../../harness/event.js';
import type { ModelName } from '../../../checkers/models/registry.js';
import { preconditionFailed } from '../../../harness/interfaces.js';

/** What a simulated object did with one operation. */
interface Simulated {
  type: 'ok' | 'fail';
  value: unknown;
  /** precondition-failed for a cas whose comparison did not hold, as every client records it. */
  error?: string;
}

interface Simulator<S> {
  init: S;
  /** A random operation: [f, invoke value]. */
  operation: fc.Arbitrary<[string, unknown]>;
  apply(state: S, f: string, value: unknown): { state: S; result: Simulated };
  /** A plausible wrong completion (for mutations). */
  mutate(f: string, value: unknown, result: Simulated, noise: number): Simulated;
}

const small = fc.integer({ min: 0, max: 2 });

const registerSimulator = (withCas: boolean): Simulator<unknown> => ({
  init: null,
  operation: fc.oneof(
    fc.constant<[string, unknown]>(['read', null]),
    small.map((v): [string, unknown] => ['write', v]),
    ...(withCas ? [fc.tuple(small, small).map(([a, b]): [string, unknown] => ['cas', [a, b]])] : []),
  ),
  apply(state, f, value) {
    if (f === 'read') return { state, result: { type: 'ok', value: state } };
    if (f === 'write') return { state: value, result: { type: 'ok', value } };
    const [from, to] = value as [unknown, unknown];
    return state === from ? { state: to, result: { type: 'ok', value } } : { state, result: { type: 'fail', value, error: preconditionFailed } };
  },
  mutate(f, value, result, noise) {
    if (f === 'read') return { type: 'ok', value: noise === 3 ? null : noise };
    if (f === 'cas') return result.type === 'ok' ? { type: 'fail', value, error: preconditionFailed } : { type: 'ok', value };
    return result;
  },
});

const keys = ['a', 'b'];
const kvSimulator: Simulator<Record<string, string>> = {
  init: {},
  operation: fc.tuple(fc.constantFrom('get', 'put', 'append'), fc.constantFrom(...keys), fc.constantFrom('x', 'y', 'z')).map(([f, key, v]): [string, unknown] => [f, [key, f === 'get' ? null : v]]),
  apply(state, f, value) {
    const [key, v] = value as [string, string];
    const current = state[key] ?? '';
    if (f === 'get') return { state, result: { type: 'ok', value: [key, current] } };
    return { state: { ...state, [key]: f === 'put' ? v : current + v }, result: { type: 'ok', value } };
  },
  mutate(f, value, result, noise) {
    const [key] = value as [string];
    if (f === 'get') return { type: 'ok', value: [key, ['', 'x', 'xy', 'zx'][noise]] };
    return result;
  },
};

const mutexSimulator: Simulator<boolean> = {
  init: false,
  operation: fc.constantFrom<[string, unknown]>(['acquire', null], ['release', null]),
  apply(held, f) {
    if (f === 'acquire') return held ? { state: held, result: { type: 'fail', value: null } } : { state: true, result: { type: 'ok', value: null } };
    return held ? { state: false, result: { type: 'ok', value: null } } : { state: held, result: { type: 'fail', value: null } };
  },
  mutate(_f, _value, result) {
    return { type: result.type === 'ok' ? 'fail' : 'ok', value: null };
  },
};

const microOp = fc.tuple(fc.constantFrom('r', 'w'), fc.constantFrom('x', 'y'), small).map(([f, key, v]) => [f, key, f === 'r' ? null : v]);
const multiRegisterSimulator: Simulator<Record<string, unknown>> = {
  init: {},
  operation: fc.array(microOp, { minLength: 1, maxLength: 2 }).map((ops): [string, unknown] => ['txn', ops]),
  apply(state, _f, value) {
    const next = { ...state };
    const completed = (value as [string, string, unknown][]).map(([f, key, v]) => {
      if (f === 'r') return [f, key, next[key] ?? null];
      next[key] = v;
      return [f, key, v];
    });
    return { state: next, result: { type: 'ok', value: completed } };
  },
  mutate(_f, _value, result, noise) {
    const completed = (result.value as [string, string, unknown][]).map(([f, key, v]) => (f === 'r' ? [f, key, noise === 3 ? null : noise] : [f, key, v]));
    return { type: 'ok', value: completed };
  },
};

export const simulators: Record<ModelName, Simulator<any>> = {
  register: registerSimulator(false),
  'cas-register': registerSimulator(true),
  kv: kvSimulator,
  mutex: mutexSimulator,
  'multi-register': multiRegisterSimulator,
};

export interface PlannedOperation {
  operation: [string, unknown];
  callTime: number;
  durationTime: number;
  /** Where in [call, return] the operation takes effect, 0..1. */
  effectAt: number;
  /**
   * ok/fail as the object says, or info (applied or not), or never completed; optional-*: an
   * info completion marked optional (HistoryEvent.optional), applied within its interval or not.
   */
  fate: 'completed' | 'info-applied' | 'info-not-applied' | 'never-completed' | 'optional-applied' | 'optional-not-applied';
  mutated: boolean;
  noise: number;
}

const usualFates: PlannedOperation['fate'][] = ['completed', 'completed', 'completed', 'completed', 'info-applied', 'info-not-applied', 'never-completed'];
/** For tests of the rules about unknown outcomes: half the operations end without one. */
export const unknownHeavyFates: PlannedOperation['fate'][] = ['completed', 'completed', 'info-applied', 'info-not-applied'];
/** For tests of optional operations: a third of the operations are optional, some plain unknown. */
export const optionalHeavyFates: PlannedOperation['fate'][] = ['completed', 'completed', 'completed', 'optional-applied', 'optional-not-applied', 'info-not-applied'];

function plannedOperation(simulator: Simulator<unknown>, mutationRate: number, fates: readonly PlannedOperation['fate'][]): fc.Arbitrary<PlannedOperation> {
  return fc.record({
    operation: simulator.operation,
    callTime: fc.integer({ min: 0, max: 30 }),
    durationTime: fc.integer({ min: 0, max: 12 }),
    effectAt: fc.double({ min: 0, max: 1, noNaN: true }),
    fate: fc.constantFrom(...fates),
    mutated: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < mutationRate),
    noise: fc.integer({ min: 0, max: 3 }),
  });
}

/** Runs the planned operations against the simulated object and writes the history. */
function simulate(simulator: Simulator<unknown>, plan: readonly PlannedOperation[]): HistoryEvent[] {
  const effects = plan
    .map((planned, i) => ({ planned, i, at: planned.callTime + planned.effectAt * planned.durationTime }))
    .sort((a, b) => a.at - b.at || a.i - b.i);
  const results = new Array<Simulated | undefined>(plan.length);
  let state = simulator.init;
  for (const { planned, i } of effects) {
    const [f, value] = planned.operation;
    if (planned.fate === 'info-not-applied' || planned.fate === 'optional-not-applied') continue;
    const applied = simulator.apply(state, f, value);
    state = applied.state;
    results[i] = planned.mutated ? simulator.mutate(f, value, applied.result, planned.noise) : applied.result;
  }
  // Each operation gets its own process (as after an info in Jepsen); invokes sort before completions at equal times.
  const raw: { time: number; order: number; event: Omit<HistoryEvent, 'index' | 'timeNs'> }[] = [];
  plan.forEach((planned, i) => {
    const [f, value] = planned.operation;
    raw.push({ time: planned.callTime, order: 0, event: { process: i, type: 'invoke', f, value } });
    if (planned.fate === 'never-completed') return;
    const returnTime = planned.callTime + planned.durationTime;
    if (planned.fate !== 'completed') {
      const optional = planned.fate === 'optional-applied' || planned.fate === 'optional-not-applied';
      raw.push({ time: returnTime, order: 1, event: { process: i, type: 'info', f, value: null, error: 'timed-out', ...(optional ? { optional: true as const } : {}) } });
      return;
    }
    const result = results[i]!;
    raw.push({ time: returnTime, order: 1, event: { process: i, type: result.type, f, value: result.value, ...(result.error === undefined ? {} : { error: result.error }) } });
  });
  raw.sort((a, b) => a.time - b.time || a.order - b.order);
  return raw.map((entry, index) => ({ ...entry.event, index, timeNs: entry.time * 1000, line: index + 1 }));
}

/** Histories of up to `maxOperations` operations of `model`; a fraction `mutationRate` of outputs is corrupted. */
export function randomHistory(
  model: ModelName,
  maxOperations: number,
  mutationRate: number,
  fates: readonly PlannedOperation['fate'][] = usualFates,
): fc.Arbitrary<HistoryEvent[]> {
  const simulator = simulators[model];
  return fc.array(plannedOperation(simulator, mutationRate, fates), { minLength: 0, maxLength: maxOperations }).map((plan) => simulate(simulator, plan));
}
