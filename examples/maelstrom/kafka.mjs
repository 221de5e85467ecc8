// kafka node. Correct: each key's log is one value in Maelstrom's lin-kv service, appended
// with read + cas (create_if_not_exists), so the offset is the message's index, given out once;
// when a cas answer is lost, the log is read again to find the message before trying anew
// (messages are unique). Committed offsets live in lin-kv too. --bug: offsets from a counter
// local to this node and the log in its memory: two nodes give out the same offsets.
import { Node, buggy } from './node.mjs';

const node = new Node();
const local = new Map(); // --bug: key -> [msg, ...]
const localCommitted = new Map();
const kv = (body) => node.rpc('lin-kv', body, 500);

async function readLog(key) {
  const reply = await kv({ type: 'read', key: `log-${key}` });
  if (reply === undefined) return undefined;
  return reply.type === 'read_ok' ? reply.value : [];
}

async function append(key, msg) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const log = await readLog(key);
    if (log === undefined) continue;
    const found = log.indexOf(msg);
    if (found >= 0) return found; // an earlier cas went through, its answer was lost
    const reply = await kv({ type: 'cas', key: `log-${key}`, from: log, to: [...log, msg], create_if_not_exists: log.length === 0 });
    if (reply?.type === 'cas_ok') return log.length;
  }
  return undefined;
}

node.on('send', async (message) => {
  const { key, msg } = message.body;
  if (buggy) {
    const log = local.get(key) ?? [];
    local.set(key, log);
    log.push(msg);
    return { type: 'send_ok', offset: log.length - 1 };
  }
  const offset = await append(key, msg);
  return offset === undefined ? { type: 'error', code: 0, text: 'could not append' } : { type: 'send_ok', offset };
});

node.on('poll', async (message) => {
  const msgs = {};
  for (const [key, from] of Object.entries(message.body.offsets)) {
    const log = buggy ? (local.get(key) ?? []) : await readLog(key);
    if (log === undefined) return { type: 'error', code: 11, text: 'lin-kv unreachable' };
    const pairs = log.slice(from, from + 20).map((msg, i) => [from + i, msg]);
    if (pairs.length > 0) msgs[key] = pairs;
  }
  return { type: 'poll_ok', msgs };
});

node.on('commit_offsets', async (message) => {
  for (const [key, offset] of Object.entries(message.body.offsets)) {
    if (buggy) {
      localCommitted.set(key, Math.max(localCommitted.get(key) ?? 0, offset));
      continue;
    }
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await kv({ type: 'read', key: `committed-${key}` });
      if (current === undefined) continue;
      const value = current.type === 'read_ok' ? current.value : undefined;
      if (value !== undefined && value >= offset) break;
      const reply = await kv({ type: 'cas', key: `committed-${key}`, from: value ?? null, to: offset, create_if_not_exists: value === undefined });
      if (reply?.type === 'cas_ok') break;
    }
  }
  return { type: 'commit_offsets_ok' };
});

node.on('list_committed_offsets', async (message) => {
  const offsets = {};
  for (const key of message.body.keys) {
    if (buggy) {
      if (localCommitted.has(key)) offsets[key] = localCommitted.get(key);
      continue;
    }
    const reply = await kv({ type: 'read', key: `committed-${key}` });
    if (reply === undefined) return { type: 'error', code: 11, text: 'lin-kv unreachable' };
    if (reply.type === 'read_ok') offsets[key] = reply.value;
  }
  return { type: 'list_committed_offsets_ok', offsets };
});
node.run();
