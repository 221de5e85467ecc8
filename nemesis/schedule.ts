/**
 * The fault schedule: a pure function of (seed, time limit, interval, nodes, fault packages),
 * computed before the run starts, so `--seed` replays the same faults at the same times.
 *
 * Each lane (see FaultPackage.lane) is its own timeline that alternates start and stop:
 * quiet for U[0.2, 0.6] x interval, then one fault for U[0.4, 0.8] x interval, and again; so
 * the mean time between two fault starts of a lane is the interval (TestSpec.nemesisIntervalMs).
 * Lanes run side by side and overlap. A lane holding several kinds (crash and pause) takes them
 * in a seeded order that uses every kind once before repeating one. Every fault stops before
 * the time limit: a fault that would not get its minimum duration is not started.
 *
 * Each lane draws from its own rng stream (seed mixed with the lane name): adding `pause`
 * does not move the partitions.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { Op } from '../harness/interfaces.js';
import type { FaultPackage } from './fault-package.js';
import { shuffled, type Rng } from './partitions.js';

/** One step: at `atMs` after the main phase started, invoke op ('start-<kind>' / 'stop-<kind>'). */
export interface FaultStep {
  atMs: number;
  op: Op;
}

export interface ScheduleInput {
  seed: number;
  timeLimitMs: number;
  /** Mean time between fault starts within a lane, ms. */
  intervalMs: number;
  nodes: readonly string[];
  faults: readonly FaultPackage[];
}

/** Quiet time before a fault and the fault's duration, as fractions of the interval. */
export const quietFraction = { min: 0.2, max: 0.6 } as const;
export const faultFraction = { min: 0.4, max: 0.8 } as const;

export function computeSchedule(input: ScheduleInput): FaultStep[] {
  const { seed, timeLimitMs, intervalMs, nodes, faults } = input;
  if (!(intervalMs > 0)) throw new Error(`nemesis interval must be > 0 ms, got ${intervalMs}`);
  if (!(timeLimitMs >= 0)) throw new Error(`time limit must be >= 0 ms, got ${timeLimitMs}`);
  const lanes = new Map<string, FaultPackage[]>();
  for (const fault of faults) {
    const lane = lanes.get(fault.lane) ?? [];
    if (!lane.some((f) => f.name === fault.name)) lane.push(fault);
    lanes.set(fault.lane, lane);
  }
  const steps: Array<FaultStep & { lane: string; starts: boolean }> = [];
  const endMs = timeLimitMs - 1; // the run loop skips steps at or after the time limit
  for (const [lane, kinds] of [...lanes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const rng = laneRng(seed, lane);
    let order: FaultPackage[] = [];
    let atMs = between(rng, quietFraction) * intervalMs;
    while (atMs + faultFraction.min * intervalMs <= endMs) {
      if (order.length === 0) order = shuffled(kinds, rng);
      const fault = order.shift()!;
      const durationMs = between(rng, faultFraction) * intervalMs;
      const params = fault.plan(nodes, rng);
      const startMs = Math.round(atMs);
      const stopMs = Math.min(Math.round(atMs + durationMs), endMs);
      steps.push({ atMs: startMs, op: { f: `start-${fault.name}`, value: params }, lane, starts: true });
      steps.push({ atMs: stopMs, op: { f: `stop-${fault.name}`, value: params }, lane, starts: false });
      atMs = stopMs + between(rng, quietFraction) * intervalMs;
    }
  }
  // By time; at the same time stops go first (heal before the next fault), then by lane.
  steps.sort((a, b) => a.atMs - b.atMs || Number(a.starts) - Number(b.starts) || (a.lane < b.lane ? -1 : a.lane > b.lane ? 1 : 0));
  return steps.map(({ atMs, op }) => ({ atMs, op }));
}

function between(rng: Rng, range: { min: number; max: number }): number {
  return range.min + rng() * (range.max - range.min);
}

/** An independent stream per lane: FNV-1a of the lane name folded into the seed. */
export function laneRng(seed: number, lane: string): Rng {
  let hash = 0x811c9dc5 ^ (seed | 0);
  const name = `nemesis:${lane}`;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  const generator = xoroshiro128plus(Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) | 0);
  return () => uniformFloat64(generator);
}
