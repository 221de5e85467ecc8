import assert from 'node:assert/strict';
import { classifyCycle, cycleClasses, shortestCycle, type LocalGraph } from '../../../checkers/transactions/cycle-search.js';
import { Rel } from '../../../checkers/transactions/graph.js';

/** A graph from [from, to, rel] edges over nodes 0..size-1. */
function graph(size: number, edges: [number, number, number][]): LocalGraph {
  const sorted = [...edges].sort((a, b) => a[0] - b[0]);
  const offsets = new Int32Array(size + 1);
  for (const [from] of sorted) offsets[from + 1]! += 1;
  for (let i = 0; i < size; i++) offsets[i + 1]! += offsets[i]!;
  return { size, offsets, to: Int32Array.from(sorted.map((e) => e[1])), rels: Uint8Array.from(sorted.map((e) => e[2])) };
}
const classNamed = (name: string) => cycleClasses.find((c) => c.name === name)!;

describe('shortestCycle', () => {
  it('counts only simple cycles: two rw edges gathered by going round a loop twice are no G-nonadjacent', () => {
    // 0 -ww-> 1 -rw-> 2 -ww-> 1, 2 -ww-> 0: the simple cycles 0 1 2 and 1 2 have one rw edge each.
    // The walk 0 1 2 1 2 0 has two, not adjacent, but passes 1 and 2 twice.
    const g = graph(3, [[0, 1, Rel.ww], [1, 2, Rel.rw], [2, 1, Rel.ww], [2, 0, Rel.ww]]);
    assert.equal(shortestCycle(g, classNamed('G-nonadjacent')).cycle, undefined);
    const single = shortestCycle(g, classNamed('G-single')).cycle!;
    assert.deepEqual([...single.nodes].sort(), [1, 2]);
    assert.equal(new Set(single.nodes).size, single.nodes.length);
  });

  it('finds a G-nonadjacent cycle that is simple', () => {
    const g = graph(4, [[0, 1, Rel.rw], [1, 2, Rel.ww], [2, 3, Rel.rw], [3, 0, Rel.wr]]);
    const found = shortestCycle(g, classNamed('G-nonadjacent')).cycle!;
    assert.deepEqual([...found.nodes].sort(), [0, 1, 2, 3]);
    assert.equal(classifyCycle(found.rels), 'G-nonadjacent');
  });
});
