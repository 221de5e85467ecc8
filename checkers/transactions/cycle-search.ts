/**
 * The shortest cycle of one anomaly class inside one strongly connected component: a
 * breadth-first search over (transaction, what the path has used so far), so constraints
 * like "exactly one rw edge" (G-single) or "no two rw edges in a row" (G-nonadjacent) are part
 * of the search, as Elle's cycle specs are. Each class is a set of allowed relations, the
 * relations the cycle must use, and a rule on its rw edges. Only simple cycles count (no
 * transaction twice), as in Elle.
 */
import { Rel, type RelName, relNames } from './graph.js';

export type RwRule = 'none' | 'one' | 'nonadjacent' | 'many';

export interface CycleClass {
  /** Elle's anomaly name, e.g. 'G-single-realtime'. */
  name: string;
  allowed: number;
  required: number;
  rw: RwRule;
}

const base: readonly { name: string; allowed: number; required: number; rw: RwRule }[] = [
  { name: 'G0', allowed: Rel.ww, required: 0, rw: 'none' },
  { name: 'G1c', allowed: Rel.ww | Rel.wr, required: Rel.wr, rw: 'none' },
  { name: 'G-single', allowed: Rel.ww | Rel.wr | Rel.rw, required: 0, rw: 'one' },
  { name: 'G-nonadjacent', allowed: Rel.ww | Rel.wr | Rel.rw, required: 0, rw: 'nonadjacent' },
  { name: 'G2-item', allowed: Rel.ww | Rel.wr | Rel.rw, required: 0, rw: 'many' },
];

/** Every cycle class, most severe first: the data-only ones, then -process, then -realtime (Elle's order). */
export const cycleClasses: readonly CycleClass[] = [
  ...base,
  ...base.map((c) => ({ ...c, name: `${c.name}-process`, allowed: c.allowed | Rel.process, required: c.required | Rel.process })),
  ...base.map((c) => ({ ...c, name: `${c.name}-realtime`, allowed: c.allowed | Rel.process | Rel.realtime, required: c.required | Rel.realtime })),
];

/** The class a cycle belongs to, from the relations of its edges in order. */
export function classifyCycle(rels: readonly number[]): string {
  const all = rels.reduce((a, r) => a | r, 0);
  const suffix = (all & Rel.realtime) !== 0 ? '-realtime' : (all & Rel.process) !== 0 ? '-process' : '';
  const rw = rels.map((r) => r === Rel.rw);
  const rwCount = rw.filter(Boolean).length;
  let name: string;
  if (rwCount === 0) name = (all & Rel.wr) !== 0 ? 'G1c' : 'G0';
  else if (rwCount === 1) name = 'G-single';
  else name = rw.some((isRw, i) => isRw && rw[(i + 1) % rw.length]) ? 'G2-item' : 'G-nonadjacent';
  return name + suffix;
}

/** A component's edges in local numbering: node i's edges are to[offsets[i]..offsets[i+1]). */
export interface LocalGraph {
  size: number;
  offsets: Int32Array;
  to: Int32Array;
  rels: Uint8Array;
}

export interface FoundCycle {
  /** Local node ids, cycle[0] -> cycle[1] -> ... -> cycle[0]. */
  nodes: number[];
  /** rels[i]: the one relation chosen for the edge nodes[i] -> nodes[i+1 mod n]. */
  rels: number[];
}

const states = 32 * 12;

/**
 * The shortest cycle of `spec` through one of up to `startsMax` start nodes, or undefined when
 * none is found within `transitionsMax` edge steps (the component may still hold one: the caller
 * says so rather than calling the component clean).
 */
export function shortestCycle(graph: LocalGraph, spec: CycleClass, startsMax = 24, transitionsMax = 500_000): { cycle?: FoundCycle; exhausted: boolean; transitions: number } {
  const keyRel = spec.rw === 'none' ? spec.required & ~Rel.wr : Rel.rw;
  const starts: number[] = [];
  for (let node = 0; node < graph.size && starts.length < startsMax; node++) {
    for (let e = graph.offsets[node]!; e < graph.offsets[node + 1]!; e++) {
      if ((graph.rels[e]! & (keyRel === 0 ? spec.allowed : keyRel)) !== 0) {
        starts.push(node);
        break;
      }
    }
  }
  let best: FoundCycle | undefined;
  let budget = transitionsMax;
  let exhausted = false;
  for (const start of starts) {
    const found = bfsFrom(graph, spec, start, best === undefined ? Infinity : best.nodes.length, budget);
    budget = found.budgetLeft;
    if (found.cycle !== undefined) best = found.cycle;
    if (budget <= 0) {
      exhausted = true;
      break;
    }
    if (best !== undefined && best.nodes.length === 2) break;
  }
  return { cycle: best, exhausted: exhausted && best === undefined, transitions: transitionsMax - Math.max(0, budget) };
}

