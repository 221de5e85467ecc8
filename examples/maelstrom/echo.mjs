// echo node. Correct: echoes what it got. --bug: answers with the payload of the latest
// request it saw (a shared variable, the classic race), so concurrent echoes cross.
import { Node, buggy } from './node.mjs';

const node = new Node();
let latest;
node.on('echo', async (message) => {
  latest = message.body.echo;
  if (!buggy) return { type: 'echo_ok', echo: message.body.echo };
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { type: 'echo_ok', echo: latest };
});
node.run();
