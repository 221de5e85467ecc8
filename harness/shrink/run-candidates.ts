/**
 * The smaller runs `harness shrink DIR --rerun` tries: the few knobs of a spec that make a run
 * bigger (how long, which faults and how many fault steps, how many clients, how fast), and for
 * each the smaller settings to try from a given one, most aggressive first (QuickCheck's shrink:
 * the minimum, then halfway, then a quarter off). Pure functions of the shape, tested as such;
 * the search that runs them is shrink-run-search.ts.
 */
import type { TestSpec } from '../spec.js';

/** What run shrinking turns down; everything else of the spec (seed, target, nodes) stays. */
export interface RunShape {
  timeLimitMs: number;
  /** Fault kinds, as in TestSpec.nemesis ([] for none). */
  nemesis: string[];
  /** A longer interval stretches the seeded fault schedule: fewer fault steps in the time limit. */
  nemesisIntervalMs: number;
  concurrency: number;
  /** Operations per second over all clients; 0 is unlimited and is left as it is. */
  rateHz: number;
}

/** One smaller run to try: its shape and what changed, as the flags say it ('--time-limit 10 -> 5'). */
export interface RunCandidate {
  shape: RunShape;
  change: string;
}

/** Below these a run is not made smaller. */
export const shapeMinimum = { timeLimitMs: 1000, concurrency: 1, rateHz: 1 } as const;

export function shapeOf(spec: TestSpec): RunShape {
  const { timeLimitMs, nemesis, nemesisIntervalMs, concurrency, rateHz } = spec;
  return { timeLimitMs, nemesis: [...nemesis], nemesisIntervalMs, concurrency, rateHz };
}

export function withShape(spec: TestSpec, shape: RunShape): TestSpec {
  return { ...spec, ...shape, nemesis: [...shape.nemesis] };
}

/** Identifies a shape (a candidate already tried is not tried again). */
export function shapeKey(shape: RunShape): string {
  return JSON.stringify([shape.timeLimitMs, shape.nemesis, shape.nemesisIntervalMs, shape.concurrency, shape.rateHz]);
}

/** One knob: the smaller settings to try from a shape, in the order to try them. */
export interface RunDimension {
  name: string;
  candidates(shape: RunShape): RunCandidate[];
}

const seconds = (ms: number) => String(ms / 1000);
const kinds = (nemesis: readonly string[]) => (nemesis.length === 0 ? 'none' : nemesis.join(','));

/** The minimum, half and three quarters of `current`, whole multiples of `step`, below it and not below `min`; ascending. */
export function smallerValues(current: number, min: number, step = 1): number[] {
  const whole = (value: number) => Math.round(value / step) * step;
  const values = [min, Math.floor(current / 2 / step) * step, whole((current * 3) / 4)];
  return [...new Set(values)].filter((value) => value >= min && value < current).sort((a, b) => a - b);
}

/** Fewer fault kinds: none at all, each half of the list, then each kind left out. */
export function smallerKindLists(nemesis: readonly string[]): string[][] {
  if (nemesis.length === 0) return [];
  const half = Math.ceil(nemesis.length / 2);
  const lists = [[], ...(nemesis.length >= 4 ? [nemesis.slice(half), nemesis.slice(0, half)] : []), ...nemesis.map((_, i) => nemesis.filter((__, j) => j !== i))];
  const seen = new Set<string>([JSON.stringify(nemesis)]);
  return lists.filter((list) => {
    const key = JSON.stringify(list);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The knobs, in the order tried: a shorter run first, since it makes every later try faster. */
export const runDimensions: readonly RunDimension[] = [
  {
    name: 'time limit',
    candidates: (shape) =>
      smallerValues(shape.timeLimitMs, shapeMinimum.timeLimitMs, 1000).map((timeLimitMs) => ({
        shape: { ...shape, timeLimitMs },
        change: `--time-limit ${seconds(shape.timeLimitMs)} -> ${seconds(timeLimitMs)}`,
      })),
  },
  {
    name: 'fault kinds',
    candidates: (shape) => smallerKindLists(shape.nemesis).map((nemesis) => ({ shape: { ...shape, nemesis }, change: `--nemesis ${kinds(shape.nemesis)} -> ${kinds(nemesis)}` })),
  },
  {
    name: 'fault steps',
    // The same seeded schedule, stretched: half as many fault steps fit in the time limit.
    candidates: (shape) =>
      shape.nemesis.length === 0 || shape.nemesisIntervalMs >= shape.timeLimitMs
        ? []
        : [{ shape: { ...shape, nemesisIntervalMs: shape.nemesisIntervalMs * 2 }, change: `--nemesis-interval ${seconds(shape.nemesisIntervalMs)} -> ${seconds(shape.nemesisIntervalMs * 2)} (fewer fault steps)` }],
  },
  {
    name: 'clients',
    candidates: (shape) => smallerValues(shape.concurrency, shapeMinimum.concurrency).map((concurrency) => ({ shape: { ...shape, concurrency }, change: `--concurrency ${shape.concurrency} -> ${concurrency}` })),
  },
  {
    name: 'rate',
    candidates: (shape) =>
      shape.rateHz === 0 ? [] : smallerValues(shape.rateHz, shapeMinimum.rateHz).map((rateHz) => ({ shape: { ...shape, rateHz }, change: `--rate ${shape.rateHz} -> ${rateHz}` })),
  },
];

/** What differs between two shapes, as flags: '--time-limit 10 -> 2, --concurrency 5 -> 1'. */
export function shapeChanges(from: RunShape, to: RunShape): string {
  const changes = [
    from.timeLimitMs !== to.timeLimitMs ? `--time-limit ${seconds(from.timeLimitMs)} -> ${seconds(to.timeLimitMs)}` : undefined,
    kinds(from.nemesis) !== kinds(to.nemesis) ? `--nemesis ${kinds(from.nemesis)} -> ${kinds(to.nemesis)}` : undefined,
    from.nemesisIntervalMs !== to.nemesisIntervalMs ? `--nemesis-interval ${seconds(from.nemesisIntervalMs)} -> ${seconds(to.nemesisIntervalMs)}` : undefined,
    from.concurrency !== to.concurrency ? `--concurrency ${from.concurrency} -> ${to.concurrency}` : undefined,
    from.rateHz !== to.rateHz ? `--rate ${from.rateHz} -> ${to.rateHz}` : undefined,
  ].filter((change) => change !== undefined);
  return changes.length === 0 ? 'nothing smaller' : changes.join(', ');
}