function bfsFrom(graph: LocalGraph, spec: CycleClass, start: number, lengthLimit: number, budget: number): { cycle?: FoundCycle; budgetLeft: number } {
  const parent = new Map<number, number>(); // state id -> previous state id * 32 + rel bit index
  const depth = new Map<number, number>();
  const startState = start * states; // seen 0, rw 0, first 0, last 0
  let frontier = [startState];
  depth.set(startState, 0);
  const relBits = relNames.map((name) => Rel[name]);
  let level = 0;
  while (frontier.length > 0 && level + 1 <= lengthLimit) {
    const nextFrontier: number[] = [];
    for (const stateId of frontier) {
      const node = Math.floor(stateId / states);
      const s = stateId % states;
      const seen = Math.floor(s / 12);
      const rwCount = Math.floor((s % 12) / 4);
      const first = (s >> 1) & 1;
      const last = s & 1;
      for (let e = graph.offsets[node]!; e < graph.offsets[node + 1]!; e++) {
        const target = graph.to[e]!;
        const edgeRels = graph.rels[e]! & spec.allowed;
        for (let bit = 0; bit < relBits.length; bit++) {
          const rel = relBits[bit]!;
          if ((edgeRels & rel) === 0) continue;
          if (--budget <= 0) return { budgetLeft: 0 };
          const isRw = rel === Rel.rw ? 1 : 0;
          if (isRw === 1) {
            if (spec.rw === 'none') continue;
            if (spec.rw === 'one' && rwCount >= 1) continue;
            if (spec.rw === 'nonadjacent' && last === 1) continue;
          }
          const nextSeen = (seen | rel) & spec.required & 31;
          const nextRw = Math.min(2, rwCount + isRw);
          const nextFirst = level === 0 ? isRw : first;
          const nextLast = isRw;
          const nextS = nextSeen * 12 + nextRw * 4 + (spec.rw === 'nonadjacent' ? nextFirst * 2 + nextLast : 0);
          if (target === start) {
            if (nextSeen !== (spec.required & 31)) continue;
            if (spec.rw === 'one' && nextRw !== 1) continue;
            if (spec.rw === 'many' && nextRw < 2) continue;
            if (spec.rw === 'nonadjacent' && (nextRw < 2 || (nextFirst === 1 && nextLast === 1))) continue;
            // The search is over (transaction, what the path used), so a closed walk may pass a
            // transaction twice (T1 T4 T5 T4 T5: two rw edges gathered by going round twice). That
            // is no cycle of this class, only of the simple cycles it is made of: keep looking.
            const cycle = unwind(parent, stateId, rel, start);
            if (new Set(cycle.nodes).size !== cycle.nodes.length) continue;
            return { cycle, budgetLeft: budget };
          }
          const nextId = target * states + nextS;
          if (depth.has(nextId)) continue;
          depth.set(nextId, level + 1);
          parent.set(nextId, stateId * 32 + bit);
          nextFrontier.push(nextId);
        }
      }
    }
    frontier = nextFrontier;
    level++;
  }
  return { budgetLeft: budget };
}

function unwind(parent: Map<number, number>, lastState: number, closingRel: number, start: number): FoundCycle {
  const nodes: number[] = [];
  const rels: number[] = [closingRel];
  let state = lastState;
  while (Math.floor(state / states) !== start || parent.has(state)) {
    nodes.push(Math.floor(state / states));
    const link = parent.get(state);
    if (link === undefined) break;
    rels.push(Rel[relNames[link % 32]!]);
    state = Math.floor(link / 32);
  }
  nodes.push(start);
  nodes.reverse();
  rels.reverse();
  return { nodes, rels };
}

export type { RelName };
