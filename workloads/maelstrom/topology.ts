/**
 * The neighbour maps Maelstrom sends broadcast nodes in its `topology` message (--topology):
 * grid (the default: a roughly square grid, at most 4 neighbours), line, total, and trees
 * of fan-out 2, 3, 4. Pure functions of the node list.
 */
export const topologyNames = ['grid', 'line', 'total', 'tree2', 'tree3', 'tree4'] as const;
export type TopologyName = (typeof topologyNames)[number];

export function topology(name: TopologyName, nodes: readonly string[]): Record<string, string[]> {
  switch (name) {
    case 'grid':
      return grid(nodes);
    case 'line':
      return Object.fromEntries(nodes.map((node, i) => [node, [nodes[i - 1], nodes[i + 1]].filter((n): n is string => n !== undefined)]));
    case 'total':
      return Object.fromEntries(nodes.map((node) => [node, nodes.filter((other) => other !== node)]));
    default:
      return tree(Number(name.slice(4)), nodes);
  }
}

function grid(nodes: readonly string[]): Record<string, string[]> {
  const side = Math.ceil(Math.sqrt(nodes.length));
  const at = (i: number, j: number): string | undefined => (i >= 0 && j >= 0 && j < side ? nodes[i * side + j] : undefined);
  const out: Record<string, string[]> = {};
  nodes.forEach((node, index) => {
    const i = Math.floor(index / side);
    const j = index % side;
    out[node] = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)].filter((n): n is string => n !== undefined);
  });
  return out;
}

/** Node k's children are k*fanout+1 .. k*fanout+fanout; neighbours are parent and children. */
function tree(fanout: number, nodes: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(nodes.map((node) => [node, [] as string[]]));
  nodes.forEach((node, k) => {
    for (let c = k * fanout + 1; c <= k * fanout + fanout && c < nodes.length; c++) {
      out[node]!.push(nodes[c]!);
      out[nodes[c]!]!.push(node);
    }
  });
  return out;
}
