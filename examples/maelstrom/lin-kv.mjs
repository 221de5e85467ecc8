// lin-kv node. Correct: every read, write and cas goes to Maelstrom's lin-kv service, and the
// service's answer (or error) is passed back; no answer within 800 ms is an indefinite error.
// --bug: reads answer from a local cache of what this node wrote or read last: stale reads.
import { Node, buggy } from './node.mjs';

const node = new Node();
const cache = new Map();
const forward = async (message, fields) => {
  const reply = await node.rpc('lin-kv', { type: message.body.type, key: message.body.key, ...fields }, 800);
  if (reply === undefined) return { type: 'error', code: 0, text: 'lin-kv did not answer' };
  const { msg_id: _m, in_reply_to: _r, ...rest } = reply;
  return rest;
};
node.on('read', async (message) => {
  if (buggy && cache.has(message.body.key)) return { type: 'read_ok', value: cache.get(message.body.key) };
  const reply = await forward(message, {});
  if (reply.type === 'read_ok') cache.set(message.body.key, reply.value);
  return reply;
});
node.on('write', async (message) => {
  const reply = await forward(message, { value: message.body.value });
  if (reply.type === 'write_ok') cache.set(message.body.key, message.body.value);
  return reply;
});
node.on('cas', async (message) => {
  const reply = await forward(message, { from: message.body.from, to: message.body.to });
  if (reply.type === 'cas_ok') cache.set(message.body.key, message.body.to);
  return reply;
});
node.run();
