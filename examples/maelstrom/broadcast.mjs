// broadcast node: gossips to the neighbours of the topology message (see gossip-set.mjs; --bug).
import { gossipSet } from './gossip-set.mjs';

gossipSet({
  addType: 'broadcast',
  addField: 'message',
  readValueField: 'messages',
  neighbours: (node, topology) => (topology === undefined ? node.ids.filter((id) => id !== node.id) : (topology[node.id] ?? [])),
});
