// A grow-only set replicated by gossip, for the broadcast and g-set nodes. Correct: each new
// element is appended to a file in the node's folder before it is acknowledged, and every
// 150 ms each node sends every neighbour what that neighbour has not confirmed, so partitions,
// lost messages and crashes only delay it. --bug: tell each neighbour once, keep nothing on
// disk and never retry: a partition or a crash loses elements.
import { Node, appendLine, buggy, loadLines } from './node.mjs';

export function gossipSet({ addType, addField, readValueField, neighbours }) {
  const node = new Node();
  const elements = new Set();
  const confirmed = new Map(); // neighbour -> elements it confirmed
  let peers = [];
  const add = (values) => {
    for (const value of values) {
      if (elements.has(value)) continue;
      elements.add(value);
      if (!buggy) appendLine(node.dataDir, 'elements.jsonl', value);
    }
  };
  node.onInit = () => {
    elements.clear();
    confirmed.clear();
    for (const value of loadLines(node.dataDir, 'elements.jsonl')) elements.add(value);
    peers = neighbours(node);
  };
  node.on('topology', (message) => {
    peers = neighbours(node, message.body.topology);
    return { type: 'topology_ok' };
  });
  node.on(addType, (message) => {
    const value = message.body[addField];
    const fresh = !elements.has(value);
    add([value]);
    if (buggy && fresh) for (const peer of peers) node.send(peer, { type: 'gossip', elements: [value] });
    return { type: `${addType}_ok` };
  });
  node.on('read', () => ({ type: 'read_ok', [readValueField]: [...elements] }));
  node.on('gossip', (message) => {
    const fresh = message.body.elements.filter((value) => !elements.has(value));
    add(message.body.elements);
    if (buggy) {
      for (const peer of peers) if (peer !== message.src && fresh.length > 0) node.send(peer, { type: 'gossip', elements: fresh });
      return undefined;
    }
    return { type: 'gossip_ok', elements: message.body.elements };
  });
  if (!buggy) {
    node.every(150, () => {
      for (const peer of peers) {
        const known = confirmed.get(peer) ?? new Set();
        confirmed.set(peer, known);
        const missing = [...elements].filter((value) => !known.has(value));
        if (missing.length === 0) continue;
        void node.rpc(peer, { type: 'gossip', elements: missing }, 500).then((reply) => {
          if (reply?.type === 'gossip_ok') for (const value of reply.elements) known.add(value);
        });
      }
    });
  }
  node.run();
}
