// txn-list-append / txn-rw-register node. Correct: the whole database is one value of Maelstrom's
// lin-kv service (key "db"); a transaction reads it, applies its micro-ops and writes the result
// back with a cas from the value it read, retrying from a fresh read when the cas did not hold
// (Maelstrom's "datomic" design): strict serializable, as lin-kv is linearizable, and crashes of
// this node lose nothing. An answer lost on the way to lin-kv after the cas left is indefinite.
// --bug: writes the result back with a blind write instead of a cas, so two transactions that
// read the same database both commit and the later one erases the other's writes (lost update).
import { Node, buggy } from './node.mjs';

const node = new Node();
const kv = (body) => node.rpc('lin-kv', body, 500);

function apply(db, txn) {
  const next = { ...db };
  const result = [];
  for (const [f, k, v] of txn) {
    const key = String(k);
    if (f === 'r') result.push([f, k, next[key] ?? null]);
    else if (f === 'append') {
      next[key] = [...(next[key] ?? []), v];
      result.push([f, k, v]);
    } else if (f === 'w') {
      next[key] = v;
      result.push([f, k, v]);
    } else return undefined;
  }
  return { next, result };
}

node.on('txn', async (message) => {
  for (let attempt = 0; attempt < 10; attempt++) {
    const read = await kv({ type: 'read', key: 'db' });
    // Nothing was written yet: the transaction surely did not happen (11 is a definite error).
    if (read === undefined) return { type: 'error', code: 11, text: 'lin-kv did not answer the read' };
    const exists = read.type === 'read_ok';
    const db = exists ? read.value : {};
    const applied = apply(db, message.body.txn);
    if (applied === undefined) return { type: 'error', code: 12, text: 'unknown micro-op' };
    if (JSON.stringify(applied.next) === JSON.stringify(db)) return { type: 'txn_ok', txn: applied.result };
    const write = buggy
      ? await kv({ type: 'write', key: 'db', value: applied.next })
      : await kv({ type: 'cas', key: 'db', from: db, to: applied.next, create_if_not_exists: !exists });
    if (write === undefined) return { type: 'error', code: 0, text: 'lin-kv did not answer the write: it may have happened' };
    if (write.type === 'cas_ok' || write.type === 'write_ok') return { type: 'txn_ok', txn: applied.result };
    if (write.type === 'error' && (write.code === 22 || write.code === 20 || write.code === 21)) continue; // another txn came first
    return { type: 'error', code: 0, text: `lin-kv answered ${JSON.stringify(write)}` };
  }
  return { type: 'error', code: 30, text: 'txn-conflict: the database kept changing under 10 tries' };
});
node.run();
