/**
 * The dependency graph between transactions, built for a million of them: nodes are integer
 * ids, edges sit in typed arrays (compressed sparse rows), each edge carries a bit mask of its
 * relations (ww, wr, rw, process, realtime). Strongly connected components by an iterative
 * Tarjan (no recursion: a 1M-node chain would overflow the JS stack).
 */

export const Rel = { ww: 1, wr: 2, rw: 4, process: 8, realtime: 16 } as const;
export type RelName = keyof typeof Rel;
export const relNames: readonly RelName[] = ['ww', 'wr', 'rw', 'process', 'realtime'];

/** Edges as they are found, duplicates allowed; freeze() turns them into CSR. */
export class EdgeList {
  private from: Int32Array;
  private to: Int32Array;
  private rels: Uint8Array;
  length = 0;

  /** `capacity`: the expected edge count, so a big history does not pay for growing copies. */
  constructor(capacity = 1024) {
    const size = Math.max(16, capacity);
    this.from = new Int32Array(size);
    this.to = new Int32Array(size);
    this.rels = new Uint8Array(size);
  }

  add(from: number, to: number, rel: number): void {
    if (from === to) return;
    if (this.length === this.from.length) {
      const grow = <T extends Int32Array | Uint8Array>(array: T, make: (n: number) => T): T => {
        const bigger = make(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.from = grow(this.from, (n) => new Int32Array(n));
      this.to = grow(this.to, (n) => new Int32Array(n));
      this.rels = grow(this.rels, (n) => new Uint8Array(n));
    }
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.rels[this.length] = rel;
    this.length++;
  }

  /** CSR over nodes 0..nodeCount-1, keeping only edges with a relation in `mask`. */
  freeze(nodeCount: number, mask: number): Graph {
    const offsets = new Int32Array(nodeCount + 1);
    let kept = 0;
    for (let i = 0; i < this.length; i++) {
      if ((this.rels[i]! & mask) === 0) continue;
      offsets[this.from[i]! + 1]!++;
      kept++;
    }
    for (let n = 0; n < nodeCount; n++) offsets[n + 1]! += offsets[n]!;
    const targets = new Int32Array(kept);
    const rels = new Uint8Array(kept);
    const fill = offsets.slice(0, nodeCount);
    for (let i = 0; i < this.length; i++) {
      const rel = this.rels[i]! & mask;
      if (rel === 0) continue;
      const at = fill[this.from[i]!]!++;
      targets[at] = this.to[i]!;
      rels[at] = rel;
    }
    return { nodeCount, offsets, targets, rels };
  }
}

export interface Graph {
  nodeCount: number;
  /** Edges of node n are targets[offsets[n] .. offsets[n+1]). */
  offsets: Int32Array;
  targets: Int32Array;
  rels: Uint8Array;
}

/** Strongly connected components with more than one node, each as its node ids. Iterative Tarjan. */
export function nontrivialComponents(graph: Graph): number[][] {
  const { nodeCount, offsets, targets } = graph;
  const index = new Int32Array(nodeCount).fill(-1);
  const low = new Int32Array(nodeCount);
  const onStack = new Uint8Array(nodeCount);
  const stack = new Int32Array(nodeCount);
  let stackTop = 0;
  const callNode = new Int32Array(nodeCount);
  const callEdge = new Int32Array(nodeCount);
  let next = 0;
  const components: number[][] = [];
  for (let root = 0; root < nodeCount; root++) {
    if (index[root] !== -1) continue;
    if (offsets[root] === offsets[root + 1]) {
      index[root] = next++; // no edges out: a component of its own
      continue;
    }
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = offsets[root]!;
    index[root] = low[root] = next++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const node = callNode[depth]!;
      const edge = callEdge[depth]!;
      if (edge < offsets[node + 1]!) {
        callEdge[depth] = edge + 1;
        const target = targets[edge]!;
        if (index[target] === -1) {
          index[target] = low[target] = next++;
          stack[stackTop++] = target;
          onStack[target] = 1;
          depth++;
          callNode[depth] = target;
          callEdge[depth] = offsets[target]!;
        } else if (onStack[target] === 1 && index[target]! < low[node]!) {
          low[node] = index[target]!;
        }
        continue;
      }
      if (low[node] === index[node]) {
        let top = stack[--stackTop]!;
        onStack[top] = 0;
        if (top !== node) {
          const component = [top];
          do {
            top = stack[--stackTop]!;
            onStack[top] = 0;
            component.push(top);
          } while (top !== node);
          components.push(component);
        }
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth]!;
        if (low[node]! < low[parent]!) low[parent] = low[node]!;
      }
    }
  }
  return components;
}
