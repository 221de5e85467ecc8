/**
 * Elle's rw-register inference. Written values are unique per key, so a read names its writer
 * (wr). The version order is only partly known, from what can be inferred soundly: nil (never
 * written) comes before every version, so a reader of nil rw-precedes every writer that
 * happened; and a transaction that read v and then wrote w installed w right after v (writes
 * follow reads), so v's writer ww-precedes it and every other reader of v rw-precedes it.
 * Without a cycle: G1a, G1b, internal, future-read, lost-update, garbage-read.
 */
import { BadInputError } from '../../harness/exit-codes.js';
import { EdgeList, Rel } from './graph.js';
import { AnomalyLog, type Inference } from './inference.js';
import { opsOf, showValue, type Txn, type TxnHistory } from './txn.js';

interface KeyState {
  writers: Map<unknown, number>;
  intermediate?: Set<unknown>;
  /** Value read externally (null: nil) -> ok readers. */
  readers: Map<unknown, number[]>;
  /** Txns that read v externally and then wrote the key: [txn, v]. */
  readThenWrote: [number, unknown][];
}

export function inferRwRegister(history: TxnHistory): Inference {
  const { txns, keyNames } = history;
  const log = new AnomalyLog();
  const keys: KeyState[] = keyNames.map(() => ({ writers: new Map(), readers: new Map(), readThenWrote: [] }));
  const keyName = (k: number): string => keyNames[k]!;
  const externalReads: Map<number, unknown>[] = [];

  for (const txn of txns) {
    const known = new Map<number, { value: unknown; wrote: boolean; lastWrite: unknown }>();
    const external = new Map<number, unknown>();
    for (const micro of opsOf(history, txn)) {
      const state = keys[micro.key]!;
      const mine = known.get(micro.key);
      if (micro.kind === 'w') {
        const previous = state.writers.get(micro.value);
        if (previous !== undefined) {
          throw new BadInputError(
            `value ${showValue(micro.value)} is written to ${keyName(micro.key)} twice (also by the txn on line ${txns.at(previous).invokeLine ?? '?'}): rw-register needs unique written values per key`,
            history.fileName,
            txn.invokeLine,
          );
        }
        state.writers.set(micro.value, txn.id);
        if (mine?.wrote === true) (state.intermediate ??= new Set()).add(mine.lastWrite);
        if (mine === undefined) known.set(micro.key, { value: micro.value, wrote: true, lastWrite: micro.value });
        else Object.assign(mine, { value: micro.value, wrote: true, lastWrite: micro.value });
        continue;
      }
      if (txn.outcome !== 'ok' || micro.value === undefined) continue;
      if (mine !== undefined) {
        if (micro.value !== mine.value) {
          log.add({ type: 'internal', key: keyName(micro.key), txns: [txn.id], explanation: `T read ${keyName(micro.key)} = ${showValue(micro.value)} after its own earlier operations left it ${showValue(mine.value)}` });
        }
        continue;
      }
      known.set(micro.key, { value: micro.value, wrote: false, lastWrite: undefined });
      external.set(micro.key, micro.value);
      const readers = state.readers.get(micro.value) ?? [];
      readers.push(txn.id);
      state.readers.set(micro.value, readers);
    }
    for (const [k, read] of external) {
      const mine = known.get(k)!;
      if (mine.wrote) keys[k]!.readThenWrote.push([txn.id, read]);
    }
    externalReads.push(external);
  }

  // About one edge per micro-op each way, plus process and realtime edges per txn.
  const edges = new EdgeList(history.ops.kind.length * 2 + txns.length * 4);
  const happened = (id: number): boolean => txns.at(id).outcome !== 'fail';
  // An info write happened if someone read one of its transaction's writes.
  const seenHappen = new Uint8Array(txns.length);
  for (const txn of txns) if (txn.outcome === 'ok') seenHappen[txn.id] = 1;
  for (const state of keys) {
    for (const value of state.readers.keys()) {
      const writer = state.writers.get(value);
      if (writer !== undefined && txns.at(writer).outcome === 'info') seenHappen[writer] = 1;
    }
  }
  keys.forEach((state, k) => {
    const name = keyName(k);
    const observed = (writer: number): boolean => seenHappen[writer] === 1;
    for (const [value, readers] of state.readers) {
      if (value === null) {
        // nil comes before every version that happened.
        for (const [, writer] of state.writers) {
          if (!happened(writer) || !observed(writer)) continue;
          for (const reader of readers) if (reader !== writer) edges.add(reader, writer, Rel.rw);
        }
        continue;
      }
      const writer = state.writers.get(value);
      for (const reader of readers) {
        if (writer === undefined) {
          log.add({ type: 'garbage-read', key: name, txns: [reader], explanation: `T read ${name} = ${showValue(value)}, which no transaction wrote` });
        } else if (!happened(writer)) {
          log.add({ type: 'G1a', key: name, txns: [reader, writer], explanation: `T read ${name} = ${showValue(value)}, written by a transaction that failed` });
        } else if (writer === reader) {
          log.add({ type: 'future-read', key: name, txns: [reader], explanation: `T read ${name} = ${showValue(value)}, its own write that comes later in the transaction` });
        } else {
          edges.add(writer, reader, Rel.wr);
          if (state.intermediate?.has(value) === true) {
            log.add({ type: 'G1b', key: name, txns: [reader, writer], explanation: `T read ${name} = ${showValue(value)}, which its writer overwrote later in the same transaction: an intermediate state` });
          }
        }
      }
    }
    const byRead = new Map<unknown, number[]>();
    for (const [txn, read] of state.readThenWrote) {
      byRead.set(read, [...(byRead.get(read) ?? []), txn]);
      if (read === null) continue;
      const previousWriter = state.writers.get(read);
      if (previousWriter !== undefined && happened(previousWriter) && previousWriter !== txn) edges.add(previousWriter, txn, Rel.ww);
      for (const other of state.readers.get(read) ?? []) if (other !== txn) edges.add(other, txn, Rel.rw);
    }
    for (const [read, group] of byRead) {
      if (group.length >= 2) log.add({ type: 'lost-update', key: name, txns: group, explanation: `${group.length} transactions read ${name} = ${showValue(read)} and each wrote ${name}` });
    }
  });

  const explainEdge = (from: number, to: number, rel: number, nameOf: (txn: number) => string): string => {
    const a = txns.at(from);
    const b = txns.at(to);
    const aOps = opsOf(history, a);
    const bOps = opsOf(history, b);
    const writes = (txn: Txn, k: number): unknown[] => opsOf(history, txn).filter((m) => m.kind === 'w' && m.key === k).map((m) => m.value);
    for (const k of new Set(bOps.map((m) => m.key))) {
      if (!aOps.some((m) => m.key === k)) continue;
      const name = keyName(k);
      const readA = externalReads[from]!.get(k);
      const readB = externalReads[to]!.get(k);
      const written = writes(b, k);
      if (rel === Rel.wr && readB !== undefined && readB !== null && keys[k]!.writers.get(readB) === from) return `${nameOf(to)} read ${name} = ${showValue(readB)}, written by ${nameOf(from)}`;
      if (rel === Rel.ww && readB !== undefined && readB !== null && keys[k]!.writers.get(readB) === from && written.length > 0) {
        return `${nameOf(to)} read ${name} = ${showValue(readB)}, written by ${nameOf(from)}, and then overwrote it with ${showValue(written[written.length - 1])}`;
      }
      if (rel === Rel.rw && readA !== undefined && written.length > 0) {
        if (readA === null) return `${nameOf(from)} read ${name} = nil, so it ran before ${nameOf(to)} wrote ${name} = ${showValue(written[written.length - 1])}`;
        if (readB === readA) return `${nameOf(from)} read ${name} = ${showValue(readA)}, which ${nameOf(to)} overwrote with ${showValue(written[written.length - 1])} right after reading it`;
      }
    }
    return `${nameOf(from)} precedes ${nameOf(to)}`;
  };
  return { edges, anomalies: log.anomalies, explainEdge };
}
