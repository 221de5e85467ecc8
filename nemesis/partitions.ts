/**
 * Network partitions as pure data (Jepsen's grudges), computed before anything touches the
 * network: `blocked[from]` = the ends `from` cannot send to. Every map lists both directions
 * explicitly, so applying it is just NetworkFaults.blocked.
 *
 * - isolate: one node cut off from every other node (both directions).
 * - halves: the nodes split into two sides of floor(n/2) and ceil(n/2), no traffic across.
 * - majority-ring (Jepsen's majorities-ring): the nodes in a ring; each node hears only from
 *   the window of a majority of nodes around it, so every node sees a majority but no two
 *   see the same one. Symmetric exactly when the majority is odd (n = 4, 5, 8, 9, ...).
 * - cut-client: with a single node, the harness's clients cannot reach it nor hear from it.
 *
 * Clients are never partitioned from nodes when there are several nodes (Jepsen's clients
 * live on the control node); the single-node cut is the exception, since otherwise a
 * partition could not touch a one-node test at all.
 */
import { clientLinkName } from '../harness/runtime/link-names.js';

export type Rng = () => number;

export type PartitionKind = 'isolate' | 'halves' | 'majority-ring' | 'cut-client';

export interface Partition {
  kind: PartitionKind;
  /** Who cannot send to whom; both directions listed. */
  blocked: Record<string, string[]>;
  /** Human-readable: the sides (isolate, halves), each node's view (majority-ring), or the cut. */
  description: string;
}

/** Partition kinds that make sense for this many nodes. */
export function partitionKindsFor(nodeCount: number): PartitionKind[] {
  if (nodeCount <= 0) return [];
  if (nodeCount === 1) return ['cut-client'];
  if (nodeCount === 2) return ['isolate']; // halves of two nodes is the same cut
  return ['isolate', 'halves', 'majority-ring'];
}

/** Choose a kind and its sides from the rng. */
export function randomPartition(nodes: readonly string[], rng: Rng): Partition {
  const kinds = partitionKindsFor(nodes.length);
  if (kinds.length === 0) throw new Error('a partition needs at least one node');
  const kind = kinds[Math.floor(rng() * kinds.length)]!;
  switch (kind) {
    case 'cut-client':
      return cutClient(nodes);
    case 'isolate':
      return isolate(nodes, nodes[Math.floor(rng() * nodes.length)]!);
    case 'halves':
      return halves(shuffled(nodes, rng));
    case 'majority-ring':
      return majorityRing(shuffled(nodes, rng));
  }
}

export function isolate(nodes: readonly string[], lonely: string): Partition {
  if (!nodes.includes(lonely)) throw new Error(`isolate: '${lonely}' is not one of ${nodes.join(', ')}`);
  const others = nodes.filter((n) => n !== lonely);
  return {
    kind: 'isolate',
    blocked: betweenSides([lonely], others),
    description: `${lonely} | ${others.join(' ')}`,
  };
}

/** Splits `order` into its first floor(n/2) nodes and the rest. */
export function halves(order: readonly string[]): Partition {
  const cut = Math.floor(order.length / 2);
  const left = order.slice(0, cut);
  const right = order.slice(cut);
  return { kind: 'halves', blocked: betweenSides(left, right), description: `${left.join(' ')} | ${right.join(' ')}` };
}

/** Each node hears from the window of majority(n) consecutive ring nodes centred on it (Jepsen). */
export function majorityRing(ring: readonly string[]): Partition {
  const n = ring.length;
  const majority = majoritySize(n);
  const blocked: Record<string, string[]> = {};
  const views: string[] = [];
  for (let start = 0; start < n; start++) {
    const window = Array.from({ length: majority }, (_, i) => ring[(start + i) % n]!);
    const centre = window[Math.floor(majority / 2)]!;
    views.push(`${centre} hears ${[...window].sort().join(' ')}`);
    for (const sender of ring) {
      if (!window.includes(sender)) (blocked[sender] ??= []).push(centre);
    }
  }
  for (const list of Object.values(blocked)) list.sort();
  return { kind: 'majority-ring', blocked, description: views.join('; ') };
}

/** A single node cut off from the clients. */
export function cutClient(nodes: readonly string[]): Partition {
  const blocked: Record<string, string[]> = { [clientLinkName]: [...nodes] };
  for (const node of nodes) blocked[node] = [clientLinkName];
  return { kind: 'cut-client', blocked, description: `${clientLinkName} | ${nodes.join(' ')}` };
}

export function majoritySize(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

/** No traffic between the two sides, in either direction. */
function betweenSides(left: readonly string[], right: readonly string[]): Record<string, string[]> {
  const blocked: Record<string, string[]> = {};
  for (const a of left) blocked[a] = [...right];
  for (const b of right) blocked[b] = [...left];
  return blocked;
}

/** Fisher-Yates with the seeded rng. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
