// unique-ids node. Correct: node id, process id and a counter (a restart is a new process, so
// ids stay unique across crashes). --bug: the counter alone, so two nodes hand out the same ids.
import { Node, buggy } from './node.mjs';

const node = new Node();
let counter = 0;
node.on('generate', () => ({ type: 'generate_ok', id: buggy ? counter++ : `${node.id}-${process.pid}-${counter++}` }));
node.run();
