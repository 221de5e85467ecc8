/** Which nodes a process fault (crash, pause) hits: one node, or every node, from the seed. */
import type { Rng } from './partitions.js';

export interface ProcessFaultParams {
  nodes: string[];
}

/** Probability that a process fault hits every node rather than one (with several nodes). */
export const allNodesProbability = 0.25;

export function chooseProcessTargets(nodes: readonly string[], rng: Rng): ProcessFaultParams {
  if (nodes.length === 0) throw new Error('a process fault needs at least one node');
  if (nodes.length === 1 || rng() < allNodesProbability) return { nodes: [...nodes] };
  return { nodes: [nodes[Math.floor(rng() * nodes.length)]!] };
}
