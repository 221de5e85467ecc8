/**
 * The kafka checker (after jepsen.tests.kafka, the anomalies issue 14 names), over acknowledged
 * sends and ok polls (final polls too):
 * - inconsistent offsets: one offset of a key holding two different messages;
 * - duplicates: one message at two offsets of its key;
 * - lost writes: an acknowledged send at offset o that no poll returned, though polls returned
 *   a higher offset of that key;
 * - non-monotonic: offsets not strictly increasing within one poll (internal), between the
 *   polls of one client process (external), or between the sends of one process on a key.
 * Acknowledged sends no poll reached (unseen) are reported; Maelstrom has no recency promise.
 */
import { pairOperations } from '../linearizability/operations.js';
import { canonicalJson } from '../models/model.js';
import type { Checker } from '../../harness/interfaces.js';

type Msgs = Record<string, Array<[number, unknown]>>;

export const kafkaChecker: Checker = (_spec, history) => {
  const ops = pairOperations(history).filter((op) => op.outcome === 'ok').sort((a, b) => a.callTimeNs - b.callTimeNs);
  const atOffset = new Map<string, Map<number, string>>(); // key -> offset -> message
  const polledOffsets = new Map<string, Set<number>>();
  const maxPolled = new Map<string, number>();
  const inconsistent: unknown[] = [];
  const nonMonotonic: unknown[] = [];
  const sends: Array<{ key: string; offset: number; msg: unknown }> = [];
  const observe = (key: string, offset: number, msg: unknown) => {
    const byOffset = atOffset.get(key) ?? new Map<number, string>();
    atOffset.set(key, byOffset);
    const text = canonicalJson(msg);
    const before = byOffset.get(offset);
    if (before === undefined) byOffset.set(offset, text);
    else if (before !== text) inconsistent.push({ key, offset, messages: [JSON.parse(before), msg] });
  };
  const lastSendOffset = new Map<string, number>(); // process/key -> offset
  const lastPollOffset = new Map<string, number>();
  for (const op of ops) {
    if (op.f === 'send') {
      const [key, msg, offset] = op.completionValue as [string, unknown, unknown];
      if (typeof offset !== 'number') throw new Error(`send_ok for key ${key} without an integer offset: ${JSON.stringify(offset)}`);
      observe(key, offset, msg);
      sends.push({ key, offset, msg });
      const where = `${op.process}/${key}`;
      const last = lastSendOffset.get(where);
      if (last !== undefined && offset <= last) nonMonotonic.push({ kind: 'send', process: op.process, key, offsets: [last, offset] });
      lastSendOffset.set(where, offset);
      continue;
    }
    if (op.f !== 'poll' && op.f !== 'final-poll') continue;
    const msgs = (op.completionValue as { msgs?: Msgs } | null)?.msgs ?? {};
    for (const [key, pairs] of Object.entries(msgs)) {
      if (!Array.isArray(pairs)) throw new Error(`poll_ok msgs for key ${key} is not an array`);
      let previous: number | undefined;
      const where = `${op.process}/${key}`;
      for (const pair of pairs) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'number') throw new Error(`poll_ok pair ${JSON.stringify(pair)} is not [offset, msg]`);
        const [offset, msg] = pair;
        observe(key, offset, msg);
        (polledOffsets.get(key) ?? polledOffsets.set(key, new Set()).get(key)!).add(offset);
        maxPolled.set(key, Math.max(maxPolled.get(key) ?? -1, offset));
        if (previous !== undefined && offset <= previous) nonMonotonic.push({ kind: 'poll-internal', process: op.process, key, offsets: [previous, offset] });
        // The final poll restarts from 0 within one operation: only its internal order counts.
        const last = lastPollOffset.get(where);
        if (previous === undefined && last !== undefined && op.f === 'poll' && offset <= last) nonMonotonic.push({ kind: 'poll-external', process: op.process, key, offsets: [last, offset] });
        previous = offset;
      }
      if (previous !== undefined) lastPollOffset.set(where, previous);
    }
  }
  const duplicates: unknown[] = [];
  for (const [key, byOffset] of atOffset) {
    const offsetsOf = new Map<string, number[]>();
    for (const [offset, text] of byOffset) offsetsOf.set(text, [...(offsetsOf.get(text) ?? []), offset]);
    for (const [text, offsets] of offsetsOf) if (offsets.length > 1) duplicates.push({ key, msg: JSON.parse(text), offsets: offsets.sort((a, b) => a - b) });
  }
  const lost = sends.filter((s) => !(polledOffsets.get(s.key)?.has(s.offset) ?? false) && (maxPolled.get(s.key) ?? -1) > s.offset);
  const unseen = sends.filter((s) => !(polledOffsets.get(s.key)?.has(s.offset) ?? false) && (maxPolled.get(s.key) ?? -1) <= s.offset);
  const details = {
    acknowledgedSends: sends.length,
    lostCount: lost.length,
    unseenCount: unseen.length,
    duplicateCount: duplicates.length,
    inconsistentCount: inconsistent.length,
    nonMonotonicCount: nonMonotonic.length,
    lost: lost.slice(0, 20),
    unseen: unseen.slice(0, 20),
    duplicates: duplicates.slice(0, 20),
    inconsistent: inconsistent.slice(0, 20),
    nonMonotonic: nonMonotonic.slice(0, 20),
  };
  const problems = [
    lost.length > 0 ? `${lost.length} lost writes` : '',
    duplicates.length > 0 ? `${duplicates.length} duplicated messages` : '',
    inconsistent.length > 0 ? `${inconsistent.length} offsets with two messages` : '',
    nonMonotonic.length > 0 ? `${nonMonotonic.length} non-monotonic offsets (${[...new Set(nonMonotonic.map((n) => (n as { kind: string }).kind))].join(', ')})` : '',
  ].filter(Boolean);
  if (problems.length > 0) return { checker: 'kafka', valid: false, summary: problems.join('; '), ...details };
  if (sends.length === 0) return { checker: 'kafka', valid: 'unknown', summary: 'no send was acknowledged', ...details };
  return { checker: 'kafka', valid: true, summary: `${sends.length} acknowledged sends, ${sends.length - unseen.length} seen by polls, ${unseen.length} unseen; offsets consistent and monotonic`, ...details };
};
