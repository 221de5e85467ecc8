/**
 * The keys and micro-ops of the transactional workloads (list-append, rw-register), as Jepsen's
 * `jepsen.tests.cycle` generators make them: transactions of 1-4 micro-ops over a small set of
 * active keys chosen Zipf-distributed (a few hot keys give the contention that exposes
 * isolation bugs), a key retiring after a bounded number of writes (Jepsen's
 * max-writes-per-key, so that reads stay short and the checker's version orders small), and a
 * final read of every key that was used.
 *
 * Determinism: each client slot (process id modulo concurrency: a replaced process keeps its
 * slot) keeps its own state and draws from its own seeded stream, so a seed gives every slot the
 * same transactions whatever the interleaving. A slot writes a key at most
 * floor(maxWritesPerKey / concurrency) times, so all slots together write it at most
 * maxWritesPerKey times. Active position p holds the keys p, p + A, p + 2A, ... (A active
 * positions) in turn, so the slots move through the same keys and contend on them.
 */
import type { Op } from '../harness/interfaces.js';
import type { TestSpec } from '../harness/spec.js';

export interface TxnKeysConfig {
  /** Keys in use at a time (Jepsen's key-count). */
  activeKeyCount: number;
  /** Writes (appends / register writes) a key gets over all clients before it retires. */
  maxWritesPerKey: number;
  /** Micro-ops per transaction, 1..this. */
  microOpsMax: number;
  /** Zipf exponent of the choice among the active keys (0: uniform). */
  zipfExponent: number;
  /** Keys read per final transaction. */
  finalReadKeysPerTxn: number;
}

export const txnKeysDefaults: TxnKeysConfig = { activeKeyCount: 8, maxWritesPerKey: 32, microOpsMax: 4, zipfExponent: 1, finalReadKeysPerTxn: 64 };

/** A micro-op as the history holds it: [f, key, value]; a read's value is null until completed. */
export type MicroOpValue = [f: string, key: number, value: unknown];

interface SlotState {
  /** Generation of each active position: position p holds key p + activeKeyCount * generation. */
  generation: number[];
  /** Writes this slot made to each position's current key. */
  writes: number[];
  /** Values this slot wrote so far (its values are slot + concurrency * n + 1: unique over slots). */
  written: number;
}

/** The micro-op kinds of one datatype: a read and a write (list-append: append; rw-register: w). */
export interface TxnDatatype {
  writeF: 'append' | 'w';
}

/** One run's keys: the slots' states, kept by the run's spec object (the one the run loop hands out). */
export class TxnKeys {
  private readonly slots = new Map<number, SlotState>();
  private readonly cumulative: number[];

  constructor(private readonly config: TxnKeysConfig) {
    const weights = Array.from({ length: config.activeKeyCount }, (_, i) => 1 / (i + 1) ** config.zipfExponent);
    const total = weights.reduce((a, b) => a + b, 0);
    let sum = 0;
    this.cumulative = weights.map((w) => (sum += w / total));
  }

  /** Writes one slot may make to one key. */
  quotaPerSlot(concurrency: number): number {
    return Math.max(1, Math.floor(this.config.maxWritesPerKey / concurrency));
  }

  nextTxn(spec: TestSpec, rng: () => number, processId: number, datatype: TxnDatatype): Op {
    const slot = processId % spec.concurrency;
    let state = this.slots.get(slot);
    if (state === undefined) {
      state = { generation: new Array<number>(this.config.activeKeyCount).fill(0), writes: new Array<number>(this.config.activeKeyCount).fill(0), written: 0 };
      this.slots.set(slot, state);
    }
    const length = 1 + Math.floor(rng() * this.config.microOpsMax);
    const value: MicroOpValue[] = [];
    for (let i = 0; i < length; i++) {
      const position = this.zipfPosition(rng());
      const key = position + this.config.activeKeyCount * state.generation[position]!;
      if (rng() < 0.5) {
        value.push(['r', key, null]);
        continue;
      }
      value.push([datatype.writeF, key, slot + spec.concurrency * state.written++ + 1]);
      if (++state.writes[position]! >= this.quotaPerSlot(spec.concurrency)) {
        state.generation[position]!++; // retired for this slot: the position's next key
        state.writes[position] = 0;
      }
    }
    return { f: 'txn', value };
  }

  /** Every key any slot used, in order. */
  usedKeys(): number[] {
    const keys = new Set<number>();
    for (const state of this.slots.values()) {
      state.generation.forEach((generation, position) => {
        for (let g = 0; g <= generation; g++) keys.add(position + this.config.activeKeyCount * g);
      });
    }
    // A run whose operations came from elsewhere (a replay) read the first keys at least.
    if (keys.size === 0) for (let p = 0; p < this.config.activeKeyCount; p++) keys.add(p);
    return [...keys].sort((a, b) => a - b);
  }

  /** Final reads: every used key, finalReadKeysPerTxn to a transaction. */
  finalTxns(): Op[] {
    const keys = this.usedKeys();
    const ops: Op[] = [];
    for (let i = 0; i < keys.length; i += this.config.finalReadKeysPerTxn) {
      ops.push({ f: 'txn', value: keys.slice(i, i + this.config.finalReadKeysPerTxn).map((key): MicroOpValue => ['r', key, null]) });
    }
    return ops;
  }

  private zipfPosition(u: number): number {
    const i = this.cumulative.findIndex((c) => u < c);
    return i < 0 ? this.cumulative.length - 1 : i;
  }
}

/** The defaults with what the test gave (--key-count, --max-txn-length, --max-writes-per-key: spec.txnKeys). */
export function txnKeysConfigOf(spec: TestSpec): TxnKeysConfig {
  const given = spec.txnKeys ?? {};
  return {
    ...txnKeysDefaults,
    ...(given.keyCount === undefined ? {} : { activeKeyCount: given.keyCount }),
    ...(given.maxTxnLength === undefined ? {} : { microOpsMax: given.maxTxnLength }),
    ...(given.maxWritesPerKey === undefined ? {} : { maxWritesPerKey: given.maxWritesPerKey }),
  };
}

/** The run's TxnKeys, made on first use: one per spec object, so runs in one process do not share keys. */
export function txnKeysOf(runs: WeakMap<TestSpec, TxnKeys>, spec: TestSpec): TxnKeys {
  let keys = runs.get(spec);
  if (keys === undefined) {
    keys = new TxnKeys(txnKeysConfigOf(spec));
    runs.set(spec, keys);
  }
  return keys;
}
