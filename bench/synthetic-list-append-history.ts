/**
 * A seeded synthetic list-append history for the transactional checker's scale figure, in the
 * shape of Jepsen's list-append workload: `clients` clients run transactions of 1-4 micro-ops
 * (append or read) over `activeKeys` active keys chosen with a Zipf distribution; a key retires
 * after `appendsPerKeyMax` appends and a fresh key takes its slot. Each transaction takes effect
 * at one moment between its invoke and its completion against a serializable store, so the
 * history is strict serializable; a few end in info (taking effect or not).
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { HistoryEvent } from '../harness/event.js';

export interface SyntheticListAppendOptions {
  txns: number;
  clients: number;
  activeKeys: number;
  appendsPerKeyMax: number;
  seed: number;
  /** Zipf exponent over the active key slots. */
  zipfExponent?: number;
}

type Micro = [string, number, unknown];

export function syntheticListAppendHistory(options: SyntheticListAppendOptions): HistoryEvent[] {
  const random = xoroshiro128plus(options.seed);
  const below = (n: number): number => (random.next() >>> 0) % n;
  const unit = (): number => (random.next() >>> 0) / 2 ** 32;
  // Zipf over slots: cumulative weights, sampled by binary search.
  const exponent = options.zipfExponent ?? 1;
  const cumulative = new Float64Array(options.activeKeys);
  let total = 0;
  for (let i = 0; i < options.activeKeys; i++) cumulative[i] = total += 1 / (i + 1) ** exponent;
  const zipfSlot = (): number => {
    const target = unit() * total;
    let low = 0;
    let high = options.activeKeys - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const slotKey = Array.from({ length: options.activeKeys }, (_, i) => i);
  const reserved = new Map<number, number>(); // appends handed out per active key
  let nextKey = options.activeKeys;
  let nextValue = 1;
  const lists = new Map<number, number[]>();
  const events: HistoryEvent[] = [];
  const emit = (process: number, type: HistoryEvent['type'], value: Micro[]): void => {
    events.push({ index: events.length, timeNs: events.length * 1000, process, type, f: 'txn', value });
  };
  interface Pending {
    process: number;
    ops: Micro[];
    applied: boolean;
    info: boolean;
  }
  const pending: (Pending | undefined)[] = new Array(options.clients).fill(undefined);
  const processOf = Array.from({ length: options.clients }, (_, client) => client);
  let nextProcess = options.clients;
  let invoked = 0;
  let busy = 0;
  while (invoked < options.txns || busy > 0) {
    const client = below(options.clients);
    const txn = pending[client];
    if (txn === undefined) {
      if (invoked >= options.txns) continue;
      const length = 1 + below(4);
      const ops: Micro[] = [];
      for (let i = 0; i < length; i++) {
        const slot = zipfSlot();
        const key = slotKey[slot]!;
        if (below(2) === 0) {
          ops.push(['r', key, null]);
          continue;
        }
        ops.push(['append', key, nextValue++]);
        const count = (reserved.get(key) ?? 0) + 1;
        reserved.set(key, count);
        if (count >= options.appendsPerKeyMax) {
          reserved.delete(key);
          slotKey[slot] = nextKey++; // retired: no more appends
        }
      }
      emit(processOf[client]!, 'invoke', ops.map((micro) => [...micro] as Micro));
      pending[client] = { process: processOf[client]!, ops, applied: false, info: below(1000) === 0 };
      invoked++;
      busy++;
    } else if (!txn.applied) {
      const takesEffect = !(txn.info && below(2) === 0);
      for (const micro of txn.ops) {
        let list = lists.get(micro[1]);
        if (micro[0] === 'r') micro[2] = list === undefined ? [] : list.slice();
        else if (takesEffect) {
          if (list === undefined) lists.set(micro[1], (list = []));
          list.push(micro[2] as number);
        }
      }
      txn.applied = true;
    } else {
      if (txn.info) {
        emit(txn.process, 'info', txn.ops.map(([f, k, v]) => [f, k, f === 'r' ? null : v]));
        processOf[client] = nextProcess++;
      } else {
        emit(txn.process, 'ok', txn.ops);
      }
      pending[client] = undefined;
      busy--;
    }
  }
  return events;
}
