/**
 * Elle's list-append inference. Appended values are unique per key, so a read list names the
 * writer of every element; the version order of a key is its longest read, and every other
 * read must be a prefix of it (else incompatible-order). From that order: ww (consecutive
 * appends), wr (a read ending with an append), rw (a read missing the next append). An ok
 * append no read ever shows (or one of an info transaction some read shows happened) comes after every version read, since lists only grow: so the
 * reader of the longest version rw-precedes it, and the last observed writer ww-precedes it.
 * Without a cycle: duplicate-elements, G1a (aborted read), G1b (intermediate read),
 * dirty-update, internal, future-read, lost-update, garbage-read.
 */
import { BadInputError } from '../../harness/exit-codes.js';
import { EdgeList, Rel } from './graph.js';
import { AnomalyLog, type Inference } from './inference.js';
import { Kind, Outcome, opsOf, showValue, type Txn, type TxnHistory } from './txn.js';

interface KeyState {
  /** Appended value -> writing txn. */
  writers: Map<unknown, number>;
  /** Values a txn appended to this key and then appended again after (not its last). */
  intermediate?: Set<unknown>;
  /** Every ok read: txn ids and lists, and whether it was the txn's first contact with the key. */
  readTxns: number[];
  readLists: unknown[][];
  readExternal: boolean[];
  longest: unknown[];
  /** Element -> position in `longest`. */
  position?: Map<unknown, number>;
  /** Ok appends no read shows. */
  unobserved?: number[];
}

