/**
 * Maelstrom's --latency MILLIS and --latency-dist: the network's delay under normal operation,
 * which its simulated network gives every message. Here each relay holds back every message
 * for its node (from a peer, a client or a service) that long before writing it to the node's
 * stdin, and every message its node sends to a client or a service that long before sending it
 * (the harness has no relay of its own), on every runtime: a message crosses the latency once,
 * a client's request and its reply twice, as in Maelstrom. The delays come from a stream
 * seeded by the run's seed and the node, as every random choice of a run does.
 */
import { UsageError } from '../../harness/exit-codes.js';
import type { Rng } from '../../harness/seeded-rng.js';

/** constant: every message waits the latency; uniform: in [0, 2 x latency); exponential: mean latency. */
export const latencyDistributions = ['constant', 'uniform', 'exponential'] as const;
export type LatencyDistribution = (typeof latencyDistributions)[number];

/** Draws one message's delay, ms; undefined when the latency is 0 (no timer at all). */
export function messageDelay(latencyMs: number, distribution: LatencyDistribution, rng: Rng): (() => number) | undefined {
  if (latencyMs === 0) return undefined;
  switch (distribution) {
    case 'constant':
      return () => latencyMs;
    case 'uniform':
      return () => rng() * 2 * latencyMs;
    case 'exponential':
      return () => -latencyMs * Math.log(1 - rng());
  }
}

export function parseLatencyMs(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 60_000) throw new UsageError(`${flag} must be a number of milliseconds from 0 to 60000, got '${text}'`);
  return value;
}

export function parseLatencyDistribution(text: string, flag: string): LatencyDistribution {
  if (!(latencyDistributions as readonly string[]).includes(text)) throw new UsageError(`${flag} must be one of ${latencyDistributions.join(', ')}, got '${text}'`);
  return text as LatencyDistribution;
}
