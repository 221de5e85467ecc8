// g-set node: gossips to every other node (see gossip-set.mjs; --bug).
import { gossipSet } from './gossip-set.mjs';

gossipSet({ addType: 'add', addField: 'element', readValueField: 'value', neighbours: (node) => node.ids.filter((id) => id !== node.id) });
