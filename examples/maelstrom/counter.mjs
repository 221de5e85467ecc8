// g-counter / pn-counter node, a state-based CRDT: per node, the sum of its own increments and
// of its decrements; a read is the sum over nodes. Correct: its own entry is saved in the node's
// folder before the add is acknowledged, and every 150 ms it sends its whole map to every other
// node (merge = max per entry), so loss, partitions and crashes only delay. --bug: each add is
// sent once to every other node as a delta and never again: lost messages lose increments.
import { Node, buggy, loadJson, saveJson } from './node.mjs';

const node = new Node();
let state = {}; // node -> { p, n }
let total = 0; // --bug: the local running sum
node.onInit = () => {
  state = loadJson(node.dataDir, 'counter.json', {});
};
node.on('add', (message) => {
  const delta = message.body.delta;
  if (buggy) {
    total += delta;
    for (const peer of node.ids) if (peer !== node.id) node.send(peer, { type: 'delta', delta });
    return { type: 'add_ok' };
  }
  const mine = (state[node.id] ??= { p: 0, n: 0 });
  if (delta >= 0) mine.p += delta;
  else mine.n -= delta;
  saveJson(node.dataDir, 'counter.json', state);
  return { type: 'add_ok' };
});
node.on('delta', (message) => {
  total += message.body.delta;
  return undefined;
});
node.on('read', () => ({ type: 'read_ok', value: buggy ? total : Object.values(state).reduce((sum, { p, n }) => sum + p - n, 0) }));
node.on('state', (message) => {
  for (const [id, { p, n }] of Object.entries(message.body.state)) {
    if (id === node.id) continue; // only this node writes its own entry
    const entry = (state[id] ??= { p: 0, n: 0 });
    entry.p = Math.max(entry.p, p);
    entry.n = Math.max(entry.n, n);
  }
  return undefined;
});
if (!buggy) node.every(150, () => node.ids.forEach((peer) => peer !== node.id && node.send(peer, { type: 'state', state })));
node.run();