export function inferListAppend(history: TxnHistory): Inference {
  const { txns, keyNames } = history;
  const { kind: opKind, key: opKey, value: opValue } = history.ops;
  const log = new AnomalyLog();
  const keys: KeyState[] = keyNames.map(() => ({ writers: new Map(), readTxns: [], readLists: [], readExternal: [], longest: [] }));
  const ensureKeys = (): void => {
    while (keys.length < keyNames.length) keys.push({ writers: new Map(), readTxns: [], readLists: [], readExternal: [], longest: [] });
  };
  ensureKeys();
  const keyName = (k: number): string => keyNames[k]!;

  // Pass 1: writers, reads, and each transaction's consistency with itself.
  const { outcomeCode, opStart, opEnd } = txns;
  for (let id = 0; id < txns.length; id++) {
    const start = opStart[id]!;
    const end = opEnd[id]!;
    // Per key touched: what this txn knows of the list (a read plus its own appends since), or only its own appends.
    // Only a transaction touching a key twice needs to track itself (most touch each key once: no allocation).
    const known = touchesAKeyTwice(opKey, start, end) ? new Map<number, { prefix: unknown[] | undefined; own: unknown[]; lastAppend: unknown }>() : undefined;
    for (let op = start; op < end; op++) {
      const micro = { key: opKey[op]!, value: opValue[op] };
      const state = keys[micro.key]!;
      let mine = known?.get(micro.key);
      if (opKind[op] === Kind.append) {
        const previous = state.writers.get(micro.value);
        if (previous !== undefined) {
          const other = txns.at(previous);
          throw new BadInputError(
            `value ${showValue(micro.value)} is appended to ${keyName(micro.key)} twice (also by the txn on line ${other.invokeLine ?? '?'}): list-append needs unique appended values per key`,
            history.fileName,
            txns.invokeLine[id] || undefined,
          );
        }
        state.writers.set(micro.value, id);
        if (known === undefined) continue;
        if (mine === undefined) known.set(micro.key, (mine = { prefix: undefined, own: [], lastAppend: undefined }));
        else if (mine.lastAppend !== undefined) (state.intermediate ??= new Set()).add(mine.lastAppend);
        mine.own.push(micro.value);
        mine.lastAppend = micro.value;
        continue;
      }
      const list = micro.value as unknown[] | null;
      if (list === null || outcomeCode[id] !== Outcome.ok) continue;
      state.readTxns.push(id);
      state.readLists.push(list);
      state.readExternal.push(mine === undefined);
      if (list.length > state.longest.length) state.longest = list;
      if (mine !== undefined) {
        const expected = mine.prefix === undefined ? undefined : [...mine.prefix, ...mine.own];
        const consistent = expected !== undefined ? sameList(list, expected) : endsWith(list, mine.own);
        if (!consistent) {
          const wanted = expected !== undefined ? `${showValue(expected)}` : `a list ending in ${showValue(mine.own)}`;
          log.add({ type: 'internal', key: keyName(micro.key), txns: [id], explanation: `T read ${keyName(micro.key)} = ${showValue(list)} but its own earlier operations on ${keyName(micro.key)} mean it should have seen ${wanted}` });
        }
        mine.prefix = list;
        mine.own = [];
      } else {
        known?.set(micro.key, { prefix: list, own: [], lastAppend: undefined });
      }
    }
  }

  // About one edge per micro-op each way, plus process and realtime edges per txn.
  const edges = new EdgeList(history.ops.kind.length * 2 + txns.length * 4);
  const isFailed = (id: number | undefined): boolean => id !== undefined && outcomeCode[id] === Outcome.fail;
  // An info transaction whose append some read shows did happen: its other appends count as ok ones.
  const happened = new Uint8Array(txns.length);
  for (let id = 0; id < txns.length; id++) if (outcomeCode[id] === Outcome.ok) happened[id] = 1;
  for (const state of keys) {
    for (const element of state.longest) {
      const writer = state.writers.get(element);
      if (writer !== undefined && outcomeCode[writer] === Outcome.info) happened[writer] = 1;
    }
  }
  // Pass 2: per key, the version order and every edge it gives.
  keys.forEach((state, k) => {
    const name = keyName(k);
    const { longest, writers } = state;
    let hasFailed = false;
    for (const writer of writers.values()) if (isFailed(writer)) hasFailed = true;
    const position = new Map<unknown, number>();
    const reportDuplicates = (reader: number, list: unknown[]): void =>
      log.add({ type: 'duplicate-elements', key: name, txns: [reader], explanation: `T read ${name} = ${showValue(list)}, which holds an element more than once` });
    let duplicated = false;
    longest.forEach((element, i) => {
      if (position.has(element)) duplicated = true;
      else position.set(element, i);
    });
    // Every other read is a prefix of the longest (else incompatible, checked on its own below).
    if (duplicated) reportDuplicates(state.readTxns[state.readLists.indexOf(longest)]!, longest);
    state.position = position;
    // Writers of the version order, in order; garbage and aborted elements are anomalies.
    let lastGood = -1;
    let sawFailed: number | undefined;
    for (let i = 0; i < longest.length; i++) {
      const writer = writers.get(longest[i]);
      if (writer === undefined) {
        log.add({ type: 'garbage-read', key: name, txns: [], explanation: `${name} was read holding ${showValue(longest[i])}, which no transaction appended` });
        continue;
      }
      if (isFailed(writer)) {
        sawFailed ??= writer;
        continue;
      }
      if (sawFailed !== undefined) {
        log.add({ type: 'dirty-update', key: name, txns: [sawFailed, writer], explanation: `${name}'s version order ${showValue(longest)} has T's append of ${showValue(longest[i])} after an append of a failed transaction` });
        sawFailed = undefined;
      }
      if (lastGood !== -1 && lastGood !== writer) edges.add(lastGood, writer, Rel.ww);
      lastGood = writer;
    }
    const unobserved: number[] = [];
    for (const [value, writer] of writers) {
      if (position.has(value) || happened[writer] === 0) continue;
      unobserved.push(writer);
      if (lastGood !== -1 && lastGood !== writer) edges.add(lastGood, writer, Rel.ww);
    }
    state.unobserved = unobserved;
    // Reads: prefix of the order, wr from the writer of its last element, rw to the writer of the next.
    const lostUpdateBy = new Map<number, number[]>();
    let incompatibleReported = false;
    for (let r = 0; r < state.readTxns.length; r++) {
      const reader = state.readTxns[r]!;
      const list = state.readLists[r]!;
      if (!isPrefix(list, longest)) {
        if (new Set(list).size !== list.length) reportDuplicates(reader, list);
        if (!incompatibleReported) {
          const other = state.readTxns[state.readLists.indexOf(longest)]!;
          log.add({ type: 'incompatible-order', key: name, txns: [reader, other], explanation: `${name} was read as ${showValue(list)} and as ${showValue(longest)}: neither is a prefix of the other` });
          incompatibleReported = true;
        }
        continue;
      }
      let readerAppends = false;
      for (let op = opStart[reader]!; op < opEnd[reader]!; op++) if (opKind[op] === Kind.append && opKey[op] === k) readerAppends = true;
      // Only a key with failed appends can show an aborted read; only a reader that appends can read its future.
      if (hasFailed || (readerAppends && state.readExternal[r]))
        for (const element of list) {
        const writer = writers.get(element);
        if (writer === undefined) continue;
        if (isFailed(writer)) {
          log.add({ type: 'G1a', key: name, txns: [reader, writer], explanation: `T read ${name} = ${showValue(list)}, including ${showValue(element)} appended by a transaction that failed` });
        } else if (writer === reader && state.readExternal[r]) {
          log.add({ type: 'future-read', key: name, txns: [reader], explanation: `T read ${name} = ${showValue(list)}, including its own append of ${showValue(element)} that comes later in the transaction` });
        }
      }
      if (!state.readExternal[r]) continue;
      const length = list.length;
      if (length > 0) {
        const lastElement = list[length - 1];
        const writer = writers.get(lastElement);
        if (writer !== undefined && !isFailed(writer) && writer !== reader) {
          edges.add(writer, reader, Rel.wr);
          if (state.intermediate?.has(lastElement) === true) {
            log.add({ type: 'G1b', key: name, txns: [reader, writer], explanation: `T read ${name} = ${showValue(list)}, ending in ${showValue(lastElement)}, which its writer followed with another append to ${name} in the same transaction: an intermediate state` });
          }
        }
      }
      if (length < longest.length) {
        const writer = writers.get(longest[length]);
        if (writer !== undefined && !isFailed(writer) && writer !== reader) edges.add(reader, writer, Rel.rw);
      } else {
        for (const writer of unobserved) if (writer !== reader) edges.add(reader, writer, Rel.rw);
      }
      if (readerAppends) {
        const group = lostUpdateBy.get(length) ?? [];
        if (!group.includes(reader)) group.push(reader);
        lostUpdateBy.set(length, group);
      }
    }
    for (const [length, group] of lostUpdateBy) {
      if (group.length < 2) continue;
      log.add({ type: 'lost-update', key: name, txns: group, explanation: `${group.length} transactions read the same version of ${name} (${showValue(longest.slice(0, length))}) and each appended to it` });
    }
  });

  const explainEdge = (from: number, to: number, rel: number, nameOf: (txn: number) => string): string => {
    const a = txns.at(from);
    const b = txns.at(to);
    const aOps = opsOf(history, a);
    const touched = new Set(aOps.map((micro) => micro.key));
    for (const k of new Set(opsOf(history, b).map((micro) => micro.key))) {
      if (!touched.has(k)) continue;
      const state = keys[k]!;
      const name = keyName(k);
      const appendsOf = (txn: Txn): unknown[] => opsOf(history, txn).filter((m) => m.kind === 'append' && m.key === k).map((m) => m.value);
      const externalRead = (txn: Txn): unknown[] | undefined => {
        const first = opsOf(history, txn).find((m) => m.key === k);
        return first?.kind === 'r' && Array.isArray(first.value) ? (first.value as unknown[]) : undefined;
      };
      if (rel === Rel.ww) {
        for (const value of appendsOf(b)) {
          const at = state.position!.get(value);
          const mine = appendsOf(a);
          if (at === undefined) {
            if (mine.length > 0) return `${nameOf(to)} appended ${showValue(value)} to ${name}, never read, so after every version read, which include ${nameOf(from)}'s append of ${showValue(mine[mine.length - 1])}`;
            continue;
          }
          for (let i = at - 1; i >= 0; i--) {
            if (state.writers.get(state.longest[i]) === from) return `${nameOf(to)} appended ${showValue(value)} to ${name} after ${nameOf(from)} appended ${showValue(state.longest[i])}`;
          }
        }
      } else if (rel === Rel.wr) {
        const read = externalRead(b);
        if (read !== undefined && read.length > 0 && state.writers.get(read[read.length - 1]) === from) {
          return `${nameOf(to)} read ${name} = ${showValue(read)}, which ends with ${nameOf(from)}'s append of ${showValue(read[read.length - 1])}`;
        }
      } else if (rel === Rel.rw) {
        const read = externalRead(a);
        if (read === undefined) continue;
        const next = state.longest[read.length];
        if (next !== undefined && state.writers.get(next) === to) return `${nameOf(from)} read ${name} = ${showValue(read)}, which does not include ${nameOf(to)}'s append of ${showValue(next)}, the next element`;
        if (read.length === state.longest.length && state.unobserved!.includes(to)) {
          return `${nameOf(from)} read ${name} = ${showValue(read)}, its longest version, which does not include ${nameOf(to)}'s append of ${showValue(appendsOf(b)[0])}`;
        }
      }
    }
    return `${nameOf(from)} ${relWord(rel)} ${nameOf(to)}`;
  };
  return { edges, anomalies: log.anomalies, explainEdge };
}

function relWord(rel: number): string {
  return rel === Rel.ww ? 'was overwritten by' : rel === Rel.wr ? 'was read by' : 'was not seen by';
}

function touchesAKeyTwice(keys: Int32Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) for (let j = start; j < i; j++) if (keys[i] === keys[j]) return true;
  return false;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isPrefix(prefix: readonly unknown[], list: readonly unknown[]): boolean {
  if (prefix.length > list.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== list[i]) return false;
  return true;
}

function endsWith(list: readonly unknown[], suffix: readonly unknown[]): boolean {
  if (suffix.length > list.length) return false;
  const offset = list.length - suffix.length;
  return suffix.every((x, i) => list[offset + i] === x);
}
