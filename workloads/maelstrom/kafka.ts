/**
 * Maelstrom's `kafka`: `send {key, msg}` -> `send_ok {offset}`; `poll {offsets}` ->
 * `poll_ok {msgs: {key: [[offset, msg], ...]}}`, after which the client commits the highest
 * offsets it polled (`commit_offsets`); a client process starts from the committed offsets
 * (`list_committed_offsets {keys}`), as Maelstrom's assign does. Keys are strings of integers.
 * Final polls read every key from offset 0 on every node.
 */
import type { Completion, Op } from '../../harness/interfaces.js';
import type { Body } from './message-body.js';
import { finalReadNode, recoveryMs, slotOf, type CallResult, type MaelstromWorkload, type NodeCaller } from './maelstrom-workload.js';

export const kafkaKeyCount = 4;
const keys = Array.from({ length: kafkaKeyCount }, (_, i) => String(i));
/** A final poll stops after this many polls in a row that brought nothing new, or this many in all. */
const finalPollsMax = 100;

export type PolledMessages = Record<string, Array<[number, unknown]>>;

export const kafkaWorkload: MaelstromWorkload = {
  name: 'kafka',
  description: 'Maelstrom kafka: send / poll / commit_offsets / list_committed_offsets; lost writes, non-monotonic offsets, duplicates',
  ops: ['send', 'poll', 'final-poll'],
  checkers: ['kafka', 'maelstrom-protocol'],
  nextOp(spec, rng, processId, opIndex): Op {
    const key = keys[Math.floor(rng() * keys.length)]!;
    if (rng() < 0.5) return { f: 'send', value: [key, opIndex * spec.concurrency + slotOf(spec, processId)] };
    return { f: 'poll', value: null };
  },
  finalOps: (spec) => spec.nodes.map((node) => ({ f: 'final-poll', value: { node } })),
  finalOpsDelayMs: recoveryMs,
  createOpRunner() {
    let offsets: Map<string, number> | undefined; // next offset to poll, per key
    return async (op, caller): Promise<Completion> => {
      if (op.f === 'send') {
        const [key, msg] = op.value as [string, unknown];
        const result = await caller.call({ type: 'send', key, msg }, 'send_ok');
        if (result.type !== 'ok') return { type: result.type, value: op.value, error: result.error };
        return { type: 'ok', value: [key, msg, result.body.offset] };
      }
      if (op.f === 'final-poll') return finalPoll(op, caller);
      if (offsets === undefined) {
        const committed = await caller.call({ type: 'list_committed_offsets', keys }, 'list_committed_offsets_ok');
        if (committed.type !== 'ok') return { type: committed.type === 'fail' ? 'fail' : 'info', value: op.value, error: committed.error };
        const known = (committed.body.offsets ?? {}) as Record<string, unknown>;
        offsets = new Map(keys.map((key) => [key, typeof known[key] === 'number' ? (known[key] as number) : 0]));
      }
      const polled = await poll(caller, offsets);
      if (polled.type !== 'ok') return { type: polled.type, value: op.value, error: polled.error };
      const highest = highestOffsets(polled.msgs);
      for (const [key, offset] of Object.entries(highest)) offsets.set(key, Math.max(offsets.get(key) ?? 0, offset + 1));
      // What was polled is what happened; a commit that fails changes nothing already read.
      if (Object.keys(highest).length > 0) await caller.call({ type: 'commit_offsets', offsets: highest }, 'commit_offsets_ok');
      return { type: 'ok', value: { msgs: polled.msgs } };
    };
  },
};

async function poll(caller: NodeCaller, offsets: ReadonlyMap<string, number>, node?: string): Promise<{ type: 'ok'; msgs: PolledMessages } | { type: 'fail' | 'info'; error: string }> {
  const result: CallResult = await caller.call({ type: 'poll', offsets: Object.fromEntries(offsets) } satisfies Body, 'poll_ok', node);
  if (result.type !== 'ok') return result;
  const msgs = result.body.msgs;
  if (typeof msgs !== 'object' || msgs === null) return { type: 'info', error: `poll_ok without msgs: ${JSON.stringify(result.body).slice(0, 200)}` };
  return { type: 'ok', msgs: msgs as PolledMessages };
}

function highestOffsets(msgs: PolledMessages): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, pairs] of Object.entries(msgs)) {
    for (const pair of Array.isArray(pairs) ? pairs : []) {
      if (Array.isArray(pair) && typeof pair[0] === 'number') out[key] = Math.max(out[key] ?? -1, pair[0]);
    }
  }
  return out;
}

/** Every key from offset 0 until nothing new arrives: one ok carries everything this node returned. */
async function finalPoll(op: Op, caller: NodeCaller): Promise<Completion> {
  const node = finalReadNode(op);
  const offsets = new Map(keys.map((key) => [key, 0]));
  const all: PolledMessages = {};
  for (let polls = 0; polls < finalPollsMax; polls++) {
    const polled = await poll(caller, offsets, node);
    if (polled.type !== 'ok') return { type: polled.type === 'fail' ? 'fail' : 'info', value: op.value, error: polled.error };
    const highest = highestOffsets(polled.msgs);
    let advanced = false;
    for (const [key, offset] of Object.entries(highest)) {
      if (offset + 1 > (offsets.get(key) ?? 0)) {
        offsets.set(key, offset + 1);
        advanced = true;
      }
      (all[key] ??= []).push(...(polled.msgs[key] ?? []));
    }
    if (!advanced) break;
  }
  return { type: 'ok', value: { node, msgs: all } };
}
